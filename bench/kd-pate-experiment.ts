/**
 * PATE on real MNIST (Papernot et al. 2018's setting, scaled to one machine):
 *
 *   private   the 60,000 MNIST training images, split with a seed into
 *             --teachers disjoint partitions;
 *   teachers  one MLP [--hidden] per partition, Adam lr 0.01, --teacher-epochs;
 *   public    MNIST test images 0 … 8,999 (the queries, in order), as the
 *             PATE papers use them; the student is scored on images 9,000 … 9,999;
 *   answers   GNMax or Confident-GNMax noise on the teachers' vote counts
 *             (seeded here, so a row can be reproduced; the service draws its
 *             noise from a secure source), no budget: ε is reported for what
 *             was answered;
 *   student   MLP [--hidden] on the answered queries only, Adam lr 0.01, 40 epochs;
 *   nonPrivate the same student on the same queries labelled by the clean plurality;
 *   semi      the student labels the other public images, keeps those it gives ≥ 0.9, and a
 *             fresh student trains on the answers and those (what "semiSupervised" does).
 *
 * ε (δ = 1e-5): data-independent (safe to release) and data-dependent
 * (not, without smooth-sensitivity noise), improved RDP conversion, PATE orders.
 *
 *   npx tsx bench/kd-pate-experiment.ts --teachers=250
 */
import { argmaxRows, buildClassifier, gatherRows, hardPseudoLabels, mulberry32, pluralityVotes, predictLogits, selectBackend, shuffledIndices, softmaxRows, trainClassifier, answerWithNoisyVotes, type PateAggregator } from '@distillery/kd';
import { loadBuiltin } from '@distillery/datasets';

const flag = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const teacherCount = Number(flag('teachers', '250'));
const hidden = Number(flag('hidden', '64'));
const teacherEpochs = Number(flag('teacher-epochs', '20'));

await selectBackend('wasm');
const mnist = loadBuiltin({ builtin: 'mnist' });
const width = 784;
const C = 10;
const argmax = (logits: Float32Array) => argmaxRows(logits, C);
const rows = (x: Float32Array, from: number, to: number) => x.subarray(from * width, to * width);
const publicX = rows(mnist.test.x, 0, 9000);
const publicY = mnist.test.y!.subarray(0, 9000);
const evalX = rows(mnist.test.x, 9000, 10000);
const evalY = mnist.test.y!.subarray(9000, 10000);
const accuracyOf = (predicted: Int32Array, labels: Int32Array) => predicted.reduce((n, p, i) => (p === labels[i] ? n + 1 : n), 0) / labels.length;

const started = performance.now();
const order = shuffledIndices(mnist.train.count, mulberry32(0));
const votes: Int32Array[] = [];
let teacherAccuracy = 0;
for (let t = 0; t < teacherCount; t++) {
  const part = order.slice(Math.floor((t * order.length) / teacherCount), Math.floor(((t + 1) * order.length) / teacherCount));
  const x = gatherRows(mnist.train.x, width, part);
  const labels = Int32Array.from(part, (row) => mnist.train.y![row]!);
  const model = buildClassifier({ kind: 'mlp', hidden: [hidden] }, [28, 28, 1], C, 1 + t);
  await trainClassifier(model, { x, labels, count: part.length, inputShape: [28, 28, 1] }, { epochs: teacherEpochs, batchSize: 32, learningRate: 0.01, seed: 1 + t, optimizer: { kind: 'adam', weightDecay: 0 }, numClasses: C });
  votes.push(argmax(await predictLogits(model, publicX, [28, 28, 1], { numClasses: C })));
  teacherAccuracy += accuracyOf(argmax(await predictLogits(model, evalX, [28, 28, 1], { numClasses: C })), evalY) / teacherCount;
  model.dispose();
}
const teacherSeconds = (performance.now() - started) / 1000;
console.log(`${teacherCount} teachers on ${Math.floor(60000 / teacherCount)} images each, MLP [${hidden}], ${teacherEpochs} epochs: mean accuracy ${(100 * teacherAccuracy).toFixed(1)}% on the 1,000 held-out images (${teacherSeconds.toFixed(0)} s)`);
const clean = pluralityVotes(votes, C);
console.log(`their clean plurality on the 9,000 public images: ${(100 * accuracyOf(clean, publicY)).toFixed(1)}%`);

