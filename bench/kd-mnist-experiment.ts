/**
 * Does distillation beat the same student trained on its labels alone, on real
 * MNIST, with the service's exact recipe? No Redis, no storage: the kd and
 * datasets packages only, assembled the way the worker's processors do it:
 *
 *   train.ts          teachers: trainClassifier on their labelled dataset
 *   teacher-logits.ts predictLogits on the transfer set's train split and the test split
 *   aggregate.ts      aggregateTeachers(transfer logits, weights, strategy, T)
 *   distill.ts        student examples = distillationExamples(...),
 *                     steps = epochs * ceil(examples.count / batchSize) for the
 *                     student AND the baseline (same architecture, same seed,
 *                     labelled split only, plain cross-entropy).
 *
 * Usage (every list flag is a grid axis; all combinations run):
 *   npx tsx bench/kd-mnist-experiment.ts \
 *     --seeds=1,2,3 --labelled=1000 --transfer=5000,same --transfer-offset=10000 \
 *     --teacher-size=10000 --teachers=256 --teacher-epochs=3 \
 *     --student=32 --epochs=5 --T=4 --alpha=0.9 --test=2000
 *
 *   --transfer      N (N unlabelled MNIST training images from --transfer-offset,
 *                   labelled:false, appended with label -1) or `same` (the
 *                   transfer set is the labelled set itself: every sample has
 *                   both its label and a soft target)
 *   --teachers      architectures joined by `+`, hidden sizes joined by `x`:
 *                   `256`, `512x512`, `256+512x512` (two teachers, mean of
 *                   their tempered probabilities)
 *   --teacher-seed  `run` (default: teachers are retrained for every seed, from
 *                   seed*1000+index) or a number (one fixed teacher set for all seeds)
 *   --backend       wasm (default) | cpu | auto
 */
import * as tf from '@tensorflow/tfjs';
import type { AggregationStrategy, Architecture } from '@distillery/contracts';
import { loadBuiltin, type LoadedDataset } from '@distillery/datasets';
import {
  accuracy,
  aggregateTeachers,
  buildClassifier,
  distillationExamples,
  predictLogits,
  selectBackend,
  trainClassifier,
  type BackendChoice,
  type Examples,
} from '@distillery/kd';
import { parseFlags } from './lib/flags.ts';

// ---------------------------------------------------------------- arguments

const { str, num, list } = parseFlags([
  'seeds', 'labelled', 'transfer', 'transfer-offset', 'teacher-size', 'teachers', 'teacher-epochs', 'teacher-seed',
  'student', 'epochs', 'T', 'alpha', 'lr', 'batch', 'test', 'strategy', 'backend',
]);
const mlp = (spec: string): Architecture => ({ kind: 'mlp', hidden: spec.split('x').map(Number) });

const seeds = list('seeds', '1,2,3').map(Number);
const labelledSize = num('labelled', 1000);
const transfers = list('transfer', '5000');
const transferOffset = num('transfer-offset', 10000);
const teacherSize = num('teacher-size', 10000);
const teacherSpecs = str('teachers', '256').split('+');
const teacherEpochs = num('teacher-epochs', 3);
const teacherSeed = str('teacher-seed', 'run');
const studentSpec = str('student', '32');
const epochsGrid = list('epochs', '5').map(Number);
const temperatures = list('T', '4').map(Number);
const alphas = list('alpha', '0.9').map(Number);
const learningRate = num('lr', 0.001);
const batchSize = num('batch', 128);
const testSize = num('test', 2000);
const strategy = str('strategy', 'mean') as AggregationStrategy;
const numClasses = 10;

// ---------------------------------------------------------------- the service's recipe

/** shared.ts labelledExamples. */
function labelledExamples(data: LoadedDataset): Examples {
  return { x: data.train.x, count: data.train.count, inputShape: data.inputShape, labels: data.train.y! };
}

interface Teacher {
  model: tf.LayersModel;
  testAccuracy: number;
  seconds: number;
}

