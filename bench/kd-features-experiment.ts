/**
 * Do feature distillation (FitNets hints) and attention transfer help a small
 * CNN student on real MNIST, beyond the same student trained alone and beyond
 * logit KD alone? kd package only (no Redis, no storage), same seeds for every
 * method, every student run step-matched.
 *
 *   teacher    CNN (default filters [32,64], dense [128]) on MNIST train[0, teacher-size)
 *   student    CNN (default filters [8,16], dense [32]), initialised from the seed
 *   labelled   MNIST train[0, labelled) with labels
 *   transfer   MNIST train[transfer-offset, +transfer) without labels
 *
 *   baseline   the student on the labelled set alone, plain cross-entropy
 *   kd         labelled + transfer, Hinton KD: (1-alpha) CE + alpha T^2 KL
 *   features   kd + sum_pairs weight * mse/cosine(adapter(student layer), teacher layer)
 *   hints      features with a FitNets hint stage of --hint-epochs first
 *              (counted inside the same step budget)
 *   attention  kd + beta * sum_pairs mean((Q_s - Q_t)^2) (attention transfer,
 *              the authors' mean-squared form)
 *
 * Every run takes steps = epochs * ceil((labelled + transfer) / batch)
 * optimizer steps, the baseline included. Teacher features are precomputed
 * once per teacher with precomputeTeacherFeatures (the on-the-fly path gives
 * the same loss; the unit tests show it).
 *
 * Usage:
 *   npx tsx bench/kd-features-experiment.ts --seeds=1,2,3 --methods=baseline,kd,features,attention \
 *     --labelled=1000 --transfer=5000 --teacher-size=10000 --teacher-epochs=3 --epochs=5
 *
 *   --teacher / --student   filters and dense units: `32x64:128` is filters [32,64], dense [128]
 *   --feature-pairs         teacherLayer>studentLayer[*weight], joined by `+` (default pool2>pool2)
 *   --attention-pairs       same syntax (default conv1>conv1+conv2>conv2)
 *   --feature-loss          mse | cosine;  --beta (attention, default 1000);  --hint-epochs (default 1)
 *   --teacher-seed          a number (one teacher for every seed; default 100) or `run` (seed*1000)
 *   --keep-terms            hints: keep the feature term after the hint stage (FitNets drops it; default false)
 *   --teacher-cache         a folder: trained teachers are saved there and reloaded by later runs
 *                           with the same teacher flags (for trying variants without retraining)
 */
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Architecture } from '@distillery/contracts';
import { loadBuiltin, type LoadedDataset } from '@distillery/datasets';
import {
  accuracy,
  aggregateTeachers,
  buildClassifier,
  countParameters,
  distillationExamples,
  precomputeTeacherFeatures,
  predictLogits,
  selectBackend,
  trainClassifier,
  layersModelInference,
  methodObjective,
  resolveMethod,
  type BackendChoice,
  type Examples,
  type MethodRequest,
  type PrecomputedFeatures,
} from '@distillery/kd';
import { parseFlags } from './lib/flags.ts';
import { mean } from './lib/report.ts';

// ---------------------------------------------------------------- arguments

const flags = parseFlags([
  'seeds', 'methods', 'labelled', 'transfer', 'transfer-offset', 'teacher-size', 'teacher', 'teacher-epochs', 'teacher-seed',
  'student', 'epochs', 'T', 'alpha', 'lr', 'batch', 'test', 'feature-pairs', 'feature-loss',
  'attention-pairs', 'beta', 'hint-epochs', 'keep-terms', 'teacher-cache', 'backend',
]);
const { str, num } = flags;

