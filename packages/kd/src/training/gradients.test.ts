import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { buildClassifier } from '../models.ts';
import { mulberry32 } from '../random.ts';
import { trainClassifier } from '../train.ts';
import { clipByGlobalNorm, globalNorm, type GradientHook } from './gradients.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

const random = mulberry32(3);
const count = 24;
const examples = {
  x: Float32Array.from({ length: count * 4 }, () => random() * 2 - 1),
  count,
  inputShape: [4],
  labels: Int32Array.from({ length: count }, (_, i) => i % 3),
};
const options = { numClasses: 3, epochs: 2, batchSize: 8, learningRate: 0.05, seed: 1 };
const build = () => buildClassifier({ kind: 'mlp', hidden: [5] }, [4], 3, 1);
const weightsOf = (model: tf.LayersModel) => model.weights.map((w) => Array.from(w.read().dataSync()));

describe('clipByGlobalNorm', () => {
  it('scales gradients of norm 5 down to norm 1, and leaves smaller ones alone', () => {
    tf.tidy(() => {
      const grads = { a: tf.tensor1d([3]), b: tf.tensor1d([4]) };
      expect(globalNorm(grads).dataSync()[0]).toBeCloseTo(5, 6);
      const context = {} as Parameters<GradientHook>[1];
      const clipped = clipByGlobalNorm(1)(grads, context);
      expect([clipped.a!.dataSync()[0], clipped.b!.dataSync()[0]]).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
      const kept = clipByGlobalNorm(10)(grads, context);
      expect([kept.a!.dataSync()[0], kept.b!.dataSync()[0]]).toEqual([expect.closeTo(3, 6), expect.closeTo(4, 6)]);
    });
  });
});

describe('the gradient hook', () => {
  it('is what the optimizer applies: a hook that zeroes every gradient leaves the model as it was', async () => {
    const model = build();
    const initial = weightsOf(model);
    const zero: GradientHook = (grads) => Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.zerosLike(g)]));
    await trainClassifier(model, examples, { ...options, optimizer: { kind: 'sgd', weightDecay: 0, momentum: 0, nesterov: false }, gradientHook: zero });
    expect(weightsOf(model)).toEqual(initial);
    model.dispose();
  });

  it('can take per-example gradients whose mean is the batch gradient (what DP-SGD clips and noises), leaking nothing', async () => {
    const model = build();
    const before = tf.memory().numTensors;
    let checked = 0;
    const perExample: GradientHook = (grads, context) => {
      const rows = Array.from(context.rows, (row) => context.gradientsOf(Int32Array.of(row)));
      for (const name of Object.keys(grads)) {
        const mean = tf.div(tf.addN(rows.map((g) => g[name]!)), rows.length);
        const difference = tf.max(tf.abs(tf.sub(mean, grads[name]!))).dataSync()[0]!;
        expect(difference).toBeLessThan(1e-5);
      }
      checked++;
      return grads;
    };
    const withModel = tf.memory().numTensors;
    await trainClassifier(model, examples, { ...options, gradientHook: perExample });
    expect(checked).toBe(options.epochs * Math.ceil(count / options.batchSize));
    expect(tf.memory().numTensors).toBe(withModel);
    model.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('clipping slows training without stopping it: the loss still falls', async () => {
    const model = build();
    const reports = await trainClassifier(model, examples, { ...options, epochs: 6, gradientHook: clipByGlobalNorm(0.5) });
    expect(reports.at(-1)!.loss).toBeLessThan(reports[0]!.loss);
    model.dispose();
  });
});
