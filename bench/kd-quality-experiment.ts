/**
 * Two experiments on real MNIST with the service's exact recipes, outside the
 * service (the kd and datasets packages only, assembled the way the worker's
 * processors do it):
 *
 * --part=pseudo   Semi-supervised distillation (method.kind "pseudo-label").
 *                 The student has 1,000 labels (train[0, 1000)) and a large
 *                 unlabelled transfer set (train[10000, 10000 + N)). A teacher
 *                 labels the transfer set: hard pseudo-labels kept at
 *                 confidence >= threshold (aggregate at T = 1, hardPseudoLabels,
 *                 the kept rows only), or soft targets at T (every row). The
 *                 student trains on labelled CE + the teacher signal (weights
 *                 1 and 1). Its baseline is the same student on the 1,000
 *                 labels alone for the same number of steps (as `baseline:
 *                 true` does). Teachers: trained on 10,000 labels
 *                 (train[0, 10000)), or on the student's own 1,000 labels (no
 *                 extra labels anywhere: self-training).
 *
 * --part=quality  One good and one bad teacher (the same 5,000 images,
 *                 train[6000, 11000), the bad one with its labels shuffled).
 *                 Each aggregation strategy, and the quality gate, against
 *                 `mean`; teacher quality measured on the validation slice
 *                 (10% of the student's labelled rows, drawn with the seed).
 *
 * Usage:
 *   npx tsx bench/kd-quality-experiment.ts --part=pseudo --seeds=1,2,3
 *   npx tsx bench/kd-quality-experiment.ts --part=quality --seeds=1,2,3
 * Flags: --transfer=20000 --thresholds=0.9,0 --T=4 --epochs=5 --teachers=10000,1000
 *        --backend=wasm|cpu|auto
 */
import * as tf from '@tensorflow/tfjs';
import type { AggregationStrategy, Architecture } from '@distillery/contracts';
import { loadBuiltin, type LoadedDataset } from '@distillery/datasets';
import {
  accuracy,
  aggregateTeachers,
  buildClassifier,
  distillationExamples,
  hardPseudoLabels,
  mulberry32,
  predictLogits,
  rowSize,
  selectBackend,
  selectRows,
  shuffleInPlace,
  teacherConflicts,
  teacherQuality,
  trainClassifier,
  validationRows,
  type BackendChoice,
  type Examples,
  type TeacherQualityReport,
  type TrainOptions,
} from '@distillery/kd';
import { parseFlags } from './lib/flags.ts';

const { str, list } = parseFlags(['part', 'seeds', 'transfer', 'thresholds', 'T', 'epochs', 'teachers', 'backend', 'test', 'bad', 'bad-epochs']);

const part = str('part', 'pseudo');
const seeds = list('seeds', '1,2,3').map(Number);
const transferSize = Number(str('transfer', '20000'));
const thresholds = list('thresholds', '0.9,0').map(Number);
const temperature = Number(str('T', '4'));
const epochs = Number(str('epochs', '5'));
const teacherLabels = list('teachers', '10000,1000').map(Number);
const testSize = Number(str('test', '2000'));
/** shuffled: each image's label replaced by another image's (a seeded permutation of the label column); rotated: class c relabelled c + 1 mod 10. */
const badKinds = list('bad', 'shuffled');
const badEpochs = Number(str('bad-epochs', '10'));
const numClasses = 10;
const batchSize = 128;
const learningRate = 0.001;
const mlp = (...hidden: number[]): Architecture => ({ kind: 'mlp', hidden });
const STUDENT = mlp(32);

const mnist = (offset: number, trainSize: number, labelled = true) => loadBuiltin({ builtin: 'mnist', options: { offset, trainSize, testSize, labelled } });
const pct = (v: number) => (100 * v).toFixed(2);
const pad = (s: string | number, n: number) => String(s).padStart(n);

async function train(architecture: Architecture, examples: Examples, options: Partial<TrainOptions> & { seed: number; epochs: number }): Promise<tf.LayersModel> {
  const model = buildClassifier(architecture, examples.inputShape, numClasses, options.seed);
  await trainClassifier(model, examples, { batchSize, learningRate, numClasses, ...options });
  return model;
}

async function testAccuracy(model: tf.LayersModel, data: LoadedDataset): Promise<number> {
  return accuracy(await predictLogits(model, data.test.x, data.inputShape), data.test.y!, numClasses);
}