const cnn = (spec: string): Architecture => {
  const [filters = '', dense = ''] = spec.split(':');
  return { kind: 'cnn', filters: filters.split('x').map(Number), dense: dense ? dense.split('x').map(Number) : [] };
};
const pairsOf = (spec: string): { teacher: string; student: string; weight: number }[] =>
  spec.split('+').map((p) => {
    const match = /^([^>]+)>([^*]+)(?:\*(.+))?$/.exec(p);
    if (!match) throw new Error(`pair '${p}' is not teacherLayer>studentLayer[*weight]`);
    return { teacher: match[1]!, student: match[2]!, weight: match[3] ? Number(match[3]) : 1 };
  });

const seeds = str('seeds', '1,2,3').split(',').map(Number);
const methods = str('methods', 'baseline,kd,features,attention').split(',');
const labelledSize = num('labelled', 1000);
const transferSize = num('transfer', 5000);
const transferOffset = num('transfer-offset', 10000);
const teacherSize = num('teacher-size', 10000);
const teacherSpec = str('teacher', '32x64:128');
const teacherEpochs = num('teacher-epochs', 3);
const teacherSeed = str('teacher-seed', '100');
const studentSpec = str('student', '8x16:32');
const epochs = num('epochs', 5);
const temperature = num('T', 4);
const alpha = num('alpha', 0.9);
const learningRate = num('lr', 0.001);
const batchSize = num('batch', 128);
const testSize = num('test', 2000);
const featurePairs = pairsOf(str('feature-pairs', 'pool2>pool2'));
const featureLoss = str('feature-loss', 'mse') as 'mse' | 'cosine';
const attentionPairs = pairsOf(str('attention-pairs', 'conv1>conv1+conv2>conv2'));
const beta = num('beta', 1000);
const hintEpochs = num('hint-epochs', 1);
const keepTerms = str('keep-terms', 'false') === 'true';
const teacherCache = flags.get('teacher-cache');
const numClasses = 10;
for (const m of methods) if (!['baseline', 'kd', 'features', 'hints', 'attention'].includes(m)) throw new Error(`unknown method ${m}`);

// ---------------------------------------------------------------- data and teacher

const started = performance.now();
const backend = await selectBackend(str('backend', 'wasm') as BackendChoice);
const mnist = (offset: number, trainSize: number, labelled: boolean) =>
  loadBuiltin({ builtin: 'mnist', options: { offset, trainSize, testSize, labelled } });
const labelled = mnist(0, labelledSize, true);
const transfer = mnist(transferOffset, transferSize, false);
const teacherData = mnist(0, teacherSize, true);
const inputShape = labelled.inputShape;
const test = { x: labelled.test.x, labels: labelled.test.y! };
const labelledExamples = (data: LoadedDataset): Examples => ({ x: data.train.x, count: data.train.count, inputShape, labels: data.train.y! });

interface Teacher {
  model: tf.LayersModel;
  testAccuracy: number;
  seconds: number;
  soft: Float32Array;
  /** Teacher layers for every row of the student's examples (labelled, then transfer). */
  features: PrecomputedFeatures;
  attention: PrecomputedFeatures;
}

const teachers = new Map<number, Teacher>();
async function teacherFor(seed: number, studentRows: Float32Array): Promise<Teacher> {
  const tSeed = teacherSeed === 'run' ? seed * 1000 : Number(teacherSeed);
  const cached = teachers.get(tSeed);
  if (cached) return cached;
  const t0 = performance.now();
  const model = (await loadCachedTeacher(tSeed)) ?? buildClassifier(cnn(teacherSpec), inputShape, numClasses, tSeed);
  if (model.name !== 'cached-teacher') {
    await trainClassifier(model, labelledExamples(teacherData), { epochs: teacherEpochs, batchSize, learningRate, seed: tSeed, numClasses });
    await saveCachedTeacher(tSeed, model);
  }
  const seconds = (performance.now() - t0) / 1000;
  const testAccuracy = accuracy(await predictLogits(model, test.x, inputShape), test.labels, numClasses);
  const transferLogits = await predictLogits(model, transfer.train.x, inputShape);
  const probs = tf.tidy(() => aggregateTeachers([tf.tensor2d(transferLogits, [transfer.train.count, numClasses])], [1], 'mean', temperature));
  const soft = (await probs.data()) as Float32Array;
  probs.dispose();
  const layers = (pairs: { teacher: string }[], attentionP?: number) => [...new Set(pairs.map((p) => p.teacher))].map((layer) => ({ layer, ...(attentionP ? { attentionP } : {}) }));
  const features = await precomputeTeacherFeatures(layersModelInference(model), layers(featurePairs), studentRows, inputShape);
  const attention = await precomputeTeacherFeatures(layersModelInference(model), layers(attentionPairs, 2), studentRows, inputShape);
  const teacher = { model, testAccuracy, seconds, soft, features, attention };
  teachers.set(tSeed, teacher);
  return teacher;
}

