import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../backend/select-backend.ts';
import { buildClassifier } from '../../models.ts';
import { mulberry32 } from '../../random.ts';
import type { ClassificationBatch } from '../../tasks/classification/batches.ts';
import { methodObjective, trainClassifier } from '../../train.ts';
import { resolveMethod } from '../registry.ts';
import { dkdLoss, dkdTerms } from './loss.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

// One sample, three classes, target class 0. Teacher at T: [0.7, 0.2, 0.1].
// Student logits [1, 0, 0]: softmax at T = 1 is [e, 1, 1] / (e + 2) = [0.5761169, 0.2119416, 0.2119416].
//   TCKD = 0.7 ln(0.7 / 0.5761169) + 0.3 ln(0.3 / 0.4238831)            (b = [p_target, rest])
//   NCKD = 2/3 ln((2/3) / 0.5) + 1/3 ln((1/3) / 0.5)                     (the rest renormalised: [2/3, 1/3] vs [1/2, 1/2])
const e = Math.E;
const qTarget = e / (e + 2);
const TCKD_T1 = 0.7 * Math.log(0.7 / qTarget) + 0.3 * Math.log(0.3 / (1 - qTarget));
const NCKD_T1 = (2 / 3) * Math.log(4 / 3) + (1 / 3) * Math.log(2 / 3);
const CE = -Math.log(qTarget);

const terms = (logits: number[], probs: number[], target: number[], temperature: number) =>
  tf.tidy(() => {
    const { tckd, nckd } = dkdTerms(tf.tensor2d([logits]), tf.tensor2d([probs]), tf.tensor2d([target]), temperature);
    return [tckd.dataSync()[0]!, nckd.dataSync()[0]!];
  });

function batch(labels: number[][], hardMask: number[], probs: number[][]): ClassificationBatch {
  const tensors = [tf.tensor2d(labels), tf.tensor1d(hardMask), tf.tensor2d(probs), tf.tensor1d(probs.map(() => 1))];
  return { x: tf.zeros([labels.length, 1]), labels: tensors[0] as tf.Tensor2D, hardMask: tensors[1] as tf.Tensor1D, soft: { probs: tensors[2] as tf.Tensor2D, mask: tensors[3] as tf.Tensor1D }, tensors };
}

