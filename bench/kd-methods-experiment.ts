/**
 * Which distillation method helps, on the same teacher and the same student
 * trained alone? The service's method modules, through the registry, with the
 * worker's recipe and no Redis or storage:
 *
 *   teacher-logits.ts  the teacher's logits on the transfer set, once
 *   aggregate.ts       aggregateTeachers as each method asks (its temperature, z-scored or not)
 *   distill.ts         examples = labelled rows + soft targets on the transfer rows;
 *                      the student trains on the method's objective for
 *                      epochs * ceil(examples / batch) steps, and the baseline
 *                      (same architecture and seed, labelled rows only,
 *                      cross-entropy) for as many steps.
 *
 * Every method sees the same teacher outputs; each seed fixes the student's
 * initialisation and shuffling for every method alike. The teacher is trained
 * once (seed 1). "Seeds won" counts, per seed, the method(s) with the best
 * test accuracy, the baseline included.
 *
 *   npx tsx bench/kd-methods-experiment.ts --data=mnist --seeds=1,2,3
 *   npx tsx bench/kd-methods-experiment.ts --data=cora --seeds=1,2,3
 *
 *   --data     mnist: 1,000 labelled training images, 10,000 unlabelled ones as the
 *                transfer set, the 10,000 test images; teacher mlp [512, 512] (dropout
 *                0.2) on 10,000 labelled images (the student's 1,000 among them), 5 epochs.
 *              cora: the node features of Cora (Planetoid split) as a table, no graph:
 *                the 140 training nodes labelled, the other 1,568 non-test nodes as the
 *                transfer set, the 1,000 test nodes; teacher mlp [256] (dropout 0.5) on
 *                the 1,708 non-test nodes with their labels, 50 epochs.
 *   --methods  names of the METHODS below, comma-separated (baseline always runs)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Architecture } from '@distillery/contracts';
import { loadBuiltin } from '@distillery/datasets';
import {
  accuracy,
  aggregateTeachers,
  buildClassifier,
  distillationExamples,
  methodModule,
  methodObjective,
  predictLogits,
  resolveMethod,
  selectBackend,
  trainClassifier,
  type BackendChoice,
  type Examples,
  type LabelledSet,
  type MethodRequest,
  type ResolvedMethod,
} from '@distillery/kd';
import { parseFlags } from './lib/flags.ts';
import { mean, sampleStd } from './lib/report.ts';

/** The methods compared, each with its defaults as the service resolves them unless stated. */
const METHODS: Record<string, MethodRequest> = {
  kd: { kind: 'logits' },
  dkd: { kind: 'dkd' },
  dist: { kind: 'dist' },
  'kd+ls': { kind: 'logits', standardize: true },
  // The logit-standardization authors' weighting on CIFAR-100: T = 2, soft term 9 against hard 0.1;
  // and the same weighting without standardization, to tell the two apart.
  'kd+ls(T2)': { kind: 'logits', standardize: true, temperature: 2, alpha: 0.989 },
  'kd(T2)': { kind: 'logits', temperature: 2, alpha: 0.989 },
  'dkd+ls': { kind: 'dkd', standardize: true },
};

const { str, num, list } = parseFlags(['data', 'seeds', 'methods', 'epochs', 'batch', 'lr', 'backend']);
const data = str('data', 'mnist');
const seeds = list('seeds', '1,2,3').map(Number);
const methods = list('methods', 'kd,dkd,dist,kd+ls');
for (const name of methods) if (!METHODS[name]) throw new Error(`unknown method ${name}; one of ${Object.keys(METHODS).join(', ')}`);

interface Setup {
  inputShape: number[];
  numClasses: number;
  labelled: LabelledSet;
  transfer: { x: Float32Array; count: number };
  test: LabelledSet;
  teacherData: Examples;
  teacher: { architecture: Architecture; epochs: number; batchSize: number; learningRate: number };
  student: { architecture: Architecture; epochs: number; batchSize: number; learningRate: number };
  describe: string;
}

