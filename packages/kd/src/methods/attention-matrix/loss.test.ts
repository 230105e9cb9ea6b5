import * as tf from '@tensorflow/tfjs';
import type { TransformerArchitecture } from '@distillery/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../backend/select-backend.ts';
import { buildClassifier } from '../../models.ts';
import { mulberry32 } from '../../random.ts';
import { layersModelInference } from '../../teachers/inference-model.ts';
import { LayerPairError, layerOutputModel } from '../../teachers/layers.ts';
import { methodObjective, trainClassifier } from '../../train.ts';
import { resolvePairs, type LayerPair } from '../layer-terms/pairs.ts';
import { LayerTerms } from '../layer-terms/terms.ts';
import { trainableVariables } from '../objectives.ts';
import { attentionMatrix, attentionMatrixTerms } from './index.ts';
import { attentionMatrixLoss, uniformBlockMapping } from './loss.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

// One sample, one head, two tokens: rows are distributions over the two keys.
const teacher = () => tf.tensor4d([[[[0.5, 0.5], [0.25, 0.75]]]]);
const student = () => tf.tensor4d([[[[0.25, 0.75], [0.5, 0.5]]]]);

describe('attentionMatrixLoss', () => {
  it('is the mean over queries of KL(teacher || student), worked by hand', () => {
    // Row 1: 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 ln(4/3).
    // Row 2: 0.25 ln(0.25/0.5) + 0.75 ln(0.75/0.5) = 0.75 ln 1.5 - 0.25 ln 2.
    const expected = (0.5 * Math.log(4 / 3) + 0.75 * Math.log(1.5) - 0.25 * Math.log(2)) / 2;
    const value = tf.tidy(() => attentionMatrixLoss(student(), teacher()).dataSync()[0]!);
    expect(value).toBeCloseTo(expected, 6);
    expect(tf.tidy(() => attentionMatrixLoss(teacher(), teacher(), 'kl').dataSync()[0]!)).toBeCloseTo(0, 6);
  });

  it('is the mean squared difference of the probabilities for mse', () => {
    // Every entry differs by 0.25: 0.0625.
    expect(tf.tidy(() => attentionMatrixLoss(student(), teacher(), 'mse').dataSync()[0]!)).toBeCloseTo(0.0625, 7);
  });

  it('averages the heads when the head counts differ', () => {
    // Teacher heads [t, s] average to [[0.375, 0.625], [0.375, 0.625]]; the student's single head is s.
    // KL row 1: 0.375 ln(0.375/0.25) + 0.625 ln(0.625/0.75); row 2: 0.375 ln(0.375/0.5) + 0.625 ln(0.625/0.5).
    const expected =
      (0.375 * Math.log(1.5) + 0.625 * Math.log(0.625 / 0.75) + 0.375 * Math.log(0.75) + 0.625 * Math.log(1.25)) / 2;
    const value = tf.tidy(() => attentionMatrixLoss(student(), tf.concat([teacher(), student()], 1)).dataSync()[0]!);
    expect(value).toBeCloseTo(expected, 6);
  });

  it('refuses attention over different token counts', () => {
    const three = tf.fill([1, 1, 3, 3], 1 / 3);
    const two = student();
    expect(() => attentionMatrixLoss(two, three)).toThrow(/needs the same tokens on both sides/);
    tf.dispose([three, two]);
  });

  it('suggests the uniform block mapping when depths differ', () => {
    expect(uniformBlockMapping(2, 6)).toEqual([{ student: 1, teacher: 3 }, { student: 2, teacher: 6 }]);
    expect(uniformBlockMapping(3, 4)).toEqual([{ student: 1, teacher: 2 }, { student: 2, teacher: 3 }, { student: 3, teacher: 4 }]);
  });
});