async function student(indices: Int32Array, labels: Int32Array, semi = false): Promise<{ accuracy: number; semi?: number; pseudo?: number }> {
  const train = async (rowsX: Float32Array, rowLabels: Int32Array) => {
    const model = buildClassifier({ kind: 'mlp', hidden: [hidden] }, [28, 28, 1], C, 7);
    await trainClassifier(model, { x: rowsX, labels: rowLabels, count: rowLabels.length, inputShape: [28, 28, 1] }, { epochs: 40, batchSize: 32, learningRate: 0.01, seed: 7, optimizer: { kind: 'adam', weightDecay: 0 }, numClasses: C });
    return model;
  };
  const x = gatherRows(publicX, width, indices);
  const model = await train(x, labels);
  const accuracy = accuracyOf(argmax(await predictLogits(model, evalX, [28, 28, 1], { numClasses: C })), evalY);
  if (!semi) {
    model.dispose();
    return { accuracy };
  }
  const answered = new Set(indices);
  const rest = Int32Array.from({ length: 9000 }, (_, i) => i).filter((i) => !answered.has(i));
  const restX = gatherRows(publicX, width, rest);
  const kept = hardPseudoLabels(softmaxRows(await predictLogits(model, restX, [28, 28, 1], { numClasses: C }), C), C, 0.9);
  model.dispose();
  const allX = gatherRows(publicX, width, Int32Array.from([...indices, ...Array.from(kept.rows, (k) => rest[k]!)]));
  const second = await train(allX, Int32Array.from([...labels, ...argmaxRows(kept.targets, C)]));
  const semiAccuracy = accuracyOf(argmax(await predictLogits(second, evalX, [28, 28, 1], { numClasses: C })), evalY);
  second.dispose();
  return { accuracy, semi: semiAccuracy, pseudo: kept.rows.length };
}

const settings: { name: string; aggregator: PateAggregator; queries: number }[] = [
  { name: 'GNMax σ=40', aggregator: { kind: 'gnmax', sigma: 40 }, queries: 300 },
  { name: 'GNMax σ=40', aggregator: { kind: 'gnmax', sigma: 40 }, queries: 1000 },
  { name: 'GNMax σ=20', aggregator: { kind: 'gnmax', sigma: 20 }, queries: 1000 },
  { name: 'Confident T=200 σ1=150 σ2=40', aggregator: { kind: 'confident-gnmax', threshold: 200, sigma1: 150, sigma2: 40 }, queries: 1000 },
  { name: 'Confident T=200 σ1=150 σ2=40', aggregator: { kind: 'confident-gnmax', threshold: 200, sigma1: 150, sigma2: 40 }, queries: 3000 },
];
console.log('\n| aggregator | queries | answered | label accuracy | ε data-independent | ε data-dependent | student | same student, clean votes | semi-supervised (pseudo-labelled) |\n|---|---|---|---|---|---|---|---|---|');
for (const { name, aggregator, queries } of settings) {
  const run = answerWithNoisyVotes({ votes: votes.map((v) => v.subarray(0, queries)), numClasses: C, aggregator, budget: { epsilon: Infinity, delta: 1e-5 }, random: mulberry32(11) });
  const answered = Int32Array.from(run.answers.keys()).filter((k) => run.answers[k]! >= 0);
  const noisyLabels = Int32Array.from(answered, (k) => run.answers[k]!);
  const labelAccuracy = accuracyOf(noisyLabels, Int32Array.from(answered, (k) => publicY[k]!));
  const [privateStudent, nonPrivate] = [await student(answered, noisyLabels, true), await student(answered, Int32Array.from(answered, (k) => clean[k]!))];
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  console.log(`| ${name} | ${queries} | ${run.answered} | ${pct(labelAccuracy)} | ${run.spent.dataIndependent.epsilon.toFixed(2)} | ${run.spent.dataDependent.epsilon.toFixed(2)} | ${pct(privateStudent.accuracy)} | ${pct(nonPrivate.accuracy)} | ${pct(privateStudent.semi!)} (${privateStudent.pseudo}) |`);
}
console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s in all`);
