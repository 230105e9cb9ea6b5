import * as tf from '@tensorflow/tfjs';
import type { MlpArchitecture } from '@distillery/contracts';
import { buildClassifier } from '../../models.ts';
import { softmaxRows } from '../../quality.ts';
import { mulberry32, shuffledIndices } from '../../random.ts';
import { trainClassifier } from '../../train.ts';
import type { Examples } from '../classification/examples.ts';
import { adjacencyOf, gatherRows, inducedSubgraph, type Adjacency, type NodeGraph } from './graph.ts';
import { nodeAccuracy } from './training.ts';

/**
 * Graph-less students (GLNN, Zhang et al. 2022): an MLP that reads a node's
 * own features only, trained on
 *
 *   λ · CE(y, student) on the labelled training nodes
 *   + (1 − λ) · KL(teacher ‖ student) on every node it learns from,
 *
 * at temperature 1 unless given. Transductive, it learns from every node of
 * the graph; inductive, from the observed part only (`inductiveSplit`).
 */
export interface NodeStudentTraining {
  epochs: number;
  learningRate: number;
  weightDecay: number;
  /** GLNN uses 4096: on graphs of Cora's size each epoch is one full batch. */
  batchSize: number;
  seed: number;
}

export interface NodeStudentOptions {
  graph: NodeGraph;
  architecture: MlpArchitecture;
  training: NodeStudentTraining;
  /** The nodes the student learns from: their features, and the label of those among them in the training split. */
  nodes: Int32Array;
  /** Without teacher, the student learns from the labels alone: the baseline. */
  teacher?: { logits: Float32Array; lambda: number; temperature?: number };
  /**
   * Optimizer steps instead of `epochs` full passes: the baseline, with only
   * the training nodes, is given as many steps as its distilled twin, so a
   * gain is not extra compute.
   */
  steps?: number;
  signal?: AbortSignal;
}

export interface TrainedNodeStudent {
  model: tf.LayersModel;
  /** The epoch whose weights the model holds: the best on the validation nodes. */
  bestEpoch: number;
  valAccuracy: number;
  testAccuracy: number;
}

/**
 * Trains an MLP on node features: distilled from teacher logits, or from the
 * training labels alone (the same MLP trained alone, GLNN's baseline). Keeps
 * the weights of the epoch with the best validation accuracy, so the
 * distilled student and the baseline are chosen by the same rule.
 */