function mnistSetup(): Setup {
  const labelled = loadBuiltin({ builtin: 'mnist', options: { trainSize: 1000, testSize: 10000 } });
  const teacher = loadBuiltin({ builtin: 'mnist', options: { trainSize: 10000, testSize: 1 } });
  const transfer = loadBuiltin({ builtin: 'mnist', options: { offset: 10000, trainSize: 10000, testSize: 1, labelled: false } });
  return {
    inputShape: labelled.inputShape,
    numClasses: 10,
    labelled: { x: labelled.train.x, count: labelled.train.count, labels: labelled.train.y! },
    transfer: transfer.train,
    test: { x: labelled.test.x, count: labelled.test.count, labels: labelled.test.y! },
    teacherData: { x: teacher.train.x, count: teacher.train.count, inputShape: teacher.inputShape, labels: teacher.train.y! },
    teacher: { architecture: { kind: 'mlp', hidden: [512, 512], dropout: 0.2 }, epochs: 5, batchSize: 128, learningRate: 0.001 },
    student: { architecture: { kind: 'mlp', hidden: [32] }, epochs: num('epochs', 5), batchSize: num('batch', 64), learningRate: num('lr', 0.002) },
    describe: 'MNIST: 1,000 labelled + 10,000 unlabelled training images, 10,000 test images',
  };
}

function coraSetup(): Setup {
  const file = path.resolve(import.meta.dirname, '../../shared/data/cora/cora-planetoid.json');
  const cora = JSON.parse(readFileSync(file, 'utf8')) as { N: number; F: number; C: number; feat: number[][]; y: number[]; idx_train: number[]; idx_test: number[] };
  const rows = (indices: number[]) => {
    const x = new Float32Array(indices.length * cora.F);
    indices.forEach((node, i) => cora.feat[node]!.forEach((f) => (x[i * cora.F + f] = 1)));
    return { x, count: indices.length, labels: Int32Array.from(indices, (node) => cora.y[node]!) };
  };
  const test = new Set(cora.idx_test);
  const train = new Set(cora.idx_train);
  const nonTest = Array.from({ length: cora.N }, (_, i) => i).filter((i) => !test.has(i));
  const teacherRows = rows(nonTest);
  return {
    inputShape: [cora.F],
    numClasses: cora.C,
    labelled: rows(cora.idx_train),
    transfer: rows(nonTest.filter((i) => !train.has(i))),
    test: rows(cora.idx_test),
    teacherData: { ...teacherRows, inputShape: [cora.F] },
    teacher: { architecture: { kind: 'mlp', hidden: [256], dropout: 0.5 }, epochs: 50, batchSize: 64, learningRate: 0.001 },
    student: { architecture: { kind: 'mlp', hidden: [32] }, epochs: num('epochs', 20), batchSize: num('batch', 64), learningRate: num('lr', 0.002) },
    describe: 'Cora node features (no graph), Planetoid split: 140 labelled + 1,568 unlabelled nodes, 1,000 test nodes',
  };
}

const backend = await selectBackend(str('backend', 'wasm') as BackendChoice);
const setup = data === 'cora' ? coraSetup() : data === 'mnist' ? mnistSetup() : (() => { throw new Error('--data is mnist or cora'); })();
const { inputShape, numClasses, student } = setup;
const evaluate = async (model: tf.LayersModel) => accuracy(await predictLogits(model, setup.test.x, inputShape), setup.test.labels, numClasses);