describe('DKD', () => {
  it('splits KL into the target/non-target term and the non-target distribution, worked by hand at T = 1', () => {
    const [tckd, nckd] = terms([1, 0, 0], [0.7, 0.2, 0.1], [1, 0, 0], 1);
    expect(tckd).toBeCloseTo(TCKD_T1, 6);
    expect(nckd).toBeCloseTo(NCKD_T1, 6);
  });

  it('scales both by T^2 and compares the distributions at T', () => {
    // Student logits [2, 0, 0] at T = 2 are [1, 0, 0] at T = 1: the same terms, times 4.
    const [tckd, nckd] = terms([2, 0, 0], [0.7, 0.2, 0.1], [1, 0, 0], 2);
    expect(tckd).toBeCloseTo(4 * TCKD_T1, 5);
    expect(nckd).toBeCloseTo(4 * NCKD_T1, 5);
  });

  it('sums to the plain KL when the non-target distributions already agree (NCKD = 0)', () => {
    // Teacher [0.6, 0.2, 0.2] and student [0.5761, 0.2119, 0.2119] rank the rest alike: KL = TCKD.
    const [tckd, nckd] = terms([1, 0, 0], [0.6, 0.2, 0.2], [1, 0, 0], 1);
    const kl = 0.6 * Math.log(0.6 / qTarget) + 0.4 * Math.log(0.2 / ((1 - qTarget) / 2));
    expect(nckd).toBeCloseTo(0, 6);
    expect(tckd).toBeCloseTo(kl, 6);
  });

  it('stays finite for a teacher sure of the target and a student sure of another class', () => {
    const [tckd, nckd] = terms([-60, 60, 0], [1 - 2e-9, 1e-9, 1e-9], [1, 0, 0], 1);
    expect(Number.isFinite(tckd)).toBe(true);
    expect(Number.isFinite(nckd)).toBe(true);
    expect(tckd).toBeGreaterThan(100);
  });

  it('adds ceWeight * CE and the warmed-up weighted terms: 1 * CE + 0.5 * (1 * TCKD + 8 * NCKD)', () => {
    const value = tf.tidy(() => {
      const b = batch([[1, 0, 0]], [1], [[0.7, 0.2, 0.1]]);
      return dkdLoss(tf.tensor2d([[1, 0, 0]]), b, { temperature: 1, alpha: 1, beta: 8, ceWeight: 1, warmup: 0.5 }).dataSync()[0]!;
    });
    expect(value).toBeCloseTo(CE + 0.5 * (TCKD_T1 + 8 * NCKD_T1), 5);
  });

  it('with logit standardization, z-scores the student in the DKD terms only: [2, 4, 6] is [-1, 0, 1] there', () => {
    const value = tf.tidy(() => {
      const b = batch([[1, 0, 0]], [1], [[0.7, 0.2, 0.1]]);
      return dkdLoss(tf.tensor2d([[2, 4, 6]]), b, { temperature: 1, alpha: 1, beta: 8, ceWeight: 1, warmup: 1, standardize: true }).dataSync()[0]!;
    });
    const [tckd, nckd] = terms([-1, 0, 1], [0.7, 0.2, 0.1], [1, 0, 0], 1);
    const ceRaw = -Math.log(Math.exp(2) / (Math.exp(2) + Math.exp(4) + Math.exp(6)));
    expect(value).toBeCloseTo(ceRaw + tckd! + 8 * nckd!, 4);
  });

  it("takes the teachers' argmax as the target class of an unlabelled row, and leaves it out of the cross-entropy", () => {
    // Row 2 is unlabelled (all-zero label, mask 0) with the teacher's argmax at class 0: the same terms as row 1.
    const value = tf.tidy(() => {
      const b = batch([[1, 0, 0], [0, 0, 0]], [1, 0], [[0.7, 0.2, 0.1], [0.7, 0.2, 0.1]]);
      return dkdLoss(tf.tensor2d([[1, 0, 0], [1, 0, 0]]), b, { temperature: 1, alpha: 1, beta: 8, ceWeight: 2, warmup: 1 }).dataSync()[0]!;
    });
    expect(value).toBeCloseTo(2 * CE + TCKD_T1 + 8 * NCKD_T1, 5);
  });
});

describe('DKD as a method', () => {
  it('trains a student through the registry, warming the DKD term up over the first epoch, leaking nothing', async () => {
    const random = mulberry32(5);
    const count = 48;
    const labels = Int32Array.from({ length: count }, (_, i) => i % 3);
    const x = Float32Array.from({ length: count * 4 }, (_, i) => (labels[Math.floor(i / 4)] === i % 4 ? 2 : 0) + random());
    const probs = new Float32Array(count * 3);
    labels.forEach((label, i) => [0, 1, 2].forEach((c) => (probs[i * 3 + c] = c === label ? 0.8 : 0.1)));
    const examples = { x, count, inputShape: [4], labels, soft: { probs, mask: new Uint8Array(count).fill(1) } };
    const student = buildClassifier({ kind: 'mlp', hidden: [8] }, [4], 3, 1);
    const before = tf.memory().numTensors;
    const method = resolveMethod({ kind: 'dkd', warmupEpochs: 1 });
    expect(method).toEqual({ kind: 'dkd', temperature: 4, alpha: 1, beta: 8, ceWeight: 1, warmupEpochs: 1, standardize: false });
    const reports = await trainClassifier(student, examples, {
      numClasses: 3,
      epochs: 6,
      batchSize: 16,
      learningRate: 0.02,
      seed: 1,
      objective: methodObjective(method),
      evaluation: { x, count, labels },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(reports.at(-1)!.accuracy).toBeGreaterThan(0.9);
    student.dispose();
  });
});

