import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { aggregateTeachers } from './aggregate.ts';

// Teacher A's logits [0, 0] give [0.5, 0.5]; teacher B's [0, ln 3] give [0.25, 0.75].
function aggregate(strategy: 'mean' | 'weighted' | 'confidence', weights: number[], temperature = 1): number[] {
  return tf.tidy(() => {
    const a = tf.tensor2d([[0, 0]]);
    const b = tf.tensor2d([[0, Math.log(3)]]);
    return aggregateTeachers([a, b], weights, strategy, temperature).arraySync()[0]!;
  });
}

describe('aggregateTeachers', () => {
  it('mean averages the probabilities and ignores weights', () => {
    expect(aggregate('mean', [1, 3])).toEqual([expect.closeTo(0.375, 6), expect.closeTo(0.625, 6)]);
  });

  it('mean tempers before averaging', () => {
    // At T = 2, B becomes [1/(1+√3), √3/(1+√3)] = [0.3660254, 0.6339746].
    expect(aggregate('mean', [1, 1], 2)).toEqual([expect.closeTo(0.4330127, 6), expect.closeTo(0.5669873, 6)]);
  });

  it('weighted uses the static weights', () => {
    // (1 * 0.5 + 3 * 0.25) / 4 = 0.3125
    expect(aggregate('weighted', [1, 3])).toEqual([expect.closeTo(0.3125, 6), expect.closeTo(0.6875, 6)]);
  });

  it('confidence weights each teacher per sample by its max probability', () => {
    // Confidences 0.5 and 0.75 -> shares 0.4 and 0.6: 0.4 * 0.5 + 0.6 * 0.25 = 0.35
    expect(aggregate('confidence', [1, 1])).toEqual([expect.closeTo(0.35, 6), expect.closeTo(0.65, 6)]);
  });

  it('returns rows that sum to 1 and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const sums = tf.tidy(() => {
      const logits = [tf.randomNormal([5, 4], 0, 3, 'float32', 1), tf.randomNormal([5, 4], 0, 3, 'float32', 2)] as tf.Tensor2D[];
      return aggregateTeachers(logits, [1, 2], 'confidence', 3).sum(1).arraySync() as number[];
    });
    for (const sum of sums) expect(sum).toBeCloseTo(1, 5);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('aggregateTeachers with extreme weights', () => {
  it.each([[[1e308, 1e308]], [[1e39, 1]], [[1e-50, 1e-50]]])('stays finite for weights %j', (weights) => {
    const row = tf.tidy(() =>
      aggregateTeachers([tf.tensor2d([[0, 0]]), tf.tensor2d([[0, Math.log(3)]])], weights, 'weighted', 1).arraySync()[0]!,
    );
    expect(row.every(Number.isFinite)).toBe(true);
    expect(row[0]! + row[1]!).toBeCloseTo(1, 5);
  });
});
