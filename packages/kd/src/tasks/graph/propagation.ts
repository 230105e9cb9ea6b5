import * as tf from '@tensorflow/tfjs';
import type { Adjacency } from './graph.ts';

/**
 * One round of message passing over a symmetric adjacency, as a tensor op:
 * `y = post ⊙ S(pre ⊙ h)`, where S sums the rows of h over each node's
 * neighbour list (with the node itself for GCN's self-loops). S is wasm's
 * and the CPU backend's `SparseSegmentSum` (a C++ loop on wasm) over the
 * neighbour lists, so no [edges, width] message tensor is ever made and
 * memory grows with nodes × width, not edges × width: a graph of a million
 * edges trains in the memory of its node features.
 *
 * tfjs has no gradient for SparseSegmentSum; because the adjacency is
 * symmetric, S is its own transpose and the gradient is the same op,
 * `dh = pre ⊙ S(post ⊙ dy)`.
 */
export class Propagation {
  private readonly indices: tf.Tensor1D;
  private readonly segments: tf.Tensor1D;
  private readonly pre: tf.Tensor2D | undefined;
  private readonly post: tf.Tensor2D;
  readonly apply: (h: tf.Tensor2D) => tf.Tensor2D;

  private constructor(readonly nodes: number, lists: { indices: Int32Array; segments: Int32Array }, pre: Float32Array | undefined, post: Float32Array) {
    this.indices = tf.tensor1d(lists.indices, 'int32');
    this.segments = tf.tensor1d(lists.segments, 'int32');
    this.pre = pre && tf.tensor2d(pre, [nodes, 1]);
    this.post = tf.tensor2d(post, [nodes, 1]);
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
      value: this.scaledSum(args[0] as tf.Tensor2D, this.pre, this.post),
      gradFunc: (dy: tf.Tensor) => this.scaledSum(dy as tf.Tensor2D, this.post, this.pre),
    }));
    this.apply = (h) => op(h) as tf.Tensor2D;
  }

  /**
   * GCN's normalised adjacency with self-loops (Kipf & Welling 2017):
   * D^-1/2 (A + I) D^-1/2, D counting the self-loop. `degrees` replaces
   * the adjacency's own: a neighbourhood cut out of a larger graph keeps its
   * boundary nodes' degrees in the whole graph.
   */
  static gcn(adjacency: Adjacency, degrees?: Int32Array): Propagation {
    const scale = new Float32Array(adjacency.nodes);
    for (let i = 0; i < adjacency.nodes; i++) scale[i] = 1 / Math.sqrt((degrees ? degrees[i]! : adjacency.offsets[i + 1]! - adjacency.offsets[i]!) + 1);
    return new Propagation(adjacency.nodes, neighbourLists(adjacency, true), scale, scale);
  }

  /** The mean over each node's neighbours (GraphSAGE's mean aggregator); 0 for a node without any. */
  static mean(adjacency: Adjacency): Propagation {
    const inverseDegree = new Float32Array(adjacency.nodes);
    for (let i = 0; i < adjacency.nodes; i++) {
      const degree = adjacency.offsets[i + 1]! - adjacency.offsets[i]!;
      inverseDegree[i] = degree > 0 ? 1 / degree : 0;
    }
    return new Propagation(adjacency.nodes, neighbourLists(adjacency, false), undefined, inverseDegree);
  }

  private scaledSum(h: tf.Tensor2D, pre: tf.Tensor2D | undefined, post: tf.Tensor2D | undefined): tf.Tensor2D {
    return tf.tidy(() => {
      const input = pre ? tf.mul(h, pre) : h;
      let summed: tf.Tensor2D;
      if (this.indices.size === 0) summed = tf.zeros([this.nodes, h.shape[1]]);
      else {
        summed = tf.sparse.sparseSegmentSum(input, this.indices, this.segments) as tf.Tensor2D;
        // The op's output ends at the last node that has a list entry.
        if (summed.shape[0] < this.nodes) summed = tf.concat([summed, tf.zeros([this.nodes - summed.shape[0], h.shape[1]])]);
      }
      return post ? tf.mul(summed, post) : summed;
    });
  }

  dispose(): void {
    tf.dispose([this.indices, this.segments, this.post, ...(this.pre ? [this.pre] : [])]);
  }
}

/** Each node's neighbour list as SparseSegmentSum's (indices, sorted segment ids), the node itself first when `selfLoops`. */
function neighbourLists(adjacency: Adjacency, selfLoops: boolean): { indices: Int32Array; segments: Int32Array } {
  const { nodes, offsets, neighbours } = adjacency;
  const size = neighbours.length + (selfLoops ? nodes : 0);
  const indices = new Int32Array(size);
  const segments = new Int32Array(size);
  let k = 0;
  for (let i = 0; i < nodes; i++) {
    if (selfLoops) {
      indices[k] = i;
      segments[k++] = i;
    }
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
      indices[k] = neighbours[j]!;
      segments[k++] = i;
    }
  }
  return { indices, segments };
}
