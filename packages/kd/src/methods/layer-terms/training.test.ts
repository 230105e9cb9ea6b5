import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { abortAfterReads } from '../../test-helpers.ts';
import { selectBackend } from '../../backend/select-backend.ts';
import { buildClassifier } from '../../models.ts';
import { mulberry32 } from '../../random.ts';
import type { Examples } from '../../tasks/classification/examples.ts';
import { layersModelInference } from '../../teachers/inference-model.ts';
import { describeLayers, LayerPairError } from '../../teachers/layers.ts';
import { methodObjective, trainClassifier, type TrainOptions } from '../../train.ts';
import type { EpochReport, TrainingCheckpoint } from '../../training/checkpoint.ts';
import { attention as attentionMethod } from '../attention/index.ts';
import type { AttentionMethod } from '../attention/contract.ts';
import { features as featuresMethod } from '../features/index.ts';
import type { FeaturesMethod } from '../features/contract.ts';
import type { ResolvedMethod } from '../registry.ts';
import type { LayerPair } from './pairs.ts';
import { precomputeTeacherFeatures, type PrecomputedFeatures } from './precompute.ts';

const SIDE = 8;
const CLASSES = 3;
const inputShape = [SIDE, SIDE, 1];

/** 8x8 images whose class is the bright 3x3 patch's place (top-left, centre, bottom-right), with noise. */
function patches(count: number, seed: number): Examples {
  const random = mulberry32(seed);
  const x = new Float32Array(count * SIDE * SIDE);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % CLASSES;
    labels[i] = label;
    const corner = [0, 2, 5][label]!;
    for (let p = 0; p < SIDE * SIDE; p++) x[i * SIDE * SIDE + p] = 0.3 * random();
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) x[i * SIDE * SIDE + (corner + r) * SIDE + corner + c]! += 1;
  }
  return { x, count, inputShape, labels };
}

const examples = patches(64, 1);
const buildTeacher = (seed = 11) => buildClassifier({ kind: 'cnn', filters: [6, 8], dense: [12] }, inputShape, CLASSES, seed);
const buildStudent = (seed = 1) => buildClassifier({ kind: 'cnn', filters: [2, 4], dense: [6] }, inputShape, CLASSES, seed);
const options = (overrides: Partial<TrainOptions> = {}): TrainOptions => ({
  numClasses: CLASSES,
  epochs: 2,
  batchSize: 16,
  learningRate: 0.01,
  seed: 1,
  ...overrides,
});
const weightsOf = (model: tf.LayersModel): Float32Array[] => model.weights.map((w) => (w.read().dataSync() as Float32Array).slice());

/** A layer method with its teachers' layer sources: run in the step, or precomputed. */
interface LayerConfig {
  method: ResolvedMethod & { pairs: LayerPair[] };
  teachers: tf.LayersModel[];
  precomputed: Array<PrecomputedFeatures | undefined>;
}
const objectiveOf = (config: LayerConfig) =>
  methodObjective(config.method, { teachers: config.teachers.map((t) => layersModelInference(t)), precomputed: config.precomputed });

type FeaturesOptions = Partial<Omit<FeaturesMethod, 'kind'>> & { precomputed?: PrecomputedFeatures[] };
const features = (teachers: tf.LayersModel[], { precomputed = [], ...extra }: FeaturesOptions = {}): LayerConfig => ({
  method: featuresMethod.resolve({
    kind: 'features',
    loss: 'mse',
    pairs: [
      { teacher: 'pool2', student: 'pool2' }, // [2,2,8] <- [2,2,4]: 1x1 conv adapter
      { teacher: 'conv1', student: 'pool1', weight: 0.5 }, // [8,8,6] pooled to [4,4,6] <- [4,4,2]
      { teacher: 'dense1', student: 'dense1' }, // [12] <- [6]: dense adapter
    ],
    ...extra,
  }),
  teachers,
  precomputed,
});
type AttentionOptions = Partial<Omit<AttentionMethod, 'kind'>> & { precomputed?: PrecomputedFeatures[] };
const attention = (teachers: tf.LayersModel[], { precomputed = [], ...extra }: AttentionOptions = {}): LayerConfig => ({
  method: attentionMethod.resolve({
    kind: 'attention',
    pairs: [
      { teacher: 'conv1', student: 'conv1' },
      { teacher: 'conv2', student: 'pool1' }, // [4,4] vs [4,4]
      { teacher: 'conv1', student: 'pool2' }, // teacher 8x8 pooled to 2x2
    ],
    ...extra,
  }),
  teachers,
  precomputed,
});

