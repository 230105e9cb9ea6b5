import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../backend/select-backend.ts';
import { buildClassifier } from '../../models.ts';
import type { ClassificationBatch } from '../../tasks/classification/batches.ts';
import { methodObjective, trainClassifier } from '../../train.ts';
import { resolveMethod } from '../registry.ts';
import { distLoss, distRelations } from './loss.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** Pearson correlation of two lists, by the textbook formula. */
function pearson(a: number[], b: number[]): number {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(a);
  const mb = mean(b);
  const dot = a.reduce((s, v, i) => s + (v - ma) * (b[i]! - mb), 0);
  const norm = (x: number[], m: number) => Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0));
  return dot / (norm(a, ma) * norm(b, mb));
}

// Two samples, three classes. Student logits are log-probabilities, so softmax at tau = 1 gives them back.
const student = [
  [0.5, 0.3, 0.2],
  [0.1, 0.1, 0.8],
];
const teacher = [
  [0.6, 0.3, 0.1],
  [0.2, 0.1, 0.7],
];
const column = (rows: number[][], c: number) => rows.map((r) => r[c]!);
// Row 1: centred [1/6, -1/30, -2/15] and [4/15, -1/30, -7/30]: corr = 0.076667 / (0.216025 * 0.355903) = 0.997176.
const INTER = 1 - (pearson(student[0]!, teacher[0]!) + pearson(student[1]!, teacher[1]!)) / 2;
const INTRA = 1 - [0, 1, 2].reduce((s, c) => s + pearson(column(student, c), column(teacher, c)), 0) / 3;

const relations = (studentRows: number[][], teacherRows: number[][], mask: number[], tau: number) =>
  tf.tidy(() => {
    const logits = tf.log(tf.tensor2d(studentRows)) as tf.Tensor2D;
    const { inter, intra } = distRelations(logits, tf.tensor2d(teacherRows), tf.tensor1d(mask), tau);
    return [inter.dataSync()[0]!, intra.dataSync()[0]!];
  });

describe('DIST', () => {
  it('inter-class: 1 - the mean per-sample Pearson correlation of the probabilities, worked by hand', () => {
    expect(pearson(student[0]!, teacher[0]!)).toBeCloseTo(0.997176, 5);
    const [inter, intra] = relations(student, teacher, [1, 1], 1);
    expect(inter).toBeCloseTo(INTER, 5);
    // Two samples: every class's two values correlate perfectly (or anti-perfectly) with the teacher's.
    expect(INTRA).toBeCloseTo(1 - (1 + 1 + 1) / 3, 12);
    expect(intra).toBeCloseTo(INTRA, 5);
  });

  it('intra-class: 1 - the mean per-class correlation across the batch', () => {
    const s = [...student, [0.3, 0.4, 0.3]];
    const t = [...teacher, [0.2, 0.5, 0.3]];
    const expected = 1 - [0, 1, 2].reduce((sum, c) => sum + pearson(column(s, c), column(t, c)), 0) / 3;
    expect(relations(s, t, [1, 1, 1], 1)[1]).toBeCloseTo(expected, 5);
  });

  it('correlates over the rows with teacher targets only, and scales by tau^2', () => {
    // A third row without a target changes nothing.
    const [inter, intra] = relations([...student, [0.9, 0.05, 0.05]], [...teacher, [0, 0, 1]], [1, 1, 0], 1);
    expect(inter).toBeCloseTo(INTER, 5);
    expect(intra).toBeCloseTo(INTRA, 5);
    // At tau = 2 the student's distribution is tempered; a teacher equal to it at tau gives 0 either way, times 4.
    const tempered = student.map((row) => {
      const z = row.map((p) => Math.sqrt(p));
      const sum = z.reduce((a, b) => a + b, 0);
      return z.map((v) => v / sum);
    });
    const [zeroInter, zeroIntra] = relations(student, tempered, [1, 1], 2);
    expect(zeroInter).toBeCloseTo(0, 5);
    expect(zeroIntra).toBeCloseTo(0, 5);
  });

  it('has finite gradients when a batch holds one row with a target (its classes centre to zero)', () => {
    // batchSize 1, or a last batch of one row: the intra-class columns are all zeros after centring.
    const gradients = tf.tidy(() => {
      const teacherRows = tf.tensor2d([teacher[0]!, [0, 0, 1]]);
      const mask = tf.tensor1d([1, 0]);
      const f = (logits: tf.Tensor) => {
        const { inter, intra } = distRelations(logits as tf.Tensor2D, teacherRows, mask, 1);
        return tf.add(inter, intra) as tf.Scalar;
      };
      return Array.from(tf.grad(f)(tf.tensor2d([[0.2, -0.1, 0.4], [0.1, 0.1, 0.1]])).dataSync());
    });
    expect(gradients.every(Number.isFinite), String(gradients)).toBe(true);
  });

  it('adds ceWeight * CE to beta * inter + gamma * intra', () => {
    const value = tf.tidy(() => {
      const tensors = [tf.tensor2d([[1, 0, 0], [0, 0, 1]]), tf.tensor1d([1, 1]), tf.tensor2d(teacher), tf.tensor1d([1, 1])];
      const batch: ClassificationBatch = {
        x: tf.zeros([2, 1]),
        labels: tensors[0] as tf.Tensor2D,
        hardMask: tensors[1] as tf.Tensor1D,
        soft: { probs: tensors[2] as tf.Tensor2D, mask: tensors[3] as tf.Tensor1D },
        tensors,
      };
      return distLoss(tf.log(tf.tensor2d(student)) as tf.Tensor2D, batch, { tau: 1, beta: 2, gamma: 3, ceWeight: 0.5 }).dataSync()[0]!;
    });
    const ce = (-Math.log(0.5) - Math.log(0.8)) / 2;
    expect(value).toBeCloseTo(0.5 * ce + 2 * INTER + 3 * INTRA, 5);
  });
});

describe('DIST as a method', () => {
  it('trains a student through the registry on the relations alone (no labels), leaking nothing', async () => {
    // Every row unlabelled: only the Pearson relations to the teacher can teach it.
    const count = 48;
    const truth = Int32Array.from({ length: count }, (_, i) => i % 3);
    const x = Float32Array.from({ length: count * 3 }, (_, i) => (truth[Math.floor(i / 3)] === i % 3 ? 1 : 0));
    const probs = new Float32Array(count * 3);
    truth.forEach((label, i) => [0, 1, 2].forEach((c) => (probs[i * 3 + c] = c === label ? 0.7 : 0.15)));
    const examples = { x, count, inputShape: [3], labels: new Int32Array(count).fill(-1), soft: { probs, mask: new Uint8Array(count).fill(1) } };
    const student = buildClassifier({ kind: 'mlp', hidden: [8] }, [3], 3, 2);
    const before = tf.memory().numTensors;
    const reports = await trainClassifier(student, examples, {
      numClasses: 3,
      epochs: 30,
      batchSize: 16,
      learningRate: 0.03,
      seed: 1,
      objective: methodObjective(resolveMethod({ kind: 'dist' })),
      evaluation: { x, count, labels: truth },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(reports.at(-1)!.loss).toBeLessThan(reports[0]!.loss);
    expect(reports.at(-1)!.accuracy).toBe(1);
    student.dispose();
  });
});

