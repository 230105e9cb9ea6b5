import * as tf from '@tensorflow/tfjs';
import { architectureCost, architectureLayers, type TransformerArchitecture } from '@distillery/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend/select-backend.ts';
import type { Examples } from './tasks/classification/examples.ts';
import { describeLayers, layerOutputModel } from './teachers/layers.ts';
import { buildClassifier, countParameters } from './models.ts';
import { mulberry32 } from './random.ts';
import { trainClassifier } from './train.ts';

const LENGTH = 6;
const FEATURES = 3;

/** Sequences [6, 3] whose class is the row holding the bright value (first half 0, second half 1), with noise. */
function sequences(count: number, seed: number): Examples {
  const random = mulberry32(seed);
  const size = LENGTH * FEATURES;
  const x = new Float32Array(count * size);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const row = Math.floor(random() * LENGTH);
    labels[i] = row < LENGTH / 2 ? 0 : 1;
    for (let p = 0; p < size; p++) x[i * size + p] = 0.2 * random();
    x[i * size + row * FEATURES + 1]! += 1;
  }
  return { x, count, inputShape: [LENGTH, FEATURES], labels };
}

const small: TransformerArchitecture = { kind: 'transformer', layers: 2, heads: 2, dim: 8 };

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('transformer classifier', () => {
  it.each<[string, TransformerArchitecture, number[]]>([
    ['sequence', small, [LENGTH, FEATURES]],
    ['image rows, with dropout', { ...small, dropout: 0.1, mlpDim: 12 }, [4, 4, 2]],
    ['image patches', { kind: 'transformer', layers: 1, heads: 4, dim: 16, patch: 2 }, [4, 6, 3]],
  ])('builds the layers and parameters the contracts describe: %s', (_name, architecture, inputShape) => {
    const model = buildClassifier(architecture, inputShape, 5, 1);
    try {
      expect(countParameters(model)).toBe(architectureCost(architecture, inputShape, 5).parameters);
      const built = new Map(describeLayers(model).map((l) => [l.name, l.shape]));
      for (const layer of architectureLayers(architecture, inputShape, 5)) expect([layer.name, built.get(layer.name)]).toEqual([layer.name, layer.shape]);
    } finally {
      model.dispose();
    }
  });

  it('cuts image patches row by row, each patch one token', () => {
    // A 4x4x1 image of 0..15 with 2x2 patches: token 0 is rows 0-1, columns 0-1.
    const model = buildClassifier({ kind: 'transformer', layers: 1, heads: 1, dim: 8, patch: 2 }, [4, 4, 1], 2, 1);
    const view = layerOutputModel(model, ['patches'], 'student');
    const out = tf.tidy(() => (view.predict(tf.range(0, 16).reshape([1, 4, 4, 1])) as tf.Tensor).arraySync());
    model.dispose();
    expect(out).toEqual([[[0, 1, 4, 5], [2, 3, 6, 7], [8, 9, 12, 13], [10, 11, 14, 15]]]);
  });

  it('refuses dim not divisible by heads, and a patch that does not divide the image', () => {
    expect(() => buildClassifier({ ...small, dim: 10, heads: 4 }, [LENGTH, FEATURES], 2, 1)).toThrow(/dim 10 must be divisible by heads 4/);
    expect(() => buildClassifier({ ...small, patch: 3 }, [4, 4, 1], 2, 1)).toThrow(/patch 3 must divide/);
    expect(tf.memory().numTensors).toBe(0);
  });

  it('trains on a sequence problem without leaking tensors, and its attention rows sum to 1', async () => {
    const before = tf.memory().numTensors;
    const model = buildClassifier(small, [LENGTH, FEATURES], 2, 3);
    const examples = sequences(96, 2);
    const report = await trainClassifier(model, examples, { numClasses: 2, epochs: 6, batchSize: 16, learningRate: 0.01, seed: 1 });
    const losses = report.map((r) => r.loss);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);

    const view = layerOutputModel(model, ['block1/attention', 'block2/attention'], 'student');
    const sums = tf.tidy(() => {
      const x = tf.tensor(examples.x.subarray(0, 4 * LENGTH * FEATURES), [4, LENGTH, FEATURES]);
      return (view.predict(x) as tf.Tensor[]).map((p) => {
        expect(p.shape).toEqual([4, 2, LENGTH, LENGTH]);
        return tf.sum(p, -1).dataSync();
      });
    });
    for (const row of sums.flatMap((s) => Array.from(s))) expect(row).toBeCloseTo(1, 5);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves and reloads with its custom layers, giving the same logits', async () => {
    const model = buildClassifier({ ...small, dropout: 0.1, patch: 2 }, [4, 4, 2], 3, 5);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const [a, b] = tf.tidy(() => {
      const x = tf.randomUniform([3, 4, 4, 2], 0, 1, 'float32', 7);
      return [(model.predict(x) as tf.Tensor).arraySync(), (reloaded.predict(x) as tf.Tensor).arraySync()];
    });
    expect(b).toEqual(a);
    expect(reloaded.getLayer('block2/attention').getClassName()).toBe('DistilleryAttentionScores');
    model.dispose();
    reloaded.dispose();
  });
});