console.log(`backend ${backend.backend}, node ${process.version}; ${setup.describe}`);
const started = performance.now();
const teacher = buildClassifier(setup.teacher.architecture, inputShape, numClasses, 1);
await trainClassifier(teacher, setup.teacherData, { ...setup.teacher, seed: 1, numClasses });
const teacherAccuracy = await evaluate(teacher);
const transferLogits = await predictLogits(teacher, setup.transfer.x, inputShape);
teacher.dispose();
console.log(
  `teacher ${JSON.stringify(setup.teacher.architecture)}: test ${(100 * teacherAccuracy).toFixed(2)}% (${((performance.now() - started) / 1000).toFixed(0)} s); ` +
    `student ${JSON.stringify(student.architecture)}, ${student.epochs} epochs of the distilled data, batch ${student.batchSize}, Adam ${student.learningRate}`,
);

/** The aggregated targets a method asks for, from the one teacher's logits. */
async function softTargets(resolved: ResolvedMethod): Promise<Float32Array> {
  const { temperature, standardize } = methodModule(resolved.kind).targets(resolved);
  const probs = tf.tidy(() => aggregateTeachers([tf.tensor2d(transferLogits, [setup.transfer.count, numClasses])], [1], 'mean', temperature, { standardize }));
  try {
    return (await probs.data()) as Float32Array;
  } finally {
    probs.dispose();
  }
}

// What each method trains on and with does not depend on the seed: prepared once.
const prepared = new Map<string, { examples: Examples; objective: ReturnType<typeof methodObjective> }>();
for (const name of methods) {
  const resolved = resolveMethod(METHODS[name]);
  console.log(`  ${name.padEnd(10)} ${JSON.stringify(resolved)}`);
  const examples = distillationExamples({ labelled: setup.labelled, transfer: setup.transfer, inputShape, softTargets: await softTargets(resolved) });
  prepared.set(name, { examples, objective: methodObjective(resolved) });
}

const steps = student.epochs * Math.ceil((setup.labelled.count + setup.transfer.count) / student.batchSize);
const results = new Map<string, number[]>([['baseline', []], ...methods.map((m) => [m, []] as [string, number[]])]);
for (const seed of seeds) {
  const line: string[] = [];
  const train = async (examples: Examples, objective?: ReturnType<typeof methodObjective>) => {
    const model = buildClassifier(student.architecture, inputShape, numClasses, seed);
    try {
      await trainClassifier(model, examples, { ...student, seed, numClasses, steps, ...(objective ? { objective } : {}) });
      return await evaluate(model);
    } finally {
      model.dispose();
    }
  };
  const baseline = await train({ ...setup.labelled, inputShape });
  results.get('baseline')!.push(baseline);
  line.push(`baseline ${(100 * baseline).toFixed(2)}`);
  for (const name of methods) {
    const { examples, objective } = prepared.get(name)!;
    const value = await train(examples, objective);
    results.get(name)!.push(value);
    line.push(`${name} ${(100 * value).toFixed(2)}`);
  }
  console.log(`seed ${seed}: ${line.join('  ')}`);
}

const baseline = results.get('baseline')!;
console.log(`\n| method | test accuracy, mean ± std over ${seeds.length} seeds | gain over the baseline (points): mean [min, max] | seeds won |`);
console.log('|---|---|---|---|');
for (const [name, values] of results) {
  const gains = values.map((v, i) => 100 * (v - baseline[i]!));
  const won = seeds.filter((_, i) => values[i] === Math.max(...[...results.values()].map((r) => r[i]!))).length;
  const gain = name === 'baseline' ? '—' : `${mean(gains) >= 0 ? '+' : ''}${mean(gains).toFixed(2)} [${Math.min(...gains).toFixed(2)}, ${Math.max(...gains).toFixed(2)}]`;
  console.log(`| ${name} | ${(100 * mean(values)).toFixed(2)} ± ${(100 * sampleStd(values)).toFixed(2)} | ${gain} | ${won}/${seeds.length} |`);
}
console.log(`\nteacher ${(100 * teacherAccuracy).toFixed(2)}%; ${steps} steps per student and baseline; total ${((performance.now() - started) / 1000).toFixed(0)} s, tensors left ${tf.memory().numTensors}`);