const mnist = (offset: number, trainSize: number, labelled: boolean) =>
  loadBuiltin({ builtin: 'mnist', options: { offset, trainSize, testSize, labelled } });

/** train.ts: a teacher on its labelled dataset, evaluated on the test split. */
async function trainTeacher(spec: string, seed: number, data: LoadedDataset): Promise<Teacher> {
  const started = performance.now();
  const model = buildClassifier(mlp(spec), data.inputShape, numClasses, seed);
  const reports = await trainClassifier(model, labelledExamples(data), {
    epochs: teacherEpochs,
    batchSize,
    learningRate,
    seed,
    numClasses,
    evaluation: { x: data.test.x, count: data.test.count, labels: data.test.y! },
  });
  return { model, testAccuracy: reports.at(-1)!.accuracy!, seconds: (performance.now() - started) / 1000 };
}

/** teacher-logits.ts + aggregate.ts: the aggregated probabilities at T. */
async function aggregatedTargets(teachers: Teacher[], x: Float32Array, inputShape: number[], temperature: number): Promise<Float32Array> {
  const logits: Float32Array[] = [];
  for (const t of teachers) logits.push(await predictLogits(t.model, x, inputShape));
  const probs = tf.tidy(() =>
    aggregateTeachers(
      logits.map((l) => tf.tensor2d(l, [l.length / numClasses, numClasses])),
      teachers.map(() => 1),
      strategy,
      temperature,
    ),
  );
  const values = await probs.data<'float32'>();
  probs.dispose();
  return values as Float32Array;
}

/** distill.ts trainOne: the student or its step-matched baseline; returns test accuracy. */
async function trainStudent(
  run: 'student' | 'baseline',
  examples: Examples,
  labelled: LoadedDataset,
  steps: number,
  seed: number,
  epochs: number,
  method: { temperature: number; alpha: number },
): Promise<number> {
  const model = buildClassifier(mlp(studentSpec), labelled.inputShape, numClasses, seed);
  try {
    await trainClassifier(model, run === 'student' ? examples : labelledExamples(labelled), {
      epochs,
      batchSize,
      learningRate,
      seed,
      numClasses,
      steps,
      ...(run === 'student' ? { distillation: method } : {}),
    });
    const logits = await predictLogits(model, labelled.test.x, labelled.inputShape);
    return accuracy(logits, labelled.test.y!, numClasses);
  } finally {
    model.dispose();
  }
}

// ---------------------------------------------------------------- main

const backend = await selectBackend(str('backend', 'wasm') as BackendChoice);
const labelled = mnist(0, labelledSize, true);
const teacherData = mnist(0, teacherSize, true);
const transferSets = new Map<string, LoadedDataset>();
for (const t of transfers) if (t !== 'same') transferSets.set(t, mnist(transferOffset, Number(t), false));

console.log(`backend ${backend.backend} (${backend.device}), node ${process.version}`);
console.log(
  `labelled: MNIST train[0, ${labelledSize}); teachers ${teacherSpecs.join(' + ')} on train[0, ${teacherSize}), ` +
    `${teacherEpochs} epochs, seed ${teacherSeed === 'run' ? 'seed*1000+i' : teacherSeed}; transfer: ` +
    transfers.map((t) => (t === 'same' ? 'same as labelled' : `train[${transferOffset}, ${transferOffset + Number(t)}) unlabelled`)).join(' | ') +
    `; student mlp [${studentSpec}], batch ${batchSize}, lr ${learningRate}, strategy ${strategy}; test: first ${testSize} MNIST test images`,
);

const teacherCache = new Map<number, Teacher[]>();
async function teachersFor(seed: number): Promise<Teacher[]> {
  const base = teacherSeed === 'run' ? seed * 1000 : Number(teacherSeed);
  let teachers = teacherCache.get(base);
  if (!teachers) {
    teachers = [];
    for (const [i, spec] of teacherSpecs.entries()) teachers.push(await trainTeacher(spec, base + i, teacherData));
    teacherCache.set(base, teachers);
  }
  return teachers;
}

