import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { abortAfterReads } from './test-helpers.ts';
import { aggregateTeachers } from './aggregate.ts';
import { selectBackend } from './backend/select-backend.ts';
import { accuracy, type Examples, type LabelledSet } from './tasks/classification/examples.ts';
import { predictLogits } from './teachers/inference-model.ts';
import { buildClassifier } from './models.ts';
import { mulberry32 } from './random.ts';
import { trainClassifier, type TrainOptions } from './train.ts';
import { NonFiniteLossError } from './training/errors.ts';

const CLASSES = 3;
const FEATURES = 8;

/** Gaussian blobs: class centres ~ N(0, 3²) per feature, samples ~ N(centre, 1). */
function blobs(count: number, seed: number, centreSeed = 7): LabelledSet {
  const normal = (random: () => number) => () =>
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centreNormal = normal(mulberry32(centreSeed));
  const centres = Float32Array.from({ length: CLASSES * FEATURES }, () => 3 * centreNormal());
  const random = mulberry32(seed);
  const sample = normal(random);
  const x = new Float32Array(count * FEATURES);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % CLASSES;
    labels[i] = label;
    for (let f = 0; f < FEATURES; f++) x[i * FEATURES + f] = centres[label * FEATURES + f]! + sample();
  }
  return { x, count, labels };
}

const train = blobs(96, 1);
const test = blobs(150, 2);
const inputShape = [FEATURES];
const examples: Examples = { x: train.x, count: train.count, inputShape, labels: train.labels };

/** Half the samples unlabelled, every sample with a (made-up but valid) soft target. */
function withSoftTargets(): Examples {
  const labels = train.labels.map((label, i) => (i % 2 === 0 ? label : -1));
  const probs = new Float32Array(train.count * CLASSES);
  train.labels.forEach((label, i) => {
    for (let c = 0; c < CLASSES; c++) probs[i * CLASSES + c] = c === label ? 0.8 : 0.1;
  });
  return { ...examples, labels, soft: { probs, mask: new Uint8Array(train.count).fill(1) } };
}

const options = (overrides: Partial<TrainOptions> = {}): TrainOptions => ({
  numClasses: CLASSES,
  epochs: 3,
  batchSize: 32,
  learningRate: 0.01,
  seed: 1,
  ...overrides,
});

const build = (seed = 1, hidden = [16]) => buildClassifier({ kind: 'mlp', hidden }, inputShape, CLASSES, seed);

/** Copies of the current values of the model's weights. */
const weightsOf = (model: tf.LayersModel): Float32Array[] =>
  model.weights.map((w) => (w.read().dataSync() as Float32Array).slice());

/** Counts forward passes: without evaluation, trainClassifier runs exactly one per optimizer step. */
function countApplies(model: tf.LayersModel): { count: number } {
  const counter = { count: 0 };
  const apply = model.apply.bind(model);
  model.apply = (...args: Parameters<typeof apply>) => {
    counter.count++;
    return apply(...args);
  };
  return counter;
}

