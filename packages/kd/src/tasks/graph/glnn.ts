import type * as tf from '@tensorflow/tfjs';
import type { GraphNetworkArchitecture, MlpArchitecture, ResolvedGraphTraining } from '@distillery/contracts';
import { countParameters } from '../../models.ts';
import { inductiveSplit, predictNodes, trainNodeStudent, type NodeStudentTraining } from './distillation.ts';
import { adjacencyOf, type Adjacency, type NodeGraph } from './graph.ts';
import { graphLogits, type GraphNetwork } from './network.ts';
import { nodeAccuracy, trainGraphNetwork, type GraphEpoch } from './training.ts';

export type GraphSetting = 'transductive' | 'inductive';

export interface GraphDistillationOptions {
  graph: NodeGraph;
  teacher: { architecture: GraphNetworkArchitecture; training: ResolvedGraphTraining };
  student: { architecture: MlpArchitecture; training: NodeStudentTraining };
  /** Weight of the cross-entropy on the labels; 1 − lambda weights the teacher's KL. GLNN's default is 0. */
  lambda: number;
  temperature?: number;
  setting: GraphSetting;
  /** Inductive only: the share of the test nodes held out of the observed graph (GLNN: 0.2), drawn from the student's seed. */
  heldOut?: number;
  /** Also train the same student on the labels alone. */
  baseline?: boolean;
  signal?: AbortSignal;
  /** After each of the teacher's epochs (a worker reports progress here). */
  onTeacherEpoch?: (epoch: GraphEpoch) => void | Promise<void>;
}

/** Test accuracies. Inductive: on the held-out nodes (`test`), and on the observed test nodes (`observedTest`). */
export interface NodeScores {
  test: number;
  observedTest?: number;
}

export interface GraphDistillation {
  /** The whole graph's adjacency, built once for the run: what serving the teacher reads. */
  adjacency: Adjacency;
  teacher: { network: GraphNetwork; scores: NodeScores; bestEpoch: number; epochs: number; parameters: number };
  student: { model: tf.LayersModel; scores: NodeScores; bestEpoch: number; parameters: number };
  baseline?: { model: tf.LayersModel; scores: NodeScores; bestEpoch: number };
}

/**
 * GLNN end to end: the teacher trained on the graph it may see, its logits as
 * soft labels for the student on the nodes it may see, and, with `baseline`,
 * the same student (architecture, seed, optimizer steps, selection on
 * validation) trained on the labels alone. Transductive, both see the whole graph and are
 * scored on its test nodes. Inductive, both see the observed graph; then the
 * held-out nodes arrive with their edges, and the teacher classifies them in
 * the whole graph while the student reads their features.
 */
export async function distillGraph(options: GraphDistillationOptions): Promise<GraphDistillation> {
  const { graph, signal } = options;
  const adjacency = adjacencyOf(graph.nodes, graph.edges);
  const split = options.setting === 'inductive' ? inductiveSplit(graph, options.heldOut ?? 0.2, options.student.training.seed, adjacency) : undefined;
  const seen = split?.graph ?? graph;
  const trained = await trainGraphNetwork(seen, options.teacher.architecture, options.teacher.training, {
    adjacency: split?.adjacency ?? adjacency,
    ...(signal ? { signal } : {}),
    ...(options.onTeacherEpoch ? { onEpoch: options.onTeacherEpoch } : {}),
  });
  const disposables: { dispose(): void }[] = [trained.network];
  try {
    // Soft labels indexed by whole-graph node: the observed graph's rows go back to their places.
    let softLabels = trained.logits;
    let studentNodes: Int32Array = Int32Array.from({ length: graph.nodes }, (_, i) => i);
    let teacherScores: NodeScores = { test: trained.testAccuracy };
    if (split) {
      softLabels = new Float32Array(graph.nodes * graph.numClasses);
      split.observed.forEach((node, k) => softLabels.set(trained.logits.subarray(k * graph.numClasses, (k + 1) * graph.numClasses), node * graph.numClasses));
      studentNodes = split.observed;
      const wholeGraphLogits = graphLogits(trained.network, graph.x, adjacency);
      teacherScores = { test: nodeAccuracy(wholeGraphLogits, graph, split.heldOut), observedTest: trained.testAccuracy };
    }
    const scoresOf = (model: tf.LayersModel): NodeScores => {
      const logits = predictNodes(model, graph);
      return split
        ? { test: nodeAccuracy(logits, graph, split.heldOut), observedTest: nodeAccuracy(logits, graph, split.observedTest) }
        : { test: nodeAccuracy(logits, graph, graph.split.test) };
    };
    const studentOptions = { graph, architecture: options.student.architecture, training: options.student.training, nodes: studentNodes, ...(signal ? { signal } : {}) };
    const student = await trainNodeStudent({ ...studentOptions, teacher: { logits: softLabels, lambda: options.lambda, ...(options.temperature ? { temperature: options.temperature } : {}) } });
    disposables.push(student.model);
    const { epochs, batchSize } = options.student.training;
    const baseline = options.baseline ? await trainNodeStudent({ ...studentOptions, steps: epochs * Math.ceil(studentNodes.length / batchSize) }) : undefined;
    return {
      adjacency,
      teacher: { network: trained.network, scores: teacherScores, bestEpoch: trained.bestEpoch, epochs: trained.epochs.length, parameters: trained.network.countParameters() },
      student: { model: student.model, scores: scoresOf(student.model), bestEpoch: student.bestEpoch, parameters: countParameters(student.model) },
      ...(baseline ? { baseline: { model: baseline.model, scores: scoresOf(baseline.model), bestEpoch: baseline.bestEpoch } } : {}),
    };
  } catch (error) {
    for (const d of disposables) d.dispose();
    throw error;
  }
}