describe('attention-matrix distillation', () => {
  const inputShape = [6, 3];
  const teacherArch: TransformerArchitecture = { kind: 'transformer', layers: 2, heads: 4, dim: 16 };
  const studentArch: TransformerArchitecture = { kind: 'transformer', layers: 1, heads: 2, dim: 8 };
  const random = mulberry32(4);
  const x = Float32Array.from({ length: 32 * 18 }, () => random());

  // uniformBlockMapping(1, 2): student block 1 reads teacher block 2; heads differ (4 vs 2), so they are averaged.
  const pairs: LayerPair[] = [{ teacher: 'block2/attention', student: 'block1/attention' }];
  const termsOf = (studentModel: tf.LayersModel, teacherModel: tf.LayersModel, loss: 'kl' | 'mse', paired = pairs) =>
    new LayerTerms(studentModel, resolvePairs(paired), attentionMatrixTerms(loss), { teachers: [layersModelInference(teacherModel)], precomputed: [] }, { count: 32 }, 1);

  it.each(['kl', 'mse'] as const)('a few steps on the %s term alone reduce it, without leaking tensors', (loss) => {
    const teacherModel = buildClassifier(teacherArch, inputShape, 2, 11);
    const studentModel = buildClassifier(studentArch, inputShape, 2, 1);
    const before = tf.memory().numTensors;
    const objective = termsOf(studentModel, teacherModel, loss);
    const optimizer = tf.train.adam(0.01);
    const batch = tf.tensor3d(x, [32, 6, 3]);
    const rows = Int32Array.from({ length: 32 }, (_, i) => i);
    const targets = objective.targets(batch, rows);
    const termLoss = () => objective.loss(objective.hintOutputs(batch), targets);
    const term = () => tf.tidy(() => termLoss().dataSync()[0]!);
    const first = term();
    for (let step = 0; step < 30; step++) {
      tf.tidy(() => {
        const cost = optimizer.minimize(termLoss, true, trainableVariables(objective.hintView));
        cost?.dispose();
      });
    }
    const last = term();
    expect(last).toBeLessThan(first * 0.7);
    tf.dispose([batch, ...targets]);
    optimizer.dispose();
    objective.dispose();
    expect(tf.memory().numTensors).toBe(before);
    studentModel.dispose();
    teacherModel.dispose();
  });

  it('runs inside trainClassifier, beside the logit loss, without leaking tensors', async () => {
    const teacherModel = buildClassifier(teacherArch, inputShape, 2, 11);
    const studentModel = buildClassifier(studentArch, inputShape, 2, 1);
    const before = tf.memory().numTensors;
    const labels = Int32Array.from({ length: 32 }, (_, i) => i % 2);
    const report = await trainClassifier(studentModel, { x, count: 32, inputShape, labels }, {
      numClasses: 2,
      epochs: 2,
      batchSize: 16,
      learningRate: 0.01,
      seed: 1,
      objective: methodObjective(attentionMatrix.resolve({ kind: 'attention-matrix', loss: 'kl', pairs }), {
        teachers: [layersModelInference(teacherModel)],
        precomputed: [],
      }),
    });
    expect(report).toHaveLength(2);
    expect(report.every((r) => Number.isFinite(r.loss))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    studentModel.dispose();
    teacherModel.dispose();
  });

  it('refuses layers that are not attention, and different token counts', () => {
    const teacherModel = buildClassifier(teacherArch, inputShape, 2, 11);
    const studentModel = buildClassifier(studentArch, inputShape, 2, 1);
    const otherTokens = buildClassifier(studentArch, [4, 3], 2, 1);
    try {
      expect(
        () => termsOf(studentModel, teacherModel, 'kl', [{ teacher: 'block1', student: 'block1/attention' }]),
      ).toThrow(/compares attention probabilities \[heads, tokens, tokens\].*teacher 'block1' \[6,16\]/);
      const error = (() => {
        try {
          termsOf(otherTokens, teacherModel, 'kl');
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(LayerPairError);
      expect((error as Error).message).toMatch(/needs the same tokens on both sides; student 'block1\/attention' outputs \[2,4,4\], teacher 'block2\/attention' \[4,6,6\]/);
      layerOutputModel(studentModel, ['block1/attention'], 'student'); // readable by name
    } finally {
      teacherModel.dispose();
      studentModel.dispose();
      otherTokens.dispose();
    }
  });
});