/** Runs `body` with a fresh model and checks that it leaves no tensor behind once the model is disposed. */
async function withoutLeaks(body: (model: tf.LayersModel) => Promise<void>, seed = 1): Promise<void> {
  const before = tf.memory().numTensors;
  const model = build(seed);
  try {
    await body(model);
  } finally {
    model.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('trainClassifier', () => {
  it('leaves no tensors behind, with distillation targets and evaluation', async () => {
    await withoutLeaks(async (model) => {
      const withModel = tf.memory().numTensors;
      const reports = await trainClassifier(model, withSoftTargets(), {
        ...options(),
        distillation: { temperature: 4, alpha: 0.9 },
        evaluation: test,
      });
      expect(reports).toHaveLength(3);
      expect(reports.every((r) => Number.isFinite(r.loss) && r.accuracy !== undefined)).toBe(true);
      // Nothing of the optimizer or the batches outlives the call.
      expect(tf.memory().numTensors).toBe(withModel);
    });
  });

  it('learns a separable problem', async () => {
    await withoutLeaks(async (model) => {
      const reports = await trainClassifier(model, examples, { ...options({ epochs: 5 }), evaluation: test });
      expect(reports.at(-1)!.accuracy).toBeGreaterThan(0.9);
      expect(reports.at(-1)!.loss).toBeLessThan(reports[0]!.loss);
      const logits = await predictLogits(model, test.x, inputShape);
      expect(accuracy(logits, test.labels, CLASSES)).toBe(reports.at(-1)!.accuracy);
    });
  });

  it('is reproducible from its seed', async () => {
    const run = async (seed: number) => {
      const model = build(seed);
      try {
        const reports = await trainClassifier(model, withSoftTargets(), {
          ...options({ seed }),
          distillation: { temperature: 2, alpha: 0.5 },
        });
        return { losses: reports.map((r) => r.loss), weights: weightsOf(model) };
      } finally {
        model.dispose();
      }
    };
    const first = await run(1);
    const again = await run(1);
    const other = await run(2);
    expect(again.losses).toEqual(first.losses);
    expect(again.weights).toEqual(first.weights);
    expect(other.losses).not.toEqual(first.losses);
    expect(other.weights).not.toEqual(first.weights);
  });

  it('shuffles from its seed too, not only the initial weights', async () => {
    // Same initial weights (model seed 1), different training seeds.
    const run = async (seed: number) => {
      const model = build(1);
      try {
        await trainClassifier(model, examples, options({ seed, epochs: 1 }));
        return weightsOf(model);
      } finally {
        model.dispose();
      }
    };
    expect(await run(2)).not.toEqual(await run(1));
  });

  it('stops after exactly `steps` optimizer steps', async () => {
    const stepsPerEpoch = Math.ceil(examples.count / 32); // 3
    const steps = 7;
    await withoutLeaks(async (model) => {
      const applies = countApplies(model);
      const epochs: number[] = [];
      const reports = await trainClassifier(model, examples, {
        ...options({ epochs: 100, steps }),
        onEpoch: (report) => void epochs.push(report.epochs),
      });
      expect(applies.count).toBe(steps);
      expect(reports).toHaveLength(Math.ceil(steps / stepsPerEpoch));
      expect(new Set(epochs)).toEqual(new Set([Math.ceil(steps / stepsPerEpoch)]));
    });
  });

  it('with steps = k epochs of steps, trains exactly as k epochs', async () => {
    const stepsPerEpoch = Math.ceil(examples.count / 32);
    const run = async (overrides: Partial<TrainOptions>) => {
      const model = build(3);
      try {
        const reports = await trainClassifier(model, examples, options(overrides));
        return { losses: reports.map((r) => r.loss), weights: weightsOf(model) };
      } finally {
        model.dispose();
      }
    };
    const byEpochs = await run({ epochs: 2 });
    const bySteps = await run({ epochs: 50, steps: 2 * stepsPerEpoch });
    expect(bySteps).toEqual(byEpochs);
  });

  it('rejects promptly on an already-aborted signal, leaving no tensors behind', async () => {
    await withoutLeaks(async (model) => {
      const before = weightsOf(model);
      const applies = countApplies(model);
      const controller = new AbortController();
      const reason = new Error('cancelled by the user');
      controller.abort(reason);
      const started = performance.now();
      await expect(
        trainClassifier(model, withSoftTargets(), {
          ...options({ epochs: 50 }),
          distillation: { temperature: 4, alpha: 0.9 },
          evaluation: test,
          signal: controller.signal,
        }),
      ).rejects.toBe(reason);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(applies.count).toBe(0);
      expect(weightsOf(model)).toEqual(before);
    });
  });

  it('stops within one batch when aborted during training', async () => {
    await withoutLeaks(async (model) => {
      const controller = new AbortController();
      const applies = countApplies(model);
      const reports: number[] = [];
      await expect(
        trainClassifier(model, examples, {
          ...options({ epochs: 50 }),
          signal: controller.signal,
          onEpoch: (report) => {
            reports.push(report.epoch);
            if (report.epoch === 2) controller.abort();
          },
        }),
      ).rejects.toThrow(/abort/i);
      expect(reports).toEqual([1, 2]);
      expect(applies.count).toBe(2 * Math.ceil(examples.count / 32));
    });
  });

  it('rejects with NonFiniteLossError when the loss diverges', async () => {
    await withoutLeaks(async (model) => {
      await expect(trainClassifier(model, examples, options({ learningRate: 1e30 }))).rejects.toBeInstanceOf(
        NonFiniteLossError,
      );
    });
  });

  it('rejects with NonFiniteLossError on a NaN input', async () => {
    const x = examples.x.slice();
    x[5] = Number.NaN;
    await withoutLeaks(async (model) => {
      const error = await trainClassifier(model, { ...examples, x }, { ...options(), batchSize: examples.count }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NonFiniteLossError);
      expect((error as Error).message).toMatch(/epoch 1, step 1/);
    });
  });

  it('rejects an empty training set instead of looping forever on `steps`', async () => {
    const empty: Examples = { x: new Float32Array(0), count: 0, inputShape, labels: new Int32Array(0) };
    await withoutLeaks(async (model) => {
      await expect(trainClassifier(model, empty, options({ steps: 5 }))).rejects.toThrow(/at least one/);
    });
  });

  it("changes only the student's variables, never a teacher's", async () => {
    const teacher = build(11, [32, 16]);
    try {
      await trainClassifier(teacher, examples, options());
      const teacherBefore = weightsOf(teacher);
      const teacherLogits = await predictLogits(teacher, train.x, inputShape);
      const probs = tf.tidy(() => aggregateTeachers([tf.tensor2d(teacherLogits, [train.count, CLASSES])], [1], 'mean', 4));
      const soft = { probs: (await probs.data()) as Float32Array, mask: new Uint8Array(train.count).fill(1) };
      probs.dispose();

      await withoutLeaks(async (student) => {
        const studentBefore = weightsOf(student);
        await trainClassifier(student, { ...examples, soft }, { ...options(), distillation: { temperature: 4, alpha: 0.9 } });
        const studentAfter = weightsOf(student);
        expect(studentAfter.every((w, i) => !w.every((v, j) => v === studentBefore[i]![j]))).toBe(true);
      });
      expect(weightsOf(teacher)).toEqual(teacherBefore);
    } finally {
      teacher.dispose();
    }
  });
});

describe('checkpoints', () => {
  async function runToTheEnd(resume?: TrainOptions['resume'], signal?: AbortSignal) {
    const model = build(3);
    const saved: NonNullable<TrainOptions['resume']>[] = [];
    const reports = await trainClassifier(model, withSoftTargets(), options({ epochs: 5, batchSize: 16, ...(resume ? { resume } : {}), ...(signal ? { signal } : {}), onCheckpoint: async (c) => void saved.push(c) })).catch(() => undefined);
    return { model, reports, saved };
  }

  it('resumes after a completed epoch exactly where an uninterrupted run would be', async () => {
    (await runToTheEnd()).model.dispose(); // first runs create backend caches that stay
    let before = tf.memory().numTensors;
    const whole = await runToTheEnd();
    const leftByAWholeRun = tf.memory().numTensors - before; // the model's own tensors
    expect(whole.saved.map((c) => c.epoch)).toEqual([1, 2, 3, 4, 5]);
    before = tf.memory().numTensors;
    const resumed = await runToTheEnd(whole.saved[1]); // from the end of epoch 2
    expect(tf.memory().numTensors - before).toBe(leftByAWholeRun); // restoring leaks nothing
    expect(resumed.reports!.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(resumed.saved.map((c) => c.epoch)).toEqual([3, 4, 5]); // epochs 1 and 2 were not run again
    expect(resumed.reports!.map((r) => r.loss)).toEqual(whole.reports!.map((r) => r.loss));
    expect(weightsOf(resumed.model)).toEqual(weightsOf(whole.model));
    for (const model of [whole.model, resumed.model]) model.dispose();
  });

  it('checkpoints when stopped mid-epoch and resumes from that batch', async () => {
    const whole = await runToTheEnd();
    // 96 samples in batches of 16: 6 steps an epoch; stop before the 9th step (3 into epoch 2).
    const stopped = await runToTheEnd(undefined, abortAfterReads(8));
    expect(stopped.reports).toBeUndefined();
    const last = stopped.saved.at(-1)!;
    expect(last).toMatchObject({ epoch: 1, step: 8, partial: { lossCount: 2, samples: 32 } });
    const resumed = await runToTheEnd(last);
    expect(resumed.reports!.map((r) => r.loss)).toEqual(whole.reports!.map((r) => r.loss));
    expect(weightsOf(resumed.model)).toEqual(weightsOf(whole.model));
    for (const model of [whole.model, stopped.model, resumed.model]) model.dispose();
  });

  it('refuses a checkpoint of another architecture', async () => {
    const whole = await runToTheEnd();
    const other = build(3, [8]);
    await expect(trainClassifier(other, examples, options({ resume: whole.saved[0]! }))).rejects.toThrow(/another architecture/);
    for (const model of [whole.model, other]) model.dispose();
  });

  it('resumes dropout exactly: a checkpoint keeps how many masks each dropout layer has drawn', async () => {
    const withDropout = () => buildClassifier({ kind: 'mlp', hidden: [16, 8], dropout: 0.3 }, inputShape, CLASSES, 3);
    const runFrom = async (resume?: TrainOptions['resume']) => {
      const model = withDropout();
      const saved: NonNullable<TrainOptions['resume']>[] = [];
      const reports = await trainClassifier(model, examples, options({ epochs: 4, ...(resume ? { resume } : {}), onCheckpoint: async (c) => void saved.push(c) }));
      const weights = weightsOf(model);
      model.dispose();
      return { reports, saved, weights };
    };
    const whole = await runFrom();
    expect(whole.saved[1]!.dropoutCalls).toEqual([6, 6]); // 3 steps an epoch, one mask per step and layer
    const resumed = await runFrom(whole.saved[1]);
    expect(resumed.reports.map((r) => r.loss)).toEqual(whole.reports.map((r) => r.loss));
    expect(resumed.weights).toEqual(whole.weights);
  });
});
