/**
 * Graph-less students (GLNN, Zhang et al. 2022) on Cora with the Planetoid
 * split, or on a synthetic CSBM graph. For each seed:
 *
 *   teacher   GraphSAGE (mean) or GCN, full-graph Adam, early stopping on the
 *             validation nodes (GLNN's Cora settings: SAGE [128], lr 0.01,
 *             weight decay 5e-4, no dropout; GCN [64], dropout 0.8, 1e-3);
 *   student   MLP [128], dropout 0.6, Adam lr 0.01, weight decay 5e-3, full
 *             batch, --epochs epochs, the best validation epoch kept, trained on
 *             λ·CE on the 140 labels + (1 − λ)·KL to the teacher on every node
 *             it may see (λ = --lambda, GLNN's 0);
 *   baseline  the same MLP, seed, optimizer steps and selection, on the labels alone.
 *
 * Accuracy on the test nodes (inductive: on the 20% of them held out of the
 * observed graph). Then serving latency on the first seed's models.
 *
 *   npx tsx bench/kd-graph-experiment.ts --seeds=1,2,3,4,5
 *   npx tsx bench/kd-graph-experiment.ts --seeds=1,2,3,4,5 --setting=inductive
 *   npx tsx bench/kd-graph-experiment.ts --seeds=1,2,3,4,5 --teacher=gcn
 */
import { DEFAULT_GRAPH_TRAINING, contextualSbm, distillGraph, measureInferenceLatency, selectBackend, type GraphSetting } from '@distillery/kd';
import type { GraphNetworkArchitecture } from '@distillery/contracts';
import { loadCora } from '@distillery/datasets';

const flag = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const seeds = flag('seeds', '1,2,3').split(',').map(Number);
const setting = flag('setting', 'transductive') as GraphSetting;
const teacherKind = flag('teacher', 'sage') as 'sage' | 'gcn';
const lambda = Number(flag('lambda', '0'));
const epochs = Number(flag('epochs', '300'));
const dataset = flag('dataset', 'cora');

const graph = dataset === 'cora' ? loadCora() : contextualSbm({ nodes: 10_000, features: 64, signal: 1, homophily: 0.8, averageDegree: 8, seed: 1 });
const architecture: GraphNetworkArchitecture = teacherKind === 'gcn' ? { kind: 'gcn', hidden: [64], dropout: 0.8 } : { kind: 'sage', hidden: [128], dropout: 0 };
const weightDecay = teacherKind === 'gcn' ? 1e-3 : 5e-4;

await selectBackend('wasm');
const pct = (v: number) => (100 * v).toFixed(1);
const rows: string[] = [];
const sums = { teacher: 0, student: 0, baseline: 0 };
for (const seed of seeds) {
  const started = performance.now();
  const run = await distillGraph({
    graph,
    teacher: { architecture, training: { ...DEFAULT_GRAPH_TRAINING, weightDecay, seed } },
    student: { architecture: { kind: 'mlp', hidden: [128], dropout: 0.6 }, training: { epochs, learningRate: 0.01, weightDecay: 5e-3, batchSize: 4096, seed } },
    lambda,
    setting,
    baseline: true,
  });
  const row = [
    seed, pct(run.teacher.scores.test), pct(run.student.scores.test), pct(run.baseline!.scores.test),
    pct(run.student.scores.test - run.baseline!.scores.test), run.teacher.bestEpoch, run.student.bestEpoch, `${((performance.now() - started) / 1000).toFixed(0)} s`,
  ].join(' | ');
  rows.push(`| ${row} |`);
  console.error(row);
  sums.teacher += run.teacher.scores.test;
  sums.student += run.student.scores.test;
  sums.baseline += run.baseline!.scores.test;
  if (seed === seeds[0]) {
    const test = graph.split.test;
    const latency = measureInferenceLatency({ teacher: run.teacher.network, student: run.student.model, x: graph.x, adjacency: run.adjacency, singles: test.subarray(0, 100), batch: test });
    console.log(`latency (seed ${seed}): teacher ${latency.teacher.perNodeMs.toFixed(2)} ms/node (${latency.teacherNodesPerNode.toFixed(0)} nodes fetched), ${latency.teacher.perBatchMs.toFixed(1)} ms per ${latency.batchSize}; student ${latency.student.perNodeMs.toFixed(3)} ms/node, ${latency.student.perBatchMs.toFixed(2)} ms per ${latency.batchSize}; speedup ×${latency.speedup.perNode.toFixed(1)} per node, ×${latency.speedup.perBatch.toFixed(1)} per batch`);
    console.log(`parameters: teacher ${run.teacher.parameters}, student ${run.student.parameters} (ratio ${(run.student.parameters / run.teacher.parameters).toFixed(2)})`);
  }
  run.teacher.network.dispose();
  run.student.model.dispose();
  run.baseline!.model.dispose();
}
const n = seeds.length;
console.log(`\n${dataset}, ${setting}, teacher ${teacherKind}, λ = ${lambda}, student epochs ${epochs}`);
console.log('| seed | teacher | distilled MLP | MLP alone | gain | teacher best epoch | student best epoch | time |');
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`| mean | ${pct(sums.teacher / n)} | ${pct(sums.student / n)} | ${pct(sums.baseline / n)} | ${pct((sums.student - sums.baseline) / n)} | | | |`);