export async function trainNodeStudent(options: NodeStudentOptions): Promise<TrainedNodeStudent> {
  const { graph, teacher, training } = options;
  const isTraining = new Uint8Array(graph.nodes);
  for (const node of graph.split.train) isTraining[node] = 1;
  const nodes = teacher ? options.nodes : options.nodes.filter((node) => isTraining[node]);
  const examples: Examples = {
    x: gatherRows(graph.x, graph.features, nodes),
    count: nodes.length,
    inputShape: [graph.features],
    labels: Int32Array.from(nodes, (node) => (isTraining[node] ? graph.labels[node]! : -1)),
    ...(teacher ? { soft: { probs: softmaxRows(gatherRows(teacher.logits, graph.numClasses, nodes), graph.numClasses, teacher.temperature ?? 1), mask: new Uint8Array(nodes.length).fill(1) } } : {}),
  };
  const validation = { x: gatherRows(graph.x, graph.features, graph.split.val), count: graph.split.val.length, labels: Int32Array.from(graph.split.val, (n) => graph.labels[n]!) };
  const model = buildClassifier(options.architecture, [graph.features], graph.numClasses, training.seed);
  let best: { epoch: number; accuracy: number; weights: tf.Tensor[] } | undefined;
  try {
    await trainClassifier(model, examples, {
      numClasses: graph.numClasses,
      epochs: training.epochs,
      batchSize: training.batchSize,
      learningRate: training.learningRate,
      seed: training.seed,
      ...(options.steps !== undefined ? { steps: options.steps } : {}),
      optimizer: { kind: 'adam', weightDecay: training.weightDecay },
      ...(teacher ? { distillation: { temperature: teacher.temperature ?? 1, hardWeight: teacher.lambda, softWeight: 1 - teacher.lambda } } : {}),
      evaluation: validation,
      onEpoch: async (report) => {
        if (best && report.accuracy! <= best.accuracy) return;
        if (best) tf.dispose(best.weights);
        best = { epoch: report.epoch, accuracy: report.accuracy!, weights: model.getWeights().map((w) => tf.clone(w)) };
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    model.setWeights(best!.weights);
    return { model, bestEpoch: best!.epoch, valAccuracy: best!.accuracy, testAccuracy: nodeAccuracy(predictNodes(model, graph), graph, graph.split.test) };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    if (best) tf.dispose(best.weights);
  }
}

/** A features-only model's logits for every node of `graph`, [nodes, classes]. */
export function predictNodes(model: tf.LayersModel, graph: Pick<NodeGraph, 'nodes' | 'features' | 'x'>): Float32Array {
  const logits = tf.tidy(() => model.predict(tf.tensor2d(graph.x, [graph.nodes, graph.features]), { batchSize: 4096 }) as tf.Tensor);
  const values = logits.dataSync() as Float32Array;
  logits.dispose();
  return values;
}

/**
 * GLNN's inductive setting: `fraction` of the test nodes, drawn from `seed`,
 * are held out, and the teacher and student train on the graph without them
 * (the observed graph). At inference the held-out nodes arrive with their
 * edges: the teacher reads them in the whole graph, the student their
 * features only.
 */
export interface InductiveSplit {
  /** The observed graph, renumbered: its node k is node `observed[k]` of the whole graph. Its test split is the observed test nodes. */
  graph: NodeGraph;
  /** Whole-graph ids of the observed nodes, ascending. */
  observed: Int32Array;
  /** Whole-graph ids of the held-out test nodes. */
  heldOut: Int32Array;
  /** Whole-graph ids of the test nodes left in the observed graph. */
  observedTest: Int32Array;
  /** The observed graph's adjacency (its edges, as `graph.edges` lists them). */
  adjacency: Adjacency;
}

export function inductiveSplit(graph: NodeGraph, fraction: number, seed: number, whole: Adjacency = adjacencyOf(graph.nodes, graph.edges)): InductiveSplit {
  const order = shuffledIndices(graph.split.test.length, mulberry32(seed));
  const held = Math.round(graph.split.test.length * fraction);
  if (held < 1 || held >= graph.split.test.length) throw new RangeError(`holding out ${fraction} of ${graph.split.test.length} test nodes leaves no node on one side`);
  const heldOut = Int32Array.from(order.subarray(0, held), (k) => graph.split.test[k]!).sort();
  const observedTest = Int32Array.from(order.subarray(held), (k) => graph.split.test[k]!).sort();
  const isHeldOut = new Uint8Array(graph.nodes);
  for (const node of heldOut) isHeldOut[node] = 1;
  const observed = Int32Array.from({ length: graph.nodes }, (_, i) => i).filter((i) => !isHeldOut[i]);
  const position = new Int32Array(graph.nodes).fill(-1);
  observed.forEach((node, k) => (position[node] = k));
  const renumber = (nodes: Int32Array) => Int32Array.from(nodes, (node) => position[node]!);
  const adjacency = inducedSubgraph(whole, observed);
  const edges: number[] = [];
  for (let i = 0; i < adjacency.nodes; i++) {
    for (let k = adjacency.offsets[i]!; k < adjacency.offsets[i + 1]!; k++) if (adjacency.neighbours[k]! > i) edges.push(i, adjacency.neighbours[k]!);
  }
  return {
    graph: {
      nodes: observed.length,
      features: graph.features,
      x: gatherRows(graph.x, graph.features, observed),
      edges: Int32Array.from(edges),
      labels: Int32Array.from(observed, (node) => graph.labels[node]!),
      numClasses: graph.numClasses,
      split: { train: renumber(graph.split.train), val: renumber(graph.split.val), test: renumber(observedTest) },
    },
    observed,
    heldOut,
    observedTest,
    adjacency,
  };
}