/** Bench-only convenience: a teacher trained with the same flags is reused across runs. */
const cacheFile = (tSeed: number) =>
  join(teacherCache!, `teacher-${teacherSpec}-n${teacherSize}-e${teacherEpochs}-s${tSeed}-lr${learningRate}-b${batchSize}`);
async function loadCachedTeacher(tSeed: number): Promise<tf.LayersModel | undefined> {
  if (!teacherCache || !existsSync(`${cacheFile(tSeed)}.json`)) return undefined;
  const { modelTopology, weightSpecs } = JSON.parse(readFileSync(`${cacheFile(tSeed)}.json`, 'utf8'));
  const bytes = readFileSync(`${cacheFile(tSeed)}.bin`);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs, weightData }));
  model.name = 'cached-teacher';
  return model;
}
async function saveCachedTeacher(tSeed: number, model: tf.LayersModel): Promise<void> {
  if (!teacherCache) return;
  mkdirSync(teacherCache, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      writeFileSync(`${cacheFile(tSeed)}.json`, JSON.stringify({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs }));
      writeFileSync(`${cacheFile(tSeed)}.bin`, new Uint8Array(artifacts.weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

// ---------------------------------------------------------------- runs

interface Result {
  method: string;
  seed: number;
  accuracy: number;
  seconds: number;
}

async function runMethod(method: string, seed: number, teacher: Teacher, distilled: Examples, steps: number): Promise<Result> {
  const t0 = performance.now();
  const student = buildClassifier(cnn(studentSpec), inputShape, numClasses, seed);
  const common = { epochs, batchSize, learningRate, seed, numClasses, steps };
  const logits = { distillation: { temperature, alpha } };
  const stepsPerEpoch = Math.ceil(distilled.count / batchSize);
  // The service's method modules, on the teacher's precomputed layers.
  const objective = (method: MethodRequest, precomputed: PrecomputedFeatures) => methodObjective(resolveMethod(method), { teachers: [], precomputed: [precomputed] });
  const features = (hints: number) =>
    objective({ kind: 'features', temperature, alpha, loss: featureLoss, pairs: featurePairs, hintEpochs: hints, keepTermsAfterHints: keepTerms }, teacher.features);
  try {
    switch (method) {
      case 'baseline':
        await trainClassifier(student, labelledExamples(labelled), common);
        break;
      case 'kd':
        await trainClassifier(student, distilled, { ...common, ...logits });
        break;
      case 'features':
        await trainClassifier(student, distilled, { ...common, objective: features(0) });
        break;
      case 'hints':
        // The hint epochs come out of the same step budget.
        await trainClassifier(student, distilled, { ...common, steps: steps - hintEpochs * stepsPerEpoch, objective: features(hintEpochs) });
        break;
      case 'attention':
        await trainClassifier(student, distilled, {
          ...common,
          objective: objective({ kind: 'attention', temperature, alpha, beta, pairs: attentionPairs }, teacher.attention),
        });
        break;
    }
    const acc = accuracy(await predictLogits(student, test.x, inputShape), test.labels, numClasses);
    return { method, seed, accuracy: acc, seconds: (performance.now() - t0) / 1000 };
  } finally {
    student.dispose();
  }
}

const examplesRows = new Float32Array(labelled.train.x.length + transfer.train.x.length);
examplesRows.set(labelled.train.x);
examplesRows.set(transfer.train.x, labelled.train.x.length);

console.log(`backend ${backend.backend} (${backend.device}), node ${process.version}`);
const studentParams = (() => {
  const m = buildClassifier(cnn(studentSpec), inputShape, numClasses, 1);
  const p = countParameters(m);
  m.dispose();
  return p;
})();
console.log(
  `teacher cnn ${teacherSpec} on MNIST train[0, ${teacherSize}), ${teacherEpochs} epochs, seed ${teacherSeed === 'run' ? 'seed*1000' : teacherSeed}; ` +
    `student cnn ${studentSpec} (${studentParams} parameters); labelled train[0, ${labelledSize}); transfer train[${transferOffset}, ${transferOffset + transferSize}) unlabelled; ` +
    `T ${temperature}, alpha ${alpha}, lr ${learningRate}, batch ${batchSize}, ${epochs} epochs of labelled+transfer; test: first ${testSize} MNIST test images`,
);
console.log(
  `features: ${featureLoss} on ${featurePairs.map((p) => `${p.teacher}>${p.student}*${p.weight}`).join(' + ')}` +
    `${methods.includes('hints') ? `, hints: ${hintEpochs} hint epoch(s) inside the budget${keepTerms ? ', term kept after' : ''}` : ''}; ` +
    `attention: beta ${beta} (mean-squared) on ${attentionPairs.map((p) => `${p.teacher}>${p.student}*${p.weight}`).join(' + ')}`,
);

const results: Result[] = [];
for (const seed of seeds) {
  const teacher = await teacherFor(seed, examplesRows);
    console.log(`seed ${seed}: teacher test accuracy ${(100 * teacher.testAccuracy).toFixed(2)}% (${teacher.seconds.toFixed(1)} s)`);
  const distilled = distillationExamples({
    labelled: { x: labelled.train.x, count: labelled.train.count, labels: labelled.train.y! },
    transfer: transfer.train,
    inputShape,
    softTargets: teacher.soft,
  });
  const steps = epochs * Math.ceil(distilled.count / batchSize);
  for (const method of methods) {
    const result = await runMethod(method, seed, teacher, distilled, steps);
    results.push(result);
    console.log(`  ${method.padEnd(10)} ${(100 * result.accuracy).toFixed(2)}%  (${steps} steps, ${result.seconds.toFixed(1)} s)`);
  }
}

// ---------------------------------------------------------------- table

const pct = (v: number) => (100 * v).toFixed(2);
const of = (method: string, seed: number) => results.find((r) => r.method === method && r.seed === seed)!;
console.log(`\n| method | ${seeds.map((s) => `seed ${s}`).join(' | ')} | mean | vs baseline | vs kd | s/run |`);
console.log(`|---|${seeds.map(() => '---:').join('|')}|---:|---:|---:|---:|`);
for (const method of methods) {
  const accs = seeds.map((s) => of(method, s).accuracy);
  const versus = (other: string) => {
    if (!methods.includes(other) || other === method) return '';
    const deltas = seeds.map((s) => 100 * (of(method, s).accuracy - of(other, s).accuracy));
    return `${mean(deltas) >= 0 ? '+' : ''}${mean(deltas).toFixed(2)} (${deltas.filter((d) => d > 0).length}/${deltas.length} wins)`;
  };
  const seconds = mean(seeds.map((s) => of(method, s).seconds));
  console.log(`| ${method} | ${accs.map(pct).join(' | ')} | ${pct(mean(accs))} | ${versus('baseline')} | ${versus('kd')} | ${seconds.toFixed(1)} |`);
}
for (const t of teachers.values()) t.model.dispose();
console.log(`\nwall time ${((performance.now() - started) / 1000).toFixed(1)} s, tensors left ${tf.memory().numTensors}`);
