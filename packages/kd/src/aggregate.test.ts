import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { aggregateTeachers, standardizeLogits } from './aggregate.ts';

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

describe('aggregateTeachers with vote', () => {
  // A [0, ln 3] -> [0.25, 0.75] votes 1; B [ln 3, 0] -> [0.75, 0.25] votes 0; C [0, ln 9] -> [0.1, 0.9] votes 1.
  const A = [[0, Math.log(3)]];
  const B = [[Math.log(3), 0]];
  const C = [[0, Math.log(9)]];
  const vote = (teachers: number[][][], weights: number[], temperature = 1) =>
    tf.tidy(() => aggregateTeachers(teachers.map((t) => tf.tensor2d(t)), weights, 'vote', temperature).arraySync()[0]!);

  it('averages only the teachers that voted for the majority class', () => {
    // Class 1 has two votes of three: the target is the mean of A and C, B adds nothing.
    expect(vote([A, B, C], [1, 1, 1])).toEqual([expect.closeTo((0.25 + 0.1) / 2, 6), expect.closeTo((0.75 + 0.9) / 2, 6)]);
  });

  it('counts votes by weight', () => {
    // B's weight 3 of 5 outvotes A and C together (2 of 5): the target is B's.
    expect(vote([A, B, C], [1, 3, 1])).toEqual([expect.closeTo(0.75, 6), expect.closeTo(0.25, 6)]);
  });

  it('breaks a tie towards the more confident voters, and tempers the winners', () => {
    // A votes 1 with confidence 0.75, D [ln 9, 0] -> [0.9, 0.1] votes 0 with 0.9: D wins the tie.
    const D = [[Math.log(9), 0]];
    expect(vote([A, D], [1, 1])).toEqual([expect.closeTo(0.9, 6), expect.closeTo(0.1, 6)]);
    // At T = 2, D is [3/4, 1/4] (√9 = 3).
    expect(vote([A, D], [1, 1], 2)).toEqual([expect.closeTo(0.75, 6), expect.closeTo(0.25, 6)]);
  });

  it('returns rows that sum to 1 and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const sums = tf.tidy(() => {
      const logits = [1, 2, 3].map((seed) => tf.randomNormal([6, 4], 0, 3, 'float32', seed)) as tf.Tensor2D[];
      return aggregateTeachers(logits, [1, 2, 1], 'vote', 3).sum(1).arraySync() as number[];
    });
    for (const sum of sums) expect(sum).toBeCloseTo(1, 5);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('logit standardization', () => {
  it('z-scores each row with the sample standard deviation: [1, 2, 3] and [10, 20, 30] both become [-1, 0, 1]', () => {
    const rows = tf.tidy(() => standardizeLogits(tf.tensor2d([[1, 2, 3], [10, 20, 30]])).arraySync());
    for (const row of rows) row.forEach((v, i) => expect(v).toBeCloseTo([-1, 0, 1][i]!, 6));
  });

  it('maps a row of equal logits to zeros, with finite gradients (a blank input through an untrained student)', () => {
    const [values, gradients] = tf.tidy(() => {
      const logits = tf.tensor2d([[0.5, 0.5, 0.5], [1, 2, 4]]);
      const weights = tf.tensor2d([[1, -2, 3], [0.5, 1, -1]]);
      const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(standardizeLogits(x as tf.Tensor2D), weights)))(logits);
      return [Array.from(standardizeLogits(logits).dataSync()), Array.from(gradient.dataSync())];
    });
    expect(values.slice(0, 3)).toEqual([0, 0, 0]);
    expect(gradients.every(Number.isFinite), String(gradients)).toBe(true);
  });

  it('tempers the standardized logits, so teachers on different scales aggregate alike', () => {
    // Both teachers standardize to [-1, 0, 1]; at T = 2: softmax([-0.5, 0, 0.5]) = [0.1863237, 0.3071959, 0.5064804].
    const [standardized, raw] = tf.tidy(() => {
      const teachers = () => [tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[10, 20, 30]])];
      return [aggregateTeachers(teachers(), [1, 1], 'mean', 2, { standardize: true }).arraySync()[0]!, aggregateTeachers(teachers(), [1, 1], 'mean', 2).arraySync()[0]!];
    });
    expect(standardized).toEqual([expect.closeTo(0.1863237, 6), expect.closeTo(0.3071959, 6), expect.closeTo(0.5064804, 6)]);
    expect(raw[2]).toBeGreaterThan(0.7); // the second teacher's raw logits are nearly one-hot at T = 2
  });
});