const labelledExamples = (data: LoadedDataset): Examples => ({ x: data.train.x, count: data.train.count, inputShape: data.inputShape, labels: data.train.y! });

/** aggregate.ts: the teachers' logits combined at T. */
function aggregate(logits: Float32Array[], weights: number[], strategy: AggregationStrategy, T: number): Float32Array {
  return tf.tidy(() => aggregateTeachers(logits.map((l) => tf.tensor2d(l, [l.length / numClasses, numClasses])), weights, strategy, T).dataSync() as Float32Array);
}

/**
 * distill.ts: the student on `examples` with the KD loss, and its baseline on the labels alone for as many
 * steps, both from the same seed; returns their test accuracies.
 */
async function studentAndBaseline(examples: Examples, labelled: LoadedDataset, seed: number, distillation: TrainOptions['distillation']) {
  const steps = epochs * Math.ceil(examples.count / batchSize);
  const student = await train(STUDENT, examples, { seed, epochs, steps, distillation });
  const baseline = await train(STUDENT, labelledExamples(labelled), { seed, epochs, steps });
  try {
    return { steps, student: await testAccuracy(student, labelled), baseline: await testAccuracy(baseline, labelled) };
  } finally {
    student.dispose();
    baseline.dispose();
  }
}

// ---------------------------------------------------------------- part: pseudo

async function pseudoPart(): Promise<void> {
  const labelled = mnist(0, 1000);
  const transfer = mnist(10000, transferSize); // labels kept only to report pseudo-label accuracy; never trained on
  const tenK = mnist(0, 10000);
  console.log(
    `labelled: MNIST train[0, 1000); transfer: train[10000, ${10000 + transferSize}) without labels; student mlp [32], ${epochs} epochs, ` +
      `batch ${batchSize}, Adam ${learningRate}; test: first ${testSize} MNIST test images\n`,
  );
  const header = `${'teacher'.padEnd(28)} ${pad('seed', 4)} ${'method'.padEnd(22)} ${pad('teacher', 7)} ${pad('kept', 6)} ${pad('PL acc', 6)} ${pad('steps', 5)} ${pad('student', 7)} ${pad('baseline', 8)} ${pad('gain', 6)} ${pad('sec', 5)}`;
  console.log(header);
  const rows: { teacher: string; method: string; seed: number; student: number; baseline: number; kept: number }[] = [];
  for (const labels of teacherLabels) {
    const teacherName = labels === 1000 ? 'mlp [256] on the 1,000 labels' : `mlp [256] on ${labels.toLocaleString('en')} labels`;
    const teacherData = labels === 1000 ? labelled : labels === 10000 ? tenK : mnist(0, labels);
    // A teacher on 1,000 labels gets 30 epochs (240 steps); on 10,000, 5 epochs (395 steps).
    const teacherEpochs = labels === 1000 ? 30 : 5;
    for (const seed of seeds) {
      const teacher = await train(mlp(256), labelledExamples(teacherData), { seed: 1000 * seed, epochs: teacherEpochs });
      const teacherAcc = await testAccuracy(teacher, labelled);
      const logits = await predictLogits(teacher, transfer.train.x, transfer.inputShape);
      teacher.dispose();
      const methods: { name: string; run: () => Promise<{ kept: number; plAccuracy?: number; result: Awaited<ReturnType<typeof studentAndBaseline>> }> }[] = [
        ...thresholds.map((threshold) => ({
          name: `hard, threshold ${threshold}`,
          run: async () => {
            const pseudo = hardPseudoLabels(aggregate([logits], [1], 'mean', 1), numClasses, threshold);
            const truth = selectRows(transfer.train.y!, 1, pseudo.rows);
            let right = 0;
            pseudo.rows.forEach((_, i) => (right += pseudo.targets[i * numClasses + truth[i]!]!));
            const examples = distillationExamples({
              labelled: { x: labelled.train.x, count: labelled.train.count, labels: labelled.train.y! },
              transfer: { x: selectRows(transfer.train.x, rowSize(transfer.inputShape), pseudo.rows), count: pseudo.rows.length },
              inputShape: labelled.inputShape,
              softTargets: pseudo.targets,
            });
            const result = await studentAndBaseline(examples, labelled, seed, { temperature: 1, hardWeight: 1, softWeight: 1 });
            return { kept: pseudo.rows.length / transferSize, plAccuracy: right / Math.max(1, pseudo.rows.length), result };
          },
        })),
        {
          name: `soft, T = ${temperature}`,
          run: async () => {
            const examples = distillationExamples({
              labelled: { x: labelled.train.x, count: labelled.train.count, labels: labelled.train.y! },
              transfer: { x: transfer.train.x, count: transfer.train.count },
              inputShape: labelled.inputShape,
              softTargets: aggregate([logits], [1], 'mean', temperature),
            });
            return { kept: 1, result: await studentAndBaseline(examples, labelled, seed, { temperature, hardWeight: 1, softWeight: 1 }) };
          },
        },
      ];
      for (const method of methods) {
        const started = performance.now();
        const { kept, plAccuracy, result } = await method.run();
        rows.push({ teacher: teacherName, method: method.name, seed, student: result.student, baseline: result.baseline, kept });
        console.log(
          `${teacherName.padEnd(28)} ${pad(seed, 4)} ${method.name.padEnd(22)} ${pad(pct(teacherAcc), 7)} ${pad(pct(kept), 6)} ${pad(plAccuracy === undefined ? '' : pct(plAccuracy), 6)} ` +
            `${pad(result.steps, 5)} ${pad(pct(result.student), 7)} ${pad(pct(result.baseline), 8)} ${pad((100 * (result.student - result.baseline)).toFixed(2), 6)} ${pad(((performance.now() - started) / 1000).toFixed(1), 5)}`,
        );
      }
    }
  }
  console.log('\nsummary (gain = student - baseline, points)');
  for (const key of new Set(rows.map((r) => `${r.teacher} | ${r.method}`))) {
    const group = rows.filter((r) => `${r.teacher} | ${r.method}` === key);
    const gains = group.map((r) => 100 * (r.student - r.baseline));
    console.log(
      `${key.padEnd(55)} mean gain ${(gains.reduce((a, b) => a + b, 0) / gains.length).toFixed(2).padStart(6)}  min ${Math.min(...gains).toFixed(2).padStart(6)}  ` +
        `wins ${gains.filter((g) => g > 0).length}/${gains.length}`,
    );
  }
}

