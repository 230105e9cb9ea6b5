import type * as tf from '@tensorflow/tfjs';
import type { GraphNetworkArchitecture, MlpArchitecture, ResolvedGraphTraining } from '@distillery/contracts';
import { countParameters } from '../../models.ts';
import { inductiveSplit, predictNodes, trainNodeStudent, type InductiveSplit, type NodeStudentTraining } from './distillation.ts';
import { adjacencyOf, type Adjacency, type NodeGraph } from './graph.ts';
import { graphLogits, type GraphNetwork } from './network.ts';
import { nodeAccuracy, trainGraphNetwork, type GraphEpoch } from './training.ts';

export type GraphSetting = 'transductive' | 'inductive';

/** Which nodes the teacher and the student may see while they train. */
export interface GraphSettingOptions {
  setting: GraphSetting;
  /** Inductive only: the share of the test nodes held out of the observed graph (GLNN: 0.2), drawn from `splitSeed`. */
  heldOut?: number;
  /** Seeds the held-out draw: the student's seed, so the teacher and the student agree on it. */
  splitSeed: number;
}

/** Test accuracies. Inductive: on the held-out nodes (`test`), and on the observed test nodes (`observedTest`). */
export interface NodeScores {
  test: number;
  observedTest?: number;
}

/** The inductive split of a setting, or none: both stages draw it from the same seed. */
function observedSplit(graph: NodeGraph, adjacency: Adjacency, setting: GraphSettingOptions): InductiveSplit | undefined {
  return setting.setting === 'inductive' ? inductiveSplit(graph, setting.heldOut ?? 0.2, setting.splitSeed, adjacency) : undefined;
}

export interface GraphTeacherOptions extends GraphSettingOptions {
  graph: NodeGraph;
  /** The whole graph's adjacency, when the caller has built it already. */
  adjacency?: Adjacency;
  architecture: GraphNetworkArchitecture;
  training: ResolvedGraphTraining;
  signal?: AbortSignal;
  /** After each epoch (a worker reports progress here). */
  onEpoch?: (epoch: GraphEpoch) => void | Promise<void>;
}

export interface GraphTeacher {
  network: GraphNetwork;
  /**
   * The teacher's logits, [nodes, classes] by whole-graph node: what the
   * student learns from. Inductive, the held-out nodes' rows are zero (the
   * teacher never saw them while it trained, and the student never reads them).
   */
  softLabels: Float32Array;
  scores: NodeScores;
  bestEpoch: number;
  /** Epochs run before early stopping. */
  epochs: number;
  parameters: number;
}

/**
 * GLNN's first stage: the teacher trained on the graph it may see.
 * Inductive, it is then scored on the held-out nodes inside the whole graph,
 * as they would arrive with their edges.
 */
