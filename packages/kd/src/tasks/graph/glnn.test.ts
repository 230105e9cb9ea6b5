import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphNetworkArchitecture } from '@distillery/contracts';
import { selectBackend } from '../../backend/select-backend.ts';
import { contextualSbm } from './csbm.ts';
import { inductiveSplit } from './distillation.ts';
import { distillGraph, distillNodeStudent, trainGraphTeacher } from './glnn.ts';
import { adjacencyOf, neighbourhood } from './graph.ts';
import { measureInferenceLatency, neighbourhoodLogits } from './latency.ts';
import { decodeGraphNetwork, encodeGraphNetwork, graphLogits } from './network.ts';
import { DEFAULT_GRAPH_TRAINING, nodeAccuracy, trainGraphNetwork } from './training.ts';

/**
 * Graphs where the edges say more than the features: strong homophily,
 * class means 2.5 noise deviations apart. A graph network should read the
 * neighbours and beat a features-only MLP by far.
 */
const graphOf = (seed: number) =>
  contextualSbm({ nodes: 1200, classes: 4, features: 32, signal: 2.5, homophily: 0.9, averageDegree: 8, trainPerClass: 20, valNodes: 200, testNodes: 400, seed });

const GCN: GraphNetworkArchitecture = { kind: 'gcn', hidden: [32], dropout: 0.5 };
const training = (seed: number) => ({ ...DEFAULT_GRAPH_TRAINING, patience: 20, seed });
const student = (seed: number) => ({ architecture: { kind: 'mlp' as const, hidden: [32], dropout: 0.5 }, training: { epochs: 200, learningRate: 0.01, weightDecay: 5e-4, batchSize: 4096, seed } });

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('graph network training', () => {
  it.each([GCN, { kind: 'sage', hidden: [32] } as GraphNetworkArchitecture])('trains %o with early stopping, keeps the best epoch and leaks nothing', async (architecture) => {
    const graph = graphOf(1);
    const before = tf.memory().numTensors;
    const run = await trainGraphNetwork(graph, architecture, training(1));
    expect(tf.memory().numTensors).toBe(before + run.network.variables.length);
    // Stopped `patience` epochs after the best, which is the epoch whose weights it holds.
    expect(run.epochs.length).toBe(run.bestEpoch + 20);
    expect(Math.max(...run.epochs.map((e) => e.valAccuracy))).toBe(run.valAccuracy);
    expect(nodeAccuracy(run.logits, graph, graph.split.val)).toBe(run.valAccuracy);
    expect(run.testAccuracy).toBeGreaterThan(0.8);
    expect(run.epochs.at(-1)!.loss).toBeLessThan(run.epochs[0]!.loss);
    run.network.dispose();
  });

  it('is a function of its seed', async () => {
    const graph = graphOf(2);
    const [a, b] = [await trainGraphNetwork(graph, GCN, training(5)), await trainGraphNetwork(graph, GCN, training(5))];
    expect(a.logits).toEqual(b.logits);
    a.network.dispose();
    b.network.dispose();
  });

  it.each([GCN, { kind: 'sage', hidden: [16, 8] } as GraphNetworkArchitecture])('%o encodes to bytes and decodes to the same network', async (architecture) => {
    const graph = graphOf(3);
    const run = await trainGraphNetwork(graph, architecture, { ...training(3), epochs: 3 });
    const before = tf.memory().numTensors;
    const restored = decodeGraphNetwork(architecture, graph.features, graph.numClasses, await encodeGraphNetwork(run.network));
    expect(tf.memory().numTensors).toBe(before + restored.variables.length);
    const adjacency = adjacencyOf(graph.nodes, graph.edges);
    expect(graphLogits(restored, graph.x, adjacency)).toEqual(graphLogits(run.network, graph.x, adjacency));
    expect(() => decodeGraphNetwork({ ...architecture, hidden: [7] }, graph.features, graph.numClasses, { bytes: new Uint8Array(0), specs: [] })).toThrow(/lack 'layer1\/kernel'/);
    expect(tf.memory().numTensors).toBe(before + restored.variables.length);
    restored.dispose();
    run.network.dispose();
  });

  it('stops within an epoch of an abort', async () => {
    const controller = new AbortController();
    let seen = 0;
    const run = trainGraphNetwork(graphOf(1), GCN, training(1), { signal: controller.signal, onEpoch: () => void (++seen === 3 && controller.abort(new Error('cancelled'))) });
    await expect(run).rejects.toThrow('cancelled');
    expect(seen).toBe(3);
  });
});

