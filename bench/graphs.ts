/**
 * Issue 14: how a graph network's cost grows with the graph. The same
 * GraphSAGE teacher ([64], mean aggregator) on two synthetic CSBM graphs of
 * the same average degree 20 and 64 features, one ten times the other
 * (10,000 nodes and 100,000 edges against 100,000 and 1,000,000; --quick:
 * 2,000 against 20,000 nodes): seconds per training epoch (one Adam step on
 * the training nodes and a validation pass over the whole graph), seconds for
 * the whole graph's logits, and the wasm heap, which only grows, so after
 * each size it is that size's high-water mark. With sparse message passing
 * both times should grow about as the graph does, ×10; a dense adjacency
 * would grow ×100 and not fit at the larger size.
 */
import * as tf from '@tensorflow/tfjs';
import { adjacencyOf, contextualSbm, edgeCount, graphLogits, selectBackend, trainGraphNetwork } from '@distillery/kd';
import { median, type Benchmark, type BenchFigure } from './lib/report.ts';

const EPOCHS = 5;

function heapBytes(): number {
  const wasm = (tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } }).wasm;
  return wasm ? wasm.HEAPU8.length : tf.memory().numBytes;
}

async function measure(nodes: number) {
  const graph = contextualSbm({ nodes, features: 64, classes: 4, averageDegree: 20, homophily: 0.8, signal: 1, seed: 1 });
  const adjacencyStarted = performance.now();
  const adjacency = adjacencyOf(graph.nodes, graph.edges);
  const adjacencySeconds = (performance.now() - adjacencyStarted) / 1000;
  const stamps: number[] = [];
  const run = await trainGraphNetwork(
    graph,
    { kind: 'sage', hidden: [64] },
    { epochs: EPOCHS, patience: EPOCHS, learningRate: 0.01, weightDecay: 5e-4, seed: 1 },
    { adjacency, onEpoch: () => void stamps.push(performance.now()) },
  );
  // Epoch 1 includes building the propagation and Adam's slots; the rest are steady.
  const epochSeconds = median(stamps.slice(1).map((t, i) => (t - stamps[i]!) / 1000));
  const inference: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    graphLogits(run.network, graph.x, adjacency);
    inference.push((performance.now() - started) / 1000);
  }
  run.network.dispose();
  return { nodes, edges: edgeCount(adjacency), adjacencySeconds, epochSeconds, inferenceSeconds: median(inference), heapBytes: heapBytes(), valAccuracy: run.valAccuracy };
}

export default (async ({ quick }) => {
  await selectBackend('wasm');
  const smallNodes = quick ? 2_000 : 10_000;
  const small = await measure(smallNodes);
  const large = await measure(smallNodes * 10);
  const label = (m: typeof small) => `${m.nodes.toLocaleString('en')} nodes, ${m.edges.toLocaleString('en')} edges`;
  const figures: BenchFigure[] = [];
  for (const m of [small, large]) {
    figures.push(
      { group: 'graphs', name: `SAGE teacher epoch (${label(m)})`, value: m.epochSeconds, unit: 's', details: m },
      { group: 'graphs', name: `SAGE teacher, logits of every node (${label(m)})`, value: m.inferenceSeconds, unit: 's' },
      { group: 'graphs', name: `wasm heap after training (${label(m)})`, value: m.heapBytes / 2 ** 20, unit: 'MiB' },
    );
  }
  figures.push(
    // Linear growth is ×10; the target leaves room for cache effects at the larger size, far below a dense adjacency's ×100.
    { group: 'graphs', name: 'SAGE epoch, 10× the graph / 1×', value: large.epochSeconds / small.epochSeconds, unit: '×', target: { op: '<=', value: 15 } },
    { group: 'graphs', name: 'SAGE logits, 10× the graph / 1×', value: large.inferenceSeconds / small.inferenceSeconds, unit: '×', target: { op: '<=', value: 15 } },
  );
  return figures;
}) satisfies Benchmark;
