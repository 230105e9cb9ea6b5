import * as tf from '@tensorflow/tfjs';
import { degreeOf, gatherRows, inducedSubgraph, neighbourhood, type Adjacency } from './graph.ts';
import type { GraphNetwork } from './network.ts';
import { graphLogits } from './network.ts';

/**
 * A graph network's logits for `targets` computed as a server would: fetch
 * their L-hop neighbourhood, run the network on that subgraph alone, keep the
 * targets' rows. Equal to the rows of the whole graph's logits, since an
 * L-layer network reads nothing beyond L hops but the boundary's degrees.
 */
export function neighbourhoodLogits(network: GraphNetwork, x: Float32Array, adjacency: Adjacency, targets: Int32Array): Float32Array {
  const nodes = neighbourhood(adjacency, targets, network.architecture.hidden.length + 1);
  // The node's whole-graph degree is fetched with its features: GCN's normalisation needs it at the boundary.
  const degrees = Int32Array.from(nodes, (node) => degreeOf(adjacency, node));
  const logits = graphLogits(network, gatherRows(x, network.features, nodes), inducedSubgraph(adjacency, nodes), degrees);
  return logits.subarray(0, targets.length * network.numClasses); // the targets come first
}

/** Median milliseconds to classify one node and a batch of nodes, for a graph network and for a features-only student. */
export interface InferenceLatency {
  teacher: { perNodeMs: number; perBatchMs: number };
  student: { perNodeMs: number; perBatchMs: number };
  /** Teacher time over student time, per node and per batch. */
  speedup: { perNode: number; perBatch: number };
  batchSize: number;
  /** Nodes the teacher read on average to classify one node: its L-hop neighbourhood. */
  teacherNodesPerNode: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * What serving costs, as GLNN measures it: to classify nodes, a graph network
 * must first fetch their L-hop neighbourhood (L = its layers) and run on that
 * subgraph; the student reads the nodes' features only. Both are timed end to
 * end, fetch included, on `targets` one at a time (per node) and all at once
 * (per batch), after one untimed warm-up run each.
 */
export function measureInferenceLatency(options: {
  teacher: GraphNetwork;
  student: tf.LayersModel;
  x: Float32Array;
  adjacency: Adjacency;
  /** Nodes to time one by one. */
  singles: Int32Array;
  /** Nodes classified together, timed `repeats` times. */
  batch: Int32Array;
  repeats?: number;
}): InferenceLatency {
  const { teacher, student, x, adjacency } = options;
  const features = teacher.features;
  const hops = teacher.architecture.hidden.length + 1;
  const teacherRun = (targets: Int32Array) => neighbourhoodLogits(teacher, x, adjacency, targets);
  const studentRun = (targets: Int32Array) => {
    // One batch of all the targets: predict's default batches of 32 would time its slicing, not the model.
    const logits = tf.tidy(() => student.predict(tf.tensor2d(gatherRows(x, features, targets), [targets.length, features]), { batchSize: targets.length }) as tf.Tensor);
    const values = logits.dataSync();
    logits.dispose();
    return values;
  };
  const time = (run: (targets: Int32Array) => unknown, targets: Int32Array) => {
    const started = performance.now();
    run(targets);
    return performance.now() - started;
  };
  const timings = (run: (targets: Int32Array) => unknown) => {
    run(options.batch.subarray(0, 1));
    const perNode = median(Array.from(options.singles, (node) => time(run, Int32Array.of(node))));
    run(options.batch);
    const perBatch = median(Array.from({ length: options.repeats ?? 5 }, () => time(run, options.batch)));
    return { perNodeMs: perNode, perBatchMs: perBatch };
  };
  const teacherTimes = timings(teacherRun);
  let fetched = 0;
  for (const node of options.singles) fetched += neighbourhood(adjacency, Int32Array.of(node), hops).length;
  const studentTimes = timings(studentRun);
  return {
    teacher: teacherTimes,
    student: studentTimes,
    speedup: { perNode: teacherTimes.perNodeMs / studentTimes.perNodeMs, perBatch: teacherTimes.perBatchMs / studentTimes.perBatchMs },
    batchSize: options.batch.length,
    teacherNodesPerNode: fetched / options.singles.length,
  };
}
