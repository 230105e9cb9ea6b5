import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { crossEntropyPerSample } from '../../tasks/classification/losses.ts';
import { distillationLoss, weightedDistillationLoss } from '../logits/loss.ts';
import { hardPseudoLabels } from './pseudo-labels.ts';

describe('hardPseudoLabels', () => {
  it('keeps the rows whose largest probability reaches the threshold, as one-hot targets', () => {
    const probs = Float32Array.from([0.95, 0.05, 0.6, 0.4, 0.08, 0.92, 0.5, 0.5]);
    const labels = hardPseudoLabels(probs, 2, 0.9);
    expect(Array.from(labels.rows)).toEqual([0, 2]);
    expect(Array.from(labels.targets)).toEqual([1, 0, 0, 1]);
    expect(labels.classCounts).toEqual([1, 1]);
  });

  it('keeps every row at threshold 0 and none above 1', () => {
    const probs = Float32Array.from([0.5, 0.5, 0.3, 0.7]);
    expect(hardPseudoLabels(probs, 2, 0).rows.length).toBe(2);
    expect(hardPseudoLabels(probs, 2, 1.01).rows.length).toBe(0);
  });
});

// Student logits [0, ln 3] -> softmax [0.25, 0.75]; label class 1: CE = -ln 0.75 = 0.2876821.
const inputs = (teacherProbs: number[][]) => ({
  studentLogits: tf.tensor2d([[0, Math.log(3)]]),
  labels: tf.tensor2d([[0, 1]]),
  hardMask: tf.tensor1d([1]),
  teacherProbs: tf.tensor2d(teacherProbs),
  softMask: tf.tensor1d([1]),
});

describe('weightedDistillationLoss', () => {
  it('equals distillationLoss with weights 1 - alpha and alpha', () => {
    const [weighted, classic] = tf.tidy(() => [
      weightedDistillationLoss({ ...inputs([[0.5, 0.5]]), temperature: 2, hardWeight: 0.3, softWeight: 0.7 }).arraySync(),
      distillationLoss({ ...inputs([[0.5, 0.5]]), temperature: 2, alpha: 0.7 }).arraySync(),
    ]);
    expect(weighted).toBeCloseTo(classic, 7);
  });

  it('with a one-hot target at T = 1, the soft term is the cross-entropy on that pseudo-label', () => {
    // Pseudo-label class 0: -ln 0.25 = 1.3862944; labelled term -ln 0.75 = 0.2876821.
    const loss = tf.tidy(() => weightedDistillationLoss({ ...inputs([[1, 0]]), temperature: 1, hardWeight: 2, softWeight: 0.5 }).arraySync());
    expect(loss).toBeCloseTo(2 * 0.2876821 + 0.5 * 1.3862944, 6);
    const ce = tf.tidy(() => crossEntropyPerSample(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, Math.log(3)]])).arraySync()[0]!);
    expect(ce).toBeCloseTo(1.3862944, 6);
  });
});