export async function trainGraphTeacher(options: GraphTeacherOptions): Promise<GraphTeacher> {
  const { graph, signal } = options;
  const adjacency = options.adjacency ?? adjacencyOf(graph.nodes, graph.edges);
  const split = observedSplit(graph, adjacency, options);
  const trained = await trainGraphNetwork(split?.graph ?? graph, options.architecture, options.training, {
    adjacency: split?.adjacency ?? adjacency,
    ...(signal ? { signal } : {}),
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  const common = { network: trained.network, bestEpoch: trained.bestEpoch, epochs: trained.epochs.length, parameters: trained.network.countParameters() };
  if (!split) return { ...common, softLabels: trained.logits, scores: { test: trained.testAccuracy } };
  try {
    // The observed graph's rows go back to their places in the whole graph.
    const softLabels = new Float32Array(graph.nodes * graph.numClasses);
    split.observed.forEach((node, k) => softLabels.set(trained.logits.subarray(k * graph.numClasses, (k + 1) * graph.numClasses), node * graph.numClasses));
    const wholeGraphLogits = graphLogits(trained.network, graph.x, adjacency);
    return { ...common, softLabels, scores: { test: nodeAccuracy(wholeGraphLogits, graph, split.heldOut), observedTest: trained.testAccuracy } };
  } catch (error) {
    trained.network.dispose();
    throw error;
  }
}

export interface NodeStudentDistillationOptions extends GraphSettingOptions {
  graph: NodeGraph;
  adjacency?: Adjacency;
  /** The teacher's logits by whole-graph node (GraphTeacher.softLabels). */
  teacherLogits: Float32Array;
  student: { architecture: MlpArchitecture; training: NodeStudentTraining };
  /** Weight of the cross-entropy on the labels; 1 − lambda weights the teacher's KL. GLNN's default is 0. */
  lambda: number;
  temperature?: number;
  /** Also train the same student on the labels alone. */
  baseline?: boolean;
  signal?: AbortSignal;
}

export interface DistilledNodeStudent {
  student: { model: tf.LayersModel; scores: NodeScores; bestEpoch: number; parameters: number };
  baseline?: { model: tf.LayersModel; scores: NodeScores; bestEpoch: number };
}

/**
 * GLNN's second stage: the student learns from the teacher's logits on the
 * nodes it may see (every node transductive, the observed ones inductive)
 * and, with `baseline`, the same student (architecture, seed, optimizer
 * steps, selection on validation) learns from the labels alone. Both are
 * scored from node features only.
 */
export async function distillNodeStudent(options: NodeStudentDistillationOptions): Promise<DistilledNodeStudent> {
  const { graph, signal } = options;
  const split = observedSplit(graph, options.adjacency ?? adjacencyOf(graph.nodes, graph.edges), options);
  const studentNodes = split?.observed ?? Int32Array.from({ length: graph.nodes }, (_, i) => i);
  const scoresOf = (model: tf.LayersModel): NodeScores => {
    const logits = predictNodes(model, graph);
    return split
      ? { test: nodeAccuracy(logits, graph, split.heldOut), observedTest: nodeAccuracy(logits, graph, split.observedTest) }
      : { test: nodeAccuracy(logits, graph, graph.split.test) };
  };
  const studentOptions = { graph, architecture: options.student.architecture, training: options.student.training, nodes: studentNodes, ...(signal ? { signal } : {}) };
  const student = await trainNodeStudent({ ...studentOptions, teacher: { logits: options.teacherLogits, lambda: options.lambda, ...(options.temperature ? { temperature: options.temperature } : {}) } });
  try {
    const { epochs, batchSize } = options.student.training;
    const baseline = options.baseline ? await trainNodeStudent({ ...studentOptions, steps: epochs * Math.ceil(studentNodes.length / batchSize) }) : undefined;
    return {
      student: { model: student.model, scores: scoresOf(student.model), bestEpoch: student.bestEpoch, parameters: countParameters(student.model) },
      ...(baseline ? { baseline: { model: baseline.model, scores: scoresOf(baseline.model), bestEpoch: baseline.bestEpoch } } : {}),
    };
  } catch (error) {
    student.model.dispose();
    throw error;
  }
}

export interface GraphDistillationOptions {
  graph: NodeGraph;
  teacher: { architecture: GraphNetworkArchitecture; training: ResolvedGraphTraining };
  student: { architecture: MlpArchitecture; training: NodeStudentTraining };
  lambda: number;
  temperature?: number;
  setting: GraphSetting;
  heldOut?: number;
  baseline?: boolean;
  signal?: AbortSignal;
  onTeacherEpoch?: (epoch: GraphEpoch) => void | Promise<void>;
}

export interface GraphDistillation extends DistilledNodeStudent {
  /** The whole graph's adjacency, built once for the run: what serving the teacher reads. */
  adjacency: Adjacency;
  teacher: Omit<GraphTeacher, 'softLabels'>;
}

/**
 * GLNN end to end, both stages in one process (a job runs them as two
 * subjobs). Transductive, the teacher and the student see the whole graph
 * and are scored on its test nodes. Inductive, both see the observed graph;
 * then the held-out nodes arrive with their edges, and the teacher
 * classifies them in the whole graph while the student reads their features.
 */
export async function distillGraph(options: GraphDistillationOptions): Promise<GraphDistillation> {
  const { graph, signal } = options;
  const adjacency = adjacencyOf(graph.nodes, graph.edges);
  const setting = { setting: options.setting, ...(options.heldOut !== undefined ? { heldOut: options.heldOut } : {}), splitSeed: options.student.training.seed };
  const { softLabels, ...teacher } = await trainGraphTeacher({
    graph,
    adjacency,
    ...setting,
    ...options.teacher,
    ...(signal ? { signal } : {}),
    ...(options.onTeacherEpoch ? { onEpoch: options.onTeacherEpoch } : {}),
  });
  try {
    const distilled = await distillNodeStudent({
      graph,
      adjacency,
      ...setting,
      teacherLogits: softLabels,
      student: options.student,
      lambda: options.lambda,
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
      ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
      ...(signal ? { signal } : {}),
    });
    return { adjacency, teacher, ...distilled };
  } catch (error) {
    teacher.network.dispose();
    throw error;
  }
}
