/**
 * Issue 22: the transformer's layer normalization on the wasm backend.
 *
 * tfjs-layers' LayerNormalization tiles gamma, beta, the mean and the
 * variance to the input's shape; Tile's gradient then reads the whole
 * gradient back from the wasm heap once per slice, so a step grows with the
 * square of batch x tokens. kd's LayerNorm broadcasts instead. Both run here
 * on the same model: the one buildClassifier makes, and the same topology and
 * weights with every DistilleryLayerNorm swapped back for tfjs's
 * LayerNormalization (same weight names, same epsilon). The figure is the
 * ratio of their median Adam step times, same batch, ABBA order; their
 * outputs must agree first.
 */
import * as tf from '@tensorflow/tfjs';
import type { TransformerArchitecture } from '@distillery/contracts';
import { buildClassifier, selectBackend } from '@distillery/kd';
import { median, type Benchmark } from './lib/report.ts';

const ARCHITECTURE: TransformerArchitecture = { kind: 'transformer', layers: 2, heads: 4, dim: 32 };
const CLASSES = 4;

/** The same model with tfjs-layers' LayerNormalization in place of kd's LayerNorm. */
async function withTfjsLayerNormalization(model: tf.LayersModel): Promise<tf.LayersModel> {
  const topology = JSON.parse(JSON.stringify(model.toJSON(null, false))) as unknown;
  const swap = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const layer = node as { class_name?: string; config?: Record<string, unknown> };
    if (layer.class_name === 'DistilleryLayerNorm') {
      layer.class_name = 'LayerNormalization';
      layer.config!.axis = -1;
    }
    Object.values(node).forEach(swap);
  };
  swap(topology);
  const swapped = await tf.models.modelFromJSON(topology as tf.io.ModelJSON['modelTopology'] as never);
  swapped.setWeights(model.getWeights());
  return swapped;
}

export default (async ({ quick }) => {
  await selectBackend('wasm');
  const tokens = quick ? 64 : 256;
  const batch = 16;
  const repeats = quick ? 2 : 4;
  const inputShape = [tokens, 8];
  const ours = buildClassifier(ARCHITECTURE, inputShape, CLASSES, 1);
  const theirs = await withTfjsLayerNormalization(ours);
  const x = tf.randomNormal([batch, ...inputShape], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % CLASSES), 'int32'), CLASSES);
  try {
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(ours.predict(x) as tf.Tensor, theirs.predict(x) as tf.Tensor))).dataSync()[0]!);
    if (!(difference < 1e-4)) throw new Error(`the two layer norms disagree by ${difference}`);
    const optimizers = new Map([ours, theirs].map((model) => [model, tf.train.adam(1e-3)]));
    const step = (model: tf.LayersModel) => {
      const started = performance.now();
      const loss = optimizers.get(model)!.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true)!;
      loss.dataSync();
      loss.dispose();
      return (performance.now() - started) / 1000;
    };
    step(ours); // warm-up: kernels, Adam's slots
    step(theirs);
    const times = { ours: [] as number[], tfjs: [] as number[] };
    for (let i = 0; i < repeats; i++) {
      // ABBA: a drift in machine load does not favour one side.
      if (i % 2 === 0) times.ours.push(step(ours)), times.tfjs.push(step(theirs));
      else times.tfjs.push(step(theirs)), times.ours.push(step(ours));
    }
    for (const optimizer of optimizers.values()) optimizer.dispose();
    return [
      {
        group: 'layer-norm',
        name: `transformer step, tfjs LayerNormalization / kd LayerNorm ([${inputShape}] x ${batch}, dim ${ARCHITECTURE.dim}, ${ARCHITECTURE.layers} blocks)`,
        value: median(times.tfjs) / median(times.ours),
        unit: '×',
        target: { op: '>=', value: 2 },
        details: { stepSeconds: times, outputDifference: difference },
      },
    ];
  } finally {
    tf.dispose([x, y]);
    ours.dispose();
    theirs.dispose();
  }
}) satisfies Benchmark;