// ---------------------------------------------------------------- part: quality

async function qualityPart(): Promise<void> {
  const labelled = mnist(0, 1000);
  const transfer = mnist(1000, 5000, false);
  const teacherData = mnist(6000, 5000);
  for (const badKind of badKinds) {
    const badLabels =
      badKind === 'rotated' ? teacherData.train.y!.map((c) => (c + 1) % numClasses) : shuffleInPlace(Int32Array.from(teacherData.train.y!), mulberry32(99));
    const badData: LoadedDataset = { ...teacherData, train: { ...teacherData.train, y: badLabels } };
    console.log(`\nlabelled train[0, 1000); transfer train[1000, 6000) unlabelled; teachers mlp [256] on train[6000, 11000): good (5 epochs), ${badKind} labels (${badEpochs} epochs)`);
    console.log('student mlp [32], T = 4, alpha = 0.9, 5 epochs; validation slice: 10% of the labelled rows, drawn with the seed\n');
    await qualityRuns(labelled, transfer, teacherData, badData);
  }
}

async function qualityRuns(labelled: LoadedDataset, transfer: LoadedDataset, teacherData: LoadedDataset, badData: LoadedDataset): Promise<void> {
  const strategies: { name: string; strategy: AggregationStrategy; weights: 'request' | 'validation-accuracy'; gate?: number }[] = [
    { name: 'mean', strategy: 'mean', weights: 'request' },
    { name: 'mean + gate 0.5 (drop)', strategy: 'mean', weights: 'request', gate: 0.5 },
    { name: 'weighted, validation-acc', strategy: 'weighted', weights: 'validation-accuracy' },
    { name: 'confidence, validation-acc', strategy: 'confidence', weights: 'validation-accuracy' },
    { name: 'vote, validation-acc', strategy: 'vote', weights: 'validation-accuracy' },
    { name: 'confidence', strategy: 'confidence', weights: 'request' },
    { name: 'vote', strategy: 'vote', weights: 'request' },
  ];
  const results = new Map<string, number[]>();
  for (const seed of seeds) {
    const good = await train(mlp(256), labelledExamples(teacherData), { seed: 1000 * seed, epochs: 5 });
    const bad = await train(mlp(256), labelledExamples(badData), { seed: 1000 * seed + 1, epochs: badEpochs });
    const transferLogits = [await predictLogits(good, transfer.train.x, transfer.inputShape), await predictLogits(bad, transfer.train.x, transfer.inputShape)];
    const rows = validationRows(labelled.train.y!, 0.1, seed);
    const quality: TeacherQualityReport[] = [];
    for (const teacher of [good, bad]) {
      const logits = await predictLogits(teacher, labelled.train.x, labelled.inputShape);
      quality.push(teacherQuality(selectRows(logits, numClasses, rows), selectRows(labelled.train.y!, 1, rows), numClasses));
    }
    const tests = [await testAccuracy(good, labelled), await testAccuracy(bad, labelled)];
    const confidence = (logits: Float32Array) => {
      const probs = aggregate([logits], [1], 'mean', 1);
      let sum = 0;
      for (let row = 0; row < probs.length / numClasses; row++) sum += Math.max(...probs.subarray(row * numClasses, (row + 1) * numClasses));
      return sum / (probs.length / numClasses);
    };
    const conflicts = teacherConflicts(transferLogits, numClasses, 4);
    console.log(
      `seed ${seed}: good teacher validation ${pct(quality[0]!.accuracy)}% (ECE ${quality[0]!.ece.toFixed(3)}, test ${pct(tests[0]!)}%, mean confidence ${confidence(transferLogits[0]!).toFixed(3)}), ` +
        `bad ${pct(quality[1]!.accuracy)}% (ECE ${quality[1]!.ece.toFixed(3)}, test ${pct(tests[1]!)}%, mean confidence ${confidence(transferLogits[1]!).toFixed(3)}); ` +
        `disagreement ${pct(conflicts.argmaxDisagreement)}%, mean pairwise KL at T = 4 ${conflicts.meanPairwiseKl.toFixed(3)}`,
    );
    good.dispose();
    bad.dispose();
    for (const s of strategies) {
      const used = [0, 1].filter((i) => s.gate === undefined || quality[i]!.accuracy >= s.gate);
      const weights = used.map((i) => (s.weights === 'validation-accuracy' ? Math.max(1e-6, quality[i]!.accuracy) : 1));
      const soft = aggregate(used.map((i) => transferLogits[i]!), weights, s.strategy, 4);
      const examples = distillationExamples({
        labelled: { x: labelled.train.x, count: labelled.train.count, labels: labelled.train.y! },
        transfer: transfer.train,
        inputShape: labelled.inputShape,
        softTargets: soft,
      });
      const student = await train(STUDENT, examples, { seed, epochs, distillation: { temperature: 4, alpha: 0.9 } });
      const acc = await testAccuracy(student, labelled);
      student.dispose();
      results.set(s.name, [...(results.get(s.name) ?? []), acc]);
    }
  }
  const mean = results.get('mean')!;
  console.log(`\n| Aggregation | ${seeds.map((s) => `Seed ${s}`).join(' | ')} | Mean | vs mean |`);
  console.log(`|---|${seeds.map(() => '---:').join('|')}|---:|---:|`);
  for (const [name, values] of results) {
    const avg = values.reduce((a, b) => a + b, 0) / values.length;
    const gains = values.map((v, i) => 100 * (v - mean[i]!));
    const wins = gains.filter((g) => g > 0).length;
    const vs = name === 'mean' ? '' : `${(gains.reduce((a, b) => a + b, 0) / gains.length >= 0 ? '+' : '')}${(gains.reduce((a, b) => a + b, 0) / gains.length).toFixed(2)} (${wins}/${values.length})`;
    console.log(`| ${name} | ${values.map(pct).join(' | ')} | ${pct(avg)} | ${vs} |`);
  }
}

const backend = await selectBackend(str('backend', 'wasm') as BackendChoice);
console.log(`backend ${backend.backend} (${backend.device}), node ${process.version}, part ${part}, seeds ${seeds.join(',')}`);
if (part === 'pseudo' || part === 'all') await pseudoPart();
if (part === 'quality' || part === 'all') await qualityPart();
console.log(`\ntotal ${(performance.now() / 1000).toFixed(1)} s, tensors left ${tf.memory().numTensors}`);