interface Row {
  config: string;
  seed: number;
  teacher: string;
  student: number;
  baseline: number;
  seconds: number;
}
const rows: Row[] = [];
const pct = (v: number) => (100 * v).toFixed(2);
const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(
  `\n${'transfer'.padEnd(8)} ${pad('T', 3)} ${pad('alpha', 5)} ${pad('ep', 3)} ${pad('steps', 5)} ${pad('seed', 4)} ` +
    `${'teacher acc (train s)'.padEnd(24)} ${pad('ens', 6)} ${pad('student', 7)} ${pad('baseline', 8)} ${pad('delta', 6)} ${pad('sec', 5)}`,
);
for (const transfer of transfers) {
  for (const temperature of temperatures) {
    for (const alpha of alphas) {
      for (const epochs of epochsGrid) {
        const config = `transfer=${transfer} T=${temperature} alpha=${alpha} epochs=${epochs}`;
        for (const seed of seeds) {
          const teachers = await teachersFor(seed);
          const started = performance.now();
          const sameSet = transfer === 'same';
          const transferData = sameSet ? labelled : transferSets.get(transfer)!;
          const soft = await aggregatedTargets(teachers, transferData.train.x, transferData.inputShape, temperature);
          const ensemble = accuracy(await aggregatedTargets(teachers, labelled.test.x, labelled.inputShape, 1), labelled.test.y!, numClasses);
          const examples = distillationExamples({
            labelled: { x: labelled.train.x, count: labelled.train.count, labels: labelled.train.y! },
            ...(sameSet ? {} : { transfer: transferData.train }),
            inputShape: labelled.inputShape,
            softTargets: soft,
          });
          const steps = epochs * Math.ceil(examples.count / batchSize);
          const method = { temperature, alpha };
          const student = await trainStudent('student', examples, labelled, steps, seed, epochs, method);
          const baseline = await trainStudent('baseline', examples, labelled, steps, seed, epochs, method);
          const seconds = (performance.now() - started) / 1000;
          const teacher = teachers.map((t) => `${pct(t.testAccuracy)} (${t.seconds.toFixed(1)})`).join(' / ');
          rows.push({ config, seed, teacher, student, baseline, seconds });
          console.log(
            `${transfer.padEnd(8)} ${pad(temperature, 3)} ${pad(alpha, 5)} ${pad(epochs, 3)} ${pad(steps, 5)} ${pad(seed, 4)} ` +
              `${teacher.padEnd(24)} ${pad(pct(ensemble), 6)} ${pad(pct(student), 7)} ${pad(pct(baseline), 8)} ` +
              `${pad((100 * (student - baseline)).toFixed(2), 6)} ${pad(seconds.toFixed(1), 5)}`,
          );
        }
      }
    }
  }
}

console.log('\nsummary (delta = student - baseline, percentage points)');
for (const config of new Set(rows.map((r) => r.config))) {
  const group = rows.filter((r) => r.config === config);
  const deltas = group.map((r) => 100 * (r.student - r.baseline));
  const mean = deltas.reduce((a, b) => a + b, 0) / deltas.length;
  const wins = deltas.filter((d) => d > 0).length;
  console.log(
    `${config.padEnd(46)} mean ${mean.toFixed(2).padStart(6)}  min ${Math.min(...deltas).toFixed(2).padStart(6)}  ` +
      `wins ${wins}/${deltas.length}  mean sec/seed ${(group.reduce((a, r) => a + r.seconds, 0) / group.length).toFixed(1)}`,
  );
}
for (const teachers of teacherCache.values()) for (const t of teachers) t.model.dispose();
console.log(`\ntotal ${(performance.now() / 1000).toFixed(1)} s, tensors left ${tf.memory().numTensors}`);
