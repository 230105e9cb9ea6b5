import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend/select-backend.ts';
import { LayerNorm } from './layer-norm.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** The same seeded gamma and beta in both layers, so they must agree exactly up to float error. */
function pair(dim: number) {
  const ours = new LayerNorm({ name: 'ours' });
  const theirs = tf.layers.layerNormalization({ name: 'theirs' });
  ours.build([null, null, dim]);
  theirs.build([null, null, dim]);
  const weights = [tf.randomNormal([dim], 1, 0.3, 'float32', 1), tf.randomNormal([dim], 0, 0.3, 'float32', 2)];
  ours.setWeights(weights);
  theirs.setWeights(weights);
  tf.dispose(weights);
  return { ours, theirs };
}

const maxDifference = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('LayerNorm', () => {
  it("computes what tfjs-layers' LayerNormalization computes, values and gradients", () => {
    const { ours, theirs } = pair(6);
    const x = tf.randomNormal([3, 4, 6], 0.5, 2, 'float32', 3);
    const upstream = tf.randomNormal([3, 4, 6], 0, 1, 'float32', 4);
    const through = (layer: tf.layers.Layer) => {
      const f = () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, upstream)) as tf.Scalar;
      const { value, grads } = tf.variableGrads(f, layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
      const inputGradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, upstream)))(x);
      return { output: layer.apply(x) as tf.Tensor, value, grads: Object.values(grads), inputGradient };
    };
    const a = through(ours);
    const b = through(theirs);
    expect(maxDifference(a.output, b.output)).toBeLessThan(1e-5);
    expect(maxDifference(a.inputGradient, b.inputGradient)).toBeLessThan(1e-5);
    expect(a.grads).toHaveLength(2);
    a.grads.forEach((g, i) => expect(maxDifference(g, b.grads[i]!)).toBeLessThan(1e-5));
    // Undoing the affine part leaves each row with mean 0.
    const row = Array.from(tf.tidy(() => (ours.apply(x) as tf.Tensor).sub(ours.getWeights()[1]!).div(ours.getWeights()[0]!).slice([0, 0, 0], [1, 1, 6]).dataSync()));
    expect(Math.abs(row.reduce((s, v) => s + v, 0) / 6)).toBeLessThan(1e-5);
    tf.dispose([x, upstream, a.output, a.value, ...a.grads, a.inputGradient, b.output, b.value, ...b.grads, b.inputGradient]);
  });

  it('keeps its epsilon and weights through serialization', async () => {
    const input = tf.input({ shape: [2, 3] });
    const model = tf.model({ inputs: input, outputs: new LayerNorm({ name: 'norm', epsilon: 1e-5 }).apply(input) as tf.SymbolicTensor });
    let saved!: tf.io.ModelArtifacts;
    await model.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    const layer = loaded.getLayer('norm') as LayerNorm;
    expect(layer.epsilon).toBe(1e-5);
    expect(saved.weightSpecs?.map((w) => w.name)).toEqual(['norm/gamma', 'norm/beta']);
    expect(layer.getWeights()).toHaveLength(2);
    model.dispose();
    loaded.dispose();
  });
});
