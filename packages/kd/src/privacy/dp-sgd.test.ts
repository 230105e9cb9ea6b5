import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { buildClassifier } from '../models.ts';
import { mulberry32, normalSampler } from '../random.ts';
import { trainClassifier } from '../train.ts';
import { globalNorm, type GradientHook } from '../training/gradients.ts';
import { dpSgdEpsilon, dpSgdHook } from './dp-sgd.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

const random = mulberry32(4);
const count = 32;
// Two classes on either side of a plane: easy to learn, even with noise.
const x = Float32Array.from({ length: count * 4 }, () => random() * 2 - 1);
const examples = { x, count, inputShape: [4], labels: Int32Array.from({ length: count }, (_, i) => (x[i * 4]! + x[i * 4 + 1]! > 0 ? 1 : 0)) };
const options = { numClasses: 2, epochs: 2, batchSize: 8, learningRate: 0.05, seed: 1 };
const build = () => buildClassifier({ kind: 'mlp', hidden: [6] }, [4], 2, 1);
const zeros = (n: number) => new Float32Array(n);
const seededNormal = (seed: number) => {
  const normal = normalSampler(mulberry32(seed));
  return (n: number) => Float32Array.from({ length: n }, normal);
};

describe('DP-SGD', () => {
  it('without noise and with a loose clip, applies the batch gradient; with a tight clip, no more than C', async () => {
    const loose = dpSgdHook({ clipNorm: 1e6, noiseMultiplier: 1, gaussian: zeros });
    const tight = dpSgdHook({ clipNorm: 1e-3, noiseMultiplier: 1, gaussian: zeros });
    let steps = 0;
    const check: GradientHook = (grads, context) => {
      const same = loose(grads, context);
      for (const name of Object.keys(grads)) expect(tf.max(tf.abs(tf.sub(same[name]!, grads[name]!))).dataSync()[0]).toBeLessThan(1e-5);
      expect(globalNorm(tight(grads, context)).dataSync()[0]).toBeLessThanOrEqual(1e-3 * (1 + 1e-5));
      steps++;
      return grads;
    };
    const model = build();
    const withModel = tf.memory().numTensors;
    await trainClassifier(model, examples, { ...options, gradientHook: check });
    expect(steps).toBe(8);
    expect(tf.memory().numTensors).toBe(withModel);
    model.dispose();
  });

  it('adds noise of std σ·C/B per coordinate', () => {
    tf.tidy(() => {
      const grads = { w: tf.zeros([4000]) };
      const context = { rows: Int32Array.of(0, 1, 2, 3), gradientsOf: () => ({ w: tf.zeros([4000]) }) } as unknown as Parameters<GradientHook>[1];
      const noisy = dpSgdHook({ clipNorm: 2, noiseMultiplier: 1.5, gaussian: seededNormal(1) })(grads, context).w!;
      const std = Math.sqrt(tf.mean(tf.square(noisy)).dataSync()[0]!);
      expect(std).toBeGreaterThan(0.75 * 0.95);
      expect(std).toBeLessThan(0.75 * 1.05);
    });
  });

  it('still trains: the loss falls under clipping and noise', async () => {
    const model = build();
    const reports = await trainClassifier(model, examples, { ...options, epochs: 20, gradientHook: dpSgdHook({ clipNorm: 1, noiseMultiplier: 0.5, gaussian: seededNormal(2) }) });
    expect(reports.at(-1)!.loss).toBeLessThan(reports[0]!.loss);
    model.dispose();
  });

  it('accounts ε as the published DP-SGD figures do', () => {
    // MNIST, batches of 256, σ = 1.1, 60 epochs, δ = 1e-5 (improved conversion; 3.01 with the classic one).
    expect(dpSgdEpsilon(256 / 60000, 1.1, Math.ceil((60 * 60000) / 256), 1e-5).epsilon).toBeCloseTo(2.596656, 5);
  });
});
