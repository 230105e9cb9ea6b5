import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { klDivergencePerSample } from '../../tasks/classification/losses.ts';
import { distillationLoss, weightedDistillationLoss } from './loss.ts';

// One sample, two classes. Student logits [0, ln 3] give softmax [0.25, 0.75];
// at T = 2 they become [0, ln √3], softmax [1/(1+√3), √3/(1+√3)] = [0.3660254, 0.6339746].
// Label: class 1. Teacher probabilities at T: [0.5, 0.5].
//   CE          = -ln 0.75                                   = 0.2876821
//   KL (T = 1)  = 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75)        = 0.1438410
//   KL (T = 2)  = 0.5 ln(0.5/0.3660254) + 0.5 ln(0.5/0.6339746) = 0.0372523
function loss(alpha: number, temperature: number): number {
  return tf.tidy(() =>
    distillationLoss({
      studentLogits: tf.tensor2d([[0, Math.log(3)]]),
      labels: tf.tensor2d([[0, 1]]),
      hardMask: tf.tensor1d([1]),
      teacherProbs: tf.tensor2d([[0.5, 0.5]]),
      softMask: tf.tensor1d([1]),
      temperature,
      alpha,
    }).arraySync(),
  );
}

describe('distillationLoss', () => {
  it('is the cross-entropy alone when alpha = 0', () => {
    expect(loss(0, 2)).toBeCloseTo(0.2876821, 6);
  });

  it('is the KL term alone when alpha = 1 and T = 1', () => {
    expect(loss(1, 1)).toBeCloseTo(0.143841, 6);
  });

  it('scales the soft term by T squared', () => {
    expect(loss(1, 2)).toBeCloseTo(4 * 0.0372523, 6);
  });

  it('mixes the terms as (1 - alpha) * CE + alpha * T^2 * KL', () => {
    expect(loss(0.9, 2)).toBeCloseTo(0.1 * 0.2876821 + 0.9 * 4 * 0.0372523, 6);
  });

  it('averages the hard term over labelled samples only', () => {
    // The second sample is unlabelled and would add ln(1e9)-ish loss if it counted.
    const value = tf.tidy(() =>
      distillationLoss({
        studentLogits: tf.tensor2d([[0, Math.log(3)], [20, -20]]),
        labels: tf.tensor2d([[0, 1], [0, 0]]),
        hardMask: tf.tensor1d([1, 0]),
        teacherProbs: tf.tensor2d([[0.5, 0.5], [0.5, 0.5]]),
        softMask: tf.tensor1d([0, 0]),
        temperature: 2,
        alpha: 0.5,
      }).arraySync(),
    );
    expect(value).toBeCloseTo(0.5 * 0.2876821, 6);
  });

  it('contributes 0, not NaN, when no sample in the batch is labelled', () => {
    const value = tf.tidy(() =>
      distillationLoss({
        studentLogits: tf.tensor2d([[0, Math.log(3)]]),
        labels: tf.tensor2d([[0, 0]]),
        hardMask: tf.tensor1d([0]),
        teacherProbs: tf.tensor2d([[0.5, 0.5]]),
        softMask: tf.tensor1d([1]),
        temperature: 1,
        alpha: 0.5,
      }).arraySync(),
    );
    expect(value).toBeCloseTo(0.5 * 0.143841, 6);
  });
});

describe('klDivergencePerSample', () => {
  it('takes log-probabilities, so confident students stay finite', () => {
    // Student logits [100, -100]: log-softmax is [0, -200]; softmax would round
    // the second probability to 0 and log(0) = -Infinity.
    const value = tf.tidy(() =>
      klDivergencePerSample(tf.tensor2d([[0, 1]]), tf.logSoftmax(tf.tensor2d([[100, -100]]))).arraySync(),
    );
    expect(value[0]).toBeCloseTo(200, 3);
  });

  it('treats 0 * log 0 as 0', () => {
    const value = tf.tidy(() =>
      klDivergencePerSample(tf.tensor2d([[1, 0]]), tf.logSoftmax(tf.tensor2d([[0, 0]]))).arraySync(),
    );
    expect(value[0]).toBeCloseTo(Math.log(2), 6);
  });
});

describe('logit standardization in the soft term', () => {
  // Student logits [2, 4, 6]: z-scored (sample std 2) they are [-1, 0, 1], softmax [0.0900306, 0.2447285, 0.6652410];
  // raw, softmax [0.0158762, 0.1173104, 0.8668133]. Teacher at T = 1: [0.2, 0.3, 0.5]. Label: class 2.
  const q = [0.0900306, 0.2447285, 0.665241];
  const p = [0.2, 0.3, 0.5];
  const KL = p.reduce((sum, pi, i) => sum + pi * Math.log(pi / q[i]!), 0);
  const CE_RAW = -Math.log(0.8668133);
  const loss = (logits: number[], standardize: boolean) =>
    tf.tidy(() =>
      weightedDistillationLoss({
        studentLogits: tf.tensor2d([logits]),
        labels: tf.tensor2d([[0, 0, 1]]),
        hardMask: tf.tensor1d([1]),
        teacherProbs: tf.tensor2d([p]),
        softMask: tf.tensor1d([1]),
        temperature: 1,
        hardWeight: 0.1,
        softWeight: 0.9,
        standardize,
      }).arraySync(),
    );

  it('compares z-scored student logits with the teacher, and keeps the raw logits in the cross-entropy', () => {
    expect(loss([2, 4, 6], true)).toBeCloseTo(0.1 * CE_RAW + 0.9 * KL, 5);
  });

  it('makes the soft term blind to the scale and shift of the logits', () => {
    const ce = (logits: number[]) => -Math.log(Math.exp(logits[2]!) / logits.reduce((s, z) => s + Math.exp(z), 0));
    // [12, 22, 32] z-scores to [-1, 0, 1] as well: only the hard term differs.
    expect(loss([12, 22, 32], true) - 0.1 * ce([12, 22, 32])).toBeCloseTo(0.9 * KL, 5);
    expect(loss([2, 4, 6], false)).not.toBeCloseTo(loss([2, 4, 6], true), 3);
  });
});

