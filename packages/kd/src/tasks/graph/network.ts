import * as tf from '@tensorflow/tfjs';
import type { GraphNetworkArchitecture } from '@distillery/contracts';
import type { Adjacency } from './graph.ts';
import { Propagation } from './propagation.ts';

/**
 * The message passing a network of this kind runs over a graph. `degrees`:
 * each node's degree in the whole graph, when `adjacency` is cut out of it
 * (GCN's normalisation reads them; the mean needs none beyond what it sums).
 */
export function propagationFor(kind: GraphNetworkArchitecture['kind'], adjacency: Adjacency, degrees?: Int32Array): Propagation {
  return kind === 'gcn' ? Propagation.gcn(adjacency, degrees) : Propagation.mean(adjacency);
}

interface GraphLayer {
  /** gcn: the weight; sage: the weight of the node's own features. */
  kernel: tf.Variable;
  /** sage only: the weight of the neighbours' mean. */
  neighbourKernel?: tf.Variable;
  bias: tf.Variable;
}

/**
 * A GCN or GraphSAGE node classifier as plain variables, not a tfjs layers
 * model: its inputs are a whole graph (features and the propagation built
 * from its edges), not a batch of independent rows. Layers are
 * `layer1 ... layerL`, each `kernel`, `bias` and for SAGE `neighbourKernel`;
 * the last outputs logits. Initial weights are Glorot uniform from `seed`.
 */
export class GraphNetwork {
  private readonly layers: GraphLayer[];

  constructor(
    readonly architecture: GraphNetworkArchitecture,
    readonly features: number,
    readonly numClasses: number,
    seed: number,
  ) {
    const widths = [features, ...architecture.hidden, numClasses];
    let layerSeed = Math.imul(seed, 7919) >>> 0;
    // tidy frees each initial value; the variables, which hold copies, outlive it.
    const weight = (rows: number, columns: number) =>
      tf.tidy(() => tf.variable(tf.initializers.glorotUniform({ seed: (layerSeed = (layerSeed + 1) >>> 0) }).apply([rows, columns]) as tf.Tensor2D));
    this.layers = widths.slice(1).map((out, index) => ({
      kernel: weight(widths[index]!, out),
      ...(architecture.kind === 'sage' ? { neighbourKernel: weight(widths[index]!, out) } : {}),
      bias: tf.tidy(() => tf.variable(tf.zeros([out]))),
    }));
  }

  get variables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.kernel, ...(l.neighbourKernel ? [l.neighbourKernel] : []), l.bias]);
  }

  /** The weights by stable name (`layer1/kernel`, ...), for saving and for restoring the best epoch. */
  namedWeights(): { name: string; tensor: tf.Tensor }[] {
    return this.layers.flatMap((l, index) => [
      { name: `layer${index + 1}/kernel`, tensor: l.kernel as tf.Tensor },
      ...(l.neighbourKernel ? [{ name: `layer${index + 1}/neighbourKernel`, tensor: l.neighbourKernel as tf.Tensor }] : []),
      { name: `layer${index + 1}/bias`, tensor: l.bias as tf.Tensor },
    ]);
  }

  setWeights(weights: tf.NamedTensorMap): void {
    for (const { name, tensor } of this.namedWeights()) {
      const value = weights[name];
      if (!value) throw new Error(`graph network weights lack '${name}'`);
      if (value.shape.join() !== tensor.shape.join()) throw new Error(`'${name}' has shape [${value.shape}], the network needs [${tensor.shape}]`);
      (tensor as tf.Variable).assign(value);
    }
  }

  countParameters(): number {
    return this.variables.reduce((sum, v) => sum + v.size, 0);
  }

  /**
   * Logits for every node, [nodes, classes]. With `dropoutSeed`, dropout is
   * on (training) and the seed fixes its masks.
   */
  logits(x: tf.Tensor2D, propagation: Propagation, dropoutSeed?: number): tf.Tensor2D {
    return tf.tidy(() => {
      const rate = this.architecture.dropout ?? 0;
      let h = x;
      this.layers.forEach((layer, index) => {
        if (dropoutSeed !== undefined && rate > 0) h = tf.dropout(h, rate, undefined, dropoutSeed * 31 + index) as tf.Tensor2D;
        // Transform first, then propagate: the transformed rows are at most as wide, and S(h)W = S(hW).
        let out: tf.Tensor2D =
          layer.neighbourKernel
            ? tf.add(tf.matMul(h, layer.kernel), propagation.apply(tf.matMul(h, layer.neighbourKernel)))
            : propagation.apply(tf.matMul(h, layer.kernel));
        out = tf.add(out, layer.bias);
        h = index < this.layers.length - 1 ? tf.relu(out) : out;
      });
      return h;
    });
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}

/** Logits of `network` for every node of a graph given as features [nodes, features] and adjacency, as a flat [nodes, classes] array. */
export function graphLogits(network: GraphNetwork, x: Float32Array, adjacency: Adjacency, degrees?: Int32Array): Float32Array {
  const propagation = propagationFor(network.architecture.kind, adjacency, degrees);
  try {
    const logits = tf.tidy(() => network.logits(tf.tensor2d(x, [adjacency.nodes, network.features]), propagation));
    const values = logits.dataSync() as Float32Array;
    logits.dispose();
    return values;
  } finally {
    propagation.dispose();
  }
}

/** A graph network's weights as bytes, with the manifest that reads them back (tfjs's own weight encoding). */
export interface EncodedGraphNetwork {
  bytes: Uint8Array;
  specs: tf.io.WeightsManifestEntry[];
}

export async function encodeGraphNetwork(network: GraphNetwork): Promise<EncodedGraphNetwork> {
  const { data, specs } = await tf.io.encodeWeights(network.namedWeights());
  return { bytes: new Uint8Array(data), specs };
}

/** The network `encodeGraphNetwork` encoded; its shape must match the architecture's, or this throws. */
export function decodeGraphNetwork(architecture: GraphNetworkArchitecture, features: number, numClasses: number, encoded: EncodedGraphNetwork): GraphNetwork {
  const { bytes } = encoded;
  // Decoded first: bytes that do not match their specs throw before any variable exists.
  const weights = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, encoded.specs);
  try {
    const network = new GraphNetwork(architecture, features, numClasses, 0);
    try {
      network.setWeights(weights);
      return network;
    } catch (error) {
      network.dispose();
      throw error;
    }
  } finally {
    tf.dispose(Object.values(weights));
  }
}