describe('graph-less students (GLNN)', () => {
  it('transductive: the distilled MLP beats the same MLP trained alone on every seed', async () => {
    for (const seed of [1, 2]) {
      const run = await distillGraph({ graph: graphOf(seed), teacher: { architecture: GCN, training: training(seed) }, student: student(seed), lambda: 0, setting: 'transductive', baseline: true });
      expect(run.teacher.scores.test).toBeGreaterThan(0.9);
      expect(run.student.scores.test).toBeGreaterThan(run.baseline!.scores.test + 0.15);
      for (const model of [run.teacher.network, run.student.model, run.baseline!.model]) model.dispose();
    }
  });

  it('inductive: held-out nodes and their edges stay out of training, and the teacher reads them in the whole graph', async () => {
    const graph = graphOf(3);
    const split = inductiveSplit(graph, 0.2, 7);
    expect(split.heldOut.length).toBe(80);
    expect(split.observed.length).toBe(graph.nodes - 80);
    const held = new Set(split.heldOut);
    expect(Array.from(split.observed).some((n) => held.has(n))).toBe(false);
    // The observed graph has exactly the edges between observed nodes.
    const whole = adjacencyOf(graph.nodes, graph.edges);
    let inside = 0;
    for (let i = 0; i < graph.nodes; i++) {
      for (let k = whole.offsets[i]!; k < whole.offsets[i + 1]!; k++) inside += Number(!held.has(i) && !held.has(whole.neighbours[k]!));
    }
    expect(split.graph.edges.length).toBe(inside); // pairs counted from both ends = endpoints of each edge once
    expect(Array.from(split.graph.split.test, (k) => split.observed[k])).toEqual(Array.from(split.observedTest));

    const run = await distillGraph({ graph, teacher: { architecture: GCN, training: training(3) }, student: student(7), lambda: 0, setting: 'inductive', heldOut: 0.2, baseline: true });
    expect(run.teacher.scores.test).toBeGreaterThan(0.9);
    expect(run.teacher.scores.observedTest).toBeGreaterThan(0.9);
    // On nodes it has seen the teacher's labels of, the student is near the teacher; on new ones it has features alone.
    expect(run.student.scores.observedTest).toBeGreaterThan(run.baseline!.scores.observedTest! + 0.15);
    expect(run.student.scores.test).toBeGreaterThan(run.baseline!.scores.test);
    for (const model of [run.teacher.network, run.student.model, run.baseline!.model]) model.dispose();
  });
});

describe('GLNN in two stages', () => {
  it.each(['transductive', 'inductive'] as const)('%s: a student trained from the stored teacher logits is the one distillGraph trains', async (setting) => {
    const graph = graphOf(5);
    const options = { setting, heldOut: 0.2, splitSeed: 5 };
    const teacher = await trainGraphTeacher({ graph, architecture: GCN, training: { ...training(5), epochs: 30 }, ...options });
    const two = await distillNodeStudent({ graph, teacherLogits: teacher.softLabels, student: { ...student(5), training: { ...student(5).training, epochs: 20 } }, lambda: 0, ...options });
    const one = await distillGraph({ graph, teacher: { architecture: GCN, training: { ...training(5), epochs: 30 } }, student: { ...student(5), training: { ...student(5).training, epochs: 20 } }, lambda: 0, setting, heldOut: 0.2 });
    expect(two.student.scores).toEqual(one.student.scores);
    expect(teacher.scores).toEqual(one.teacher.scores);
    if (setting === 'inductive') {
      // The rows of held-out nodes are never filled: the teacher never saw them.
      const split = inductiveSplit(graph, 0.2, 5);
      for (const node of split.heldOut) expect(teacher.softLabels.subarray(node * graph.numClasses, (node + 1) * graph.numClasses).every((v) => v === 0)).toBe(true);
    }
    for (const d of [teacher.network, two.student.model, one.teacher.network, one.student.model]) d.dispose();
  });
});

describe('serving a graph network', () => {
  it.each([GCN, { kind: 'sage', hidden: [16, 16] } as GraphNetworkArchitecture])('%o classifies a node from its L-hop neighbourhood exactly as from the whole graph', async (architecture) => {
    const graph = graphOf(4);
    const run = await trainGraphNetwork(graph, architecture, { ...training(4), epochs: 5 });
    const adjacency = adjacencyOf(graph.nodes, graph.edges);
    const whole = graphLogits(run.network, graph.x, adjacency);
    const targets = graph.split.test.subarray(0, 7);
    const fetched = neighbourhoodLogits(run.network, graph.x, adjacency, targets);
    const C = graph.numClasses;
    targets.forEach((node, k) => {
      for (let c = 0; c < C; c++) expect(fetched[k * C + c]).toBeCloseTo(whole[node * C + c]!, 4);
    });
    run.network.dispose();
  });

  it('measures both ways of serving, with the neighbourhood the teacher had to fetch', async () => {
    const graph = graphOf(4);
    const run = await distillGraph({ graph, teacher: { architecture: GCN, training: { ...training(4), epochs: 5 } }, student: { ...student(4), training: { ...student(4).training, epochs: 2 } }, lambda: 0, setting: 'transductive' });
    const adjacency = adjacencyOf(graph.nodes, graph.edges);
    const singles = graph.split.test.subarray(0, 10);
    const latency = measureInferenceLatency({ teacher: run.teacher.network, student: run.student.model, x: graph.x, adjacency, singles, batch: graph.split.test, repeats: 2 });
    const expected = Array.from(singles, (n) => neighbourhood(adjacency, Int32Array.of(n), 2).length).reduce((a, b) => a + b) / singles.length;
    expect(latency.teacherNodesPerNode).toBe(expected);
    expect(latency.batchSize).toBe(400);
    for (const t of [latency.teacher, latency.student]) {
      expect(t.perNodeMs).toBeGreaterThan(0);
      expect(t.perBatchMs).toBeGreaterThan(0);
    }
    expect(latency.speedup.perNode).toBe(latency.teacher.perNodeMs / latency.student.perNodeMs);
    run.teacher.network.dispose();
    run.student.model.dispose();
  });
});
