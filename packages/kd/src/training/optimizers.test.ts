import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { createOptimizer, type OptimizerSpec } from './optimizers.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

/**
 * Takes `steps` steps on one variable starting at w = 1, with the gradient of
 * loss(w) = slope * w (so the gradient is `slope` whatever w), and returns
 * w after each step. Leaves no tensor behind.
 */
function steps(spec: OptimizerSpec, slope: number, count: number): number[] {
  const before = tf.memory().numTensors;
  const w = tf.tidy(() => tf.variable(tf.scalar(1)));
  const optimizer = createOptimizer(spec);
  const seen: number[] = [];
  for (let i = 0; i < count; i++) {
    const { value, grads } = tf.variableGrads(() => tf.mul(w, slope) as tf.Scalar, [w]);
    optimizer.apply(grads, [w]);
    tf.dispose([value, ...Object.values(grads)]);
    seen.push(w.dataSync()[0]!);
  }
  optimizer.dispose();
  w.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return seen;
}

describe('optimizers', () => {
  it('adam: L2 decay is added to the gradient, so a flat loss still pulls the weight down by about the learning rate', () => {
    // g' = 0 + 0.5 * 1; Adam's first step is lr * m / (sqrt(v) + eps) = 0.1 * 0.5 / 0.5 = 0.1.
    expect(steps({ kind: 'adam', learningRate: 0.1, weightDecay: 0.5 }, 0, 1)[0]).toBeCloseTo(0.9, 5);
    expect(steps({ kind: 'adam', learningRate: 0.1, weightDecay: 0 }, 0, 1)[0]).toBeCloseTo(1, 6);
  });

  it('adamw: decay is decoupled, w * (1 - lr * decay), whatever the moments say', () => {
    // A flat loss: Adam's update is 0, the shrink is 1 - 0.1 * 0.5 = 0.95 per step.
    expect(steps({ kind: 'adamw', learningRate: 0.1, weightDecay: 0.5 }, 0, 2)).toEqual([expect.closeTo(0.95, 6), expect.closeTo(0.9025, 6)]);
    // With a gradient: the shrink and Adam's step of about lr add up, 0.95 - 0.1.
    expect(steps({ kind: 'adamw', learningRate: 0.1, weightDecay: 0.5 }, 1, 1)[0]).toBeCloseTo(0.85, 5);
  });

  it('sgd with momentum: v = m v + g, w -= lr v; Nesterov looks ahead', () => {
    // v1 = 1, w1 = 0.9; v2 = 1.9, w2 = 0.9 - 0.19 = 0.71.
    expect(steps({ kind: 'sgd', learningRate: 0.1, weightDecay: 0, momentum: 0.9, nesterov: false }, 1, 2)).toEqual([
      expect.closeTo(0.9, 6),
      expect.closeTo(0.71, 6),
    ]);
    // w1 = 1 - 0.1 (1 + 0.9 * 1) = 0.81; w2 = 0.81 - 0.1 (1 + 0.9 * 1.9) = 0.539.
    expect(steps({ kind: 'sgd', learningRate: 0.1, weightDecay: 0, momentum: 0.9, nesterov: true }, 1, 2)).toEqual([
      expect.closeTo(0.81, 6),
      expect.closeTo(0.539, 6),
    ]);
  });

  it('sgd: plain steps without momentum, and L2 decay on the gradient', () => {
    expect(steps({ kind: 'sgd', learningRate: 0.1, weightDecay: 0, momentum: 0, nesterov: false }, 2, 1)[0]).toBeCloseTo(0.8, 6);
    expect(steps({ kind: 'sgd', learningRate: 0.1, weightDecay: 0.5, momentum: 0, nesterov: false }, 0, 1)[0]).toBeCloseTo(0.95, 6);
  });

  it('keeps its state through getWeights and setWeights: a restored optimizer continues the same steps', async () => {
    for (const spec of [
      { kind: 'adam', learningRate: 0.1, weightDecay: 0.01 },
      { kind: 'sgd', learningRate: 0.1, weightDecay: 0, momentum: 0.9, nesterov: false },
    ] satisfies OptimizerSpec[]) {
      const whole = steps(spec, 1, 3);
      const w = tf.tidy(() => tf.variable(tf.scalar(1)));
      const first = createOptimizer(spec);
      const step = (optimizer: ReturnType<typeof createOptimizer>) => {
        const { value, grads } = tf.variableGrads(() => tf.mul(w, 1) as tf.Scalar, [w]);
        optimizer.apply(grads, [w]);
        tf.dispose([value, ...Object.values(grads)]);
      };
      step(first);
      step(first);
      const saved = (await first.getWeights()).map(({ name, tensor }) => ({ name, tensor: tensor.clone() }));
      first.dispose();
      const second = createOptimizer(spec);
      await second.setWeights(saved);
      tf.dispose(saved.map((s) => s.tensor));
      step(second);
      expect(w.dataSync()[0]).toBe(whole[2]);
      second.dispose();
      w.dispose();
    }
  });
});
