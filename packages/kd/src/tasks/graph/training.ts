import * as tf from '@tensorflow/tfjs';
import type { GraphNetworkArchitecture, ResolvedGraphTraining } from '@distillery/contracts';
import { accuracy } from '../classification/examples.ts';
import { createOptimizer } from '../../training/optimizers.ts';
import { adjacencyOf, gatherRows, type Adjacency, type NodeGraph } from './graph.ts';
import { GraphNetwork, propagationFor } from './network.ts';

/** GraphTraining's defaults: GLNN's for a GraphSAGE teacher on Cora. */
export const DEFAULT_GRAPH_TRAINING: ResolvedGraphTraining = { epochs: 500, patience: 50, learningRate: 0.01, weightDecay: 5e-4, seed: 1 };

export interface GraphEpoch {
  epoch: number;
  loss: number;
  valAccuracy: number;
}

export interface TrainedGraphNetwork {
  /** Holding the weights of the epoch with the best validation accuracy. */
  network: GraphNetwork;
  /** Every epoch run, the last one `patience` epochs after the best unless `epochs` came first. */
  epochs: GraphEpoch[];
  bestEpoch: number;
  valAccuracy: number;
  testAccuracy: number;
  /** The network's logits for every node of the graph it trained on, [nodes, classes]. */
  logits: Float32Array;
}

/** Accuracy of flat [nodes, classes] logits on the given nodes. */
export function nodeAccuracy(logits: Float32Array, graph: Pick<NodeGraph, 'labels' | 'numClasses'>, nodes: Int32Array): number {
  return accuracy(gatherRows(logits, graph.numClasses, nodes), Int32Array.from(nodes, (node) => graph.labels[node]!), graph.numClasses);
}

/**
 * Trains a GCN or GraphSAGE teacher on the whole graph at once (what GLNN's
 * teachers do on graphs of this size): each epoch one Adam step on the
 * cross-entropy of the training nodes, with dropout; then the validation
 * accuracy without dropout. Stops `patience` epochs after the best one and
 * restores its weights. Yields to the event loop after every epoch, where a
 * worker renews its job lock, and stops when `signal` aborts.
 */
export async function trainGraphNetwork(
  graph: NodeGraph,
  architecture: GraphNetworkArchitecture,
  training: ResolvedGraphTraining,
  options: { signal?: AbortSignal; onEpoch?: (epoch: GraphEpoch) => void | Promise<void>; adjacency?: Adjacency } = {},
): Promise<TrainedGraphNetwork> {
  const network = new GraphNetwork(architecture, graph.features, graph.numClasses, training.seed);
  const adjacency = options.adjacency ?? adjacencyOf(graph.nodes, graph.edges);
  const propagation = propagationFor(architecture.kind, adjacency);
  const optimizer = createOptimizer({ kind: 'adam', weightDecay: training.weightDecay, learningRate: training.learningRate });
  const x = tf.tensor2d(graph.x, [graph.nodes, graph.features]);
  const trainNodes = tf.tensor1d(graph.split.train, 'int32');
  const trainLabels = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(graph.split.train, (n) => graph.labels[n]!), 'int32'), graph.numClasses));
  const epochs: GraphEpoch[] = [];
  let best: { epoch: number; valAccuracy: number; weights: tf.NamedTensorMap } | undefined;
  const allLogits = () => {
    const logits = network.logits(x, propagation);
    const values = logits.dataSync() as Float32Array;
    logits.dispose();
    return values;
  };
  try {
    for (let epoch = 1; epoch <= training.epochs; epoch++) {
      options.signal?.throwIfAborted();
      const { value, grads } = tf.variableGrads(
        () => tf.tidy(() => tf.losses.softmaxCrossEntropy(trainLabels, tf.gather(network.logits(x, propagation, training.seed * 100_003 + epoch), trainNodes)) as tf.Scalar),
        network.variables,
      );
      optimizer.apply(grads, network.variables);
      const loss = value.dataSync()[0]!;
      tf.dispose([value, ...Object.values(grads)]);
      const valAccuracy = nodeAccuracy(allLogits(), graph, graph.split.val);
      const report = { epoch, loss, valAccuracy };
      epochs.push(report);
      await options.onEpoch?.(report);
      if (!best || valAccuracy > best.valAccuracy) {
        if (best) tf.dispose(Object.values(best.weights));
        best = { epoch, valAccuracy, weights: Object.fromEntries(network.namedWeights().map(({ name, tensor }) => [name, tf.clone(tensor)])) };
      } else if (epoch - best.epoch >= training.patience) break;
      await tf.nextFrame();
    }
    network.setWeights(best!.weights);
    const logits = allLogits();
    return { network, epochs, bestEpoch: best!.epoch, valAccuracy: best!.valAccuracy, testAccuracy: nodeAccuracy(logits, graph, graph.split.test), logits };
  } catch (error) {
    network.dispose();
    throw error;
  } finally {
    if (best) tf.dispose(Object.values(best.weights));
    tf.dispose([x, trainNodes, trainLabels]);
    propagation.dispose();
    optimizer.dispose();
  }
}