let teacher: tf.LayersModel;

beforeAll(async () => {
  await selectBackend('wasm');
  teacher = buildTeacher();
  await trainClassifier(teacher, examples, options({ epochs: 3 }));
});

describe('layer names', () => {
  it('buildClassifier names layers stably, so jobs can name them', () => {
    const student = buildStudent();
    const layers = describeLayers(student);
    student.dispose();
    expect(layers).toEqual([
      { name: 'conv1', className: 'Conv2D', shape: [8, 8, 2] },
      { name: 'pool1', className: 'MaxPooling2D', shape: [4, 4, 2] },
      { name: 'conv2', className: 'Conv2D', shape: [4, 4, 4] },
      { name: 'pool2', className: 'MaxPooling2D', shape: [2, 2, 4] },
      { name: 'flatten', className: 'Flatten', shape: [16] },
      { name: 'dense1', className: 'Dense', shape: [6] },
      { name: 'logits', className: 'Dense', shape: [3] },
    ]);
  });

  it('rejects an unknown layer, listing the layers there are', async () => {
    const student = buildStudent();
    try {
      const error = await trainClassifier(student, examples, {
        ...options(),
        objective: objectiveOf(features([teacher], { pairs: [{ teacher: 'conv9', student: 'conv1' }] })),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LayerPairError);
      expect((error as LayerPairError).code).toBe('unknown_layer');
      expect((error as Error).message).toBe(
        "teacher 0 has no layer 'conv9'; its layers are: conv1 [8,8,6], pool1 [4,4,6], conv2 [4,4,8], pool2 [2,2,8], flatten [32], dense1 [12], logits [3]",
      );
    } finally {
      student.dispose();
    }
  });

  it('rejects attention on a vector layer and features between a vector and a map', async () => {
    const student = buildStudent();
    try {
      await expect(
        trainClassifier(student, examples, { ...options(), objective: objectiveOf(attention([teacher], { pairs: [{ teacher: 'dense1', student: 'conv1' }] })) }),
      ).rejects.toThrow(/attention transfer compares feature maps.*teacher 'dense1' \[12\]/);
      await expect(
        trainClassifier(student, examples, { ...options(), objective: objectiveOf(features([teacher], { pairs: [{ teacher: 'flatten', student: 'pool2' }] })) }),
      ).rejects.toThrow(/cannot map a student output of shape \[2,2,4\] to a teacher output of shape \[32\]/);
    } finally {
      student.dispose();
    }
  });

  it('rejects a pair that reads a teacher it was not given', async () => {
    const student = buildStudent();
    const before = tf.memory().numTensors;
    try {
      const error = await trainClassifier(student, examples, {
        ...options(),
        objective: objectiveOf(features([teacher], { pairs: [{ teacher: 'conv1', student: 'conv1', teacherIndex: 1 }] })),
      }).catch((e: unknown) => e);
      expect((error as LayerPairError).code).toBe('missing_teacher');
      // Adapters built for earlier pairs are freed when a later pair fails.
      const failing = await trainClassifier(student, examples, {
        ...options(),
        objective: objectiveOf(features([teacher], { pairs: [{ teacher: 'pool2', student: 'pool2' }, { teacher: 'nope', student: 'conv1' }] })),
      }).catch((e: unknown) => e);
      expect(failing).toBeInstanceOf(LayerPairError);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      student.dispose();
    }
  });
});

/** Trains a fresh student (seed 1) and returns its per-epoch losses and final weights; disposes it. */
async function train(config: LayerConfig | undefined, overrides: Partial<TrainOptions> = {}) {
  const student = buildStudent();
  try {
    const reports = await trainClassifier(student, examples, { ...options(overrides), ...(config ? { objective: objectiveOf(config) } : {}) });
    return { reports, losses: reports.map((r) => r.loss), weights: weightsOf(student) };
  } finally {
    student.dispose();
  }
}

describe('training with layer terms', () => {
  for (const [name, config] of [['features', features], ['attention', attention]] as const) {
    it(`${name}: leaves no tensor behind and never changes the teacher`, async () => {
      const teacherBefore = weightsOf(teacher);
      const student = buildStudent();
      const before = tf.memory().numTensors;
      try {
        const reports = await trainClassifier(student, examples, {
          ...options(),
          objective: objectiveOf(config([teacher])),
          evaluation: { x: examples.x, count: examples.count, labels: examples.labels },
        });
        expect(reports.every((r) => Number.isFinite(r.loss) && r.accuracy !== undefined)).toBe(true);
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        student.dispose();
      }
      expect(weightsOf(teacher)).toEqual(teacherBefore);
    });

    it(`${name}: precomputed teacher features give the same loss as computing them in the step`, async () => {
      const layers = [...new Set(config([teacher]).method.pairs.map((p) => p.teacher))];
      const attentionP = name === 'attention' ? { attentionP: 2 } : {};
      const extractions = layers.map((layer) => ({ layer, ...attentionP }));
      const precomputed = await precomputeTeacherFeatures(layersModelInference(teacher), extractions, examples.x, inputShape, { chunkSize: 24 });
      const onTheFly = await train(config([teacher]));
      const fromArrays = await train(config([], { precomputed: [precomputed] }));
      expect(fromArrays.losses).toHaveLength(2);
      fromArrays.losses.forEach((loss, i) => expect(loss).toBeCloseTo(onTheFly.losses[i]!, 5));
      fromArrays.weights.forEach((w, i) => w.forEach((v, j) => expect(v).toBeCloseTo(onTheFly.weights[i]![j]!, 4)));
    });

    it(`${name}: is reproducible from the seed, and the terms change the result`, async () => {
      const first = await train(config([teacher]));
      const again = await train(config([teacher]));
      const otherSeed = await train(config([teacher]), { seed: 2 });
      const plain = await train(undefined);
      expect(again.losses).toEqual(first.losses);
      expect(again.weights).toEqual(first.weights);
      expect(otherSeed.weights).not.toEqual(first.weights);
      expect(plain.weights).not.toEqual(first.weights);
    });
  }

  it('exports the student without adapters: same layers and weights as the plain student', async () => {
    const plain = buildStudent();
    const distilled = buildStudent();
    const artifactsOf = async (model: tf.LayersModel) => {
      let specs: tf.io.WeightsManifestEntry[] = [];
      await model.save(tf.io.withSaveHandler(async (artifacts) => ((specs = artifacts.weightSpecs ?? []), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
      return specs.map((s) => `${s.name} ${s.shape.join('x')}`);
    };
    try {
      const withModel = tf.memory().numTensors;
      await trainClassifier(distilled, examples, { ...options(), objective: objectiveOf(features([teacher])) });
      expect(tf.memory().numTensors).toBe(withModel); // the adapters' variables are gone
      expect(distilled.layers.map((l) => l.name)).toEqual(plain.layers.map((l) => l.name));
      expect(distilled.weights.length).toBe(plain.weights.length);
      expect(await artifactsOf(distilled)).toEqual(await artifactsOf(plain));
    } finally {
      plain.dispose();
      distilled.dispose();
    }
  });

  it('hint stage: trains only the layers up to the hinted one (and adapters), then the whole student', async () => {
    const student = buildStudent();
    const initial = weightsOf(student);
    const afterHints: Float32Array[][] = [];
    const seen: EpochReport[] = [];
    try {
      const reports = await trainClassifier(student, examples, {
        ...options({ epochs: 1 }),
        objective: objectiveOf(features([teacher], { pairs: [{ teacher: 'pool2', student: 'pool2' }], hintEpochs: 2 })),
        onEpoch: (report) => {
          seen.push(report);
          if (report.stage === 'hint' && report.epoch === 2) afterHints.push(weightsOf(student));
        },
      });
      expect(reports.map((r) => [r.stage, r.epoch, r.epochs])).toEqual([['hint', 1, 2], ['hint', 2, 2], [undefined, 1, 1]]);
      expect(seen).toEqual(reports);
      const names = student.weights.map((w) => w.name.split('/')[0]);
      const changedInHints = afterHints[0]!.map((w, i) => !w.every((v, j) => v === initial[i]![j]));
      // conv1 and conv2 (kernel, bias) feed pool2; dense1 and logits do not.
      expect(names).toEqual(['conv1', 'conv1', 'conv2', 'conv2', 'dense1', 'dense1', 'logits', 'logits']);
      expect(changedInHints).toEqual([true, true, true, true, false, false, false, false]);
      const final = weightsOf(student);
      expect(final.every((w, i) => !w.every((v, j) => v === afterHints[0]![i]![j]))).toBe(true);
    } finally {
      student.dispose();
    }
  });

  it('hint stage: FitNets drops the layer terms afterwards unless asked to keep them', async () => {
    const hintOnly = { pairs: [{ teacher: 'pool2', student: 'pool2' }], hintEpochs: 1 };
    const dropped = await train(features([teacher], hintOnly), { epochs: 1 });
    const kept = await train(features([teacher], { ...hintOnly, keepTermsAfterHints: true }), { epochs: 1 });
    expect(dropped.losses[0]).toEqual(kept.losses[0]); // the same hint epoch
    expect(kept.losses[1]).not.toEqual(dropped.losses[1]);
  });

  it('multi-teacher: pairs read layers of the teacher they name', async () => {
    const second = buildTeacher(12);
    try {
      const both = await train(
        attention([teacher, second], {
          variant: 'l2',
          pairs: [
            { teacher: 'conv1', student: 'conv1', teacherIndex: 0 },
            { teacher: 'conv2', student: 'conv2', teacherIndex: 1, weight: 2 },
          ],
        }),
      );
      const firstOnly = await train(attention([teacher], { variant: 'l2', pairs: [{ teacher: 'conv1', student: 'conv1' }] }));
      expect(both.losses.every(Number.isFinite)).toBe(true);
      expect(both.weights).not.toEqual(firstOnly.weights);
    } finally {
      second.dispose();
    }
  });

  it('rejects precomputed features that do not cover the training rows', async () => {
    const precomputed = await precomputeTeacherFeatures(layersModelInference(teacher), [{ layer: 'pool2' }], examples.x.subarray(0, 10 * SIDE * SIDE), inputShape);
    await expect(train(features([], { precomputed: [precomputed], pairs: [{ teacher: 'pool2', student: 'pool2' }] }))).rejects.toThrow(
      /cover 10 rows; the training examples have 64/,
    );
  });
});

describe('checkpoints of runs with layer terms', () => {
  /** FitNets with a hint stage and adapters on every pair: the hardest case to resume. */
  const withHints = () => features([teacher], { hintEpochs: 2, keepTermsAfterHints: true });

  async function run(resume?: TrainingCheckpoint, signal?: AbortSignal) {
    const student = buildStudent();
    const saved: TrainingCheckpoint[] = [];
    const before = tf.memory().numTensors;
    const reports = await trainClassifier(student, examples, {
      ...options({ epochs: 2 }),
      objective: objectiveOf(withHints()),
      ...(resume ? { resume } : {}),
      ...(signal ? { signal } : {}),
      onCheckpoint: async (checkpoint) => void saved.push(checkpoint),
    }).catch(() => undefined);
    const leaked = tf.memory().numTensors - before;
    const weights = weightsOf(student);
    student.dispose();
    return { reports, saved, weights, leaked };
  }

  it('checkpoint the adapters and the stage: resuming after any epoch of either stage ends where an uninterrupted run does', async () => {
    const whole = await run();
    expect(whole.saved.map((c) => [c.stage, c.epoch])).toEqual([[0, 1], [0, 2], [1, 1], [1, 2]]);
    // Three pairs, three adapters (kernel and bias each).
    expect(whole.saved.every((c) => c.extra.length === 6)).toBe(true);
    for (const checkpoint of whole.saved.slice(0, -1)) {
      const resumed = await run(checkpoint);
      expect(resumed.leaked).toBe(0);
      expect(resumed.reports!.map((r) => [r.stage, r.epoch, r.loss])).toEqual(whole.reports!.map((r) => [r.stage, r.epoch, r.loss]));
      expect(resumed.weights).toEqual(whole.weights);
    }
  });

  it('resume mid-epoch, adapters and all, from where a stopped worker left off', async () => {
    const whole = await run();
    // 64 rows in batches of 16: 4 steps an epoch; stop 2 steps into the main stage's first epoch (after 8 hint steps).
    const stopped = await run(undefined, abortAfterReads(10));
    expect(stopped.reports).toBeUndefined();
    const last = stopped.saved.at(-1)!;
    expect(last).toMatchObject({ stage: 1, epoch: 0, step: 2, partial: { lossCount: 2, samples: 32 } });
    const resumed = await run(last);
    expect(resumed.reports!.map((r) => r.loss)).toEqual(whole.reports!.map((r) => r.loss));
    expect(resumed.weights).toEqual(whole.weights);
  });

  it('without the adapters, a resumed run would not match: they are really restored', async () => {
    const whole = await run();
    const [afterOneHintEpoch, afterHints] = whole.saved;
    // The end of the hint stage with the adapters of an epoch before: everything else is right.
    const misrestored = await run({ ...afterHints!, extra: afterOneHintEpoch!.extra });
    expect(misrestored.weights).not.toEqual(whole.weights);
  });
});

