import * as tf from '@tensorflow/tfjs';
import { LayerPairError } from './layers.ts';
import { adaptiveAvgPool } from './pooling.ts';

export type FeatureLossKind = 'mse' | 'cosine';

/**
 * Distance between a student feature (after its adapter) and the teacher's,
 * both [n, ...] of the same shape:
 *
 *   mse:    mean over samples and elements of (s - t)^2
 *   cosine: mean over samples of 1 - <s, t> / (|s| |t|), each sample flattened
 *
 * The mean (FitNets writes 1/2 ||u - r(v)||^2 summed) keeps a pair's weight
 * meaning the same whatever the layer's size. Norms are floored at 1e-12, so an
 * all-zero feature (dead ReLUs) gives cosine 0 rather than NaN, with a finite
 * gradient.
 */
export function featureLoss(student: tf.Tensor, teacher: tf.Tensor, kind: FeatureLossKind): tf.Scalar {
  if (!tf.util.arraysEqual(student.shape, teacher.shape)) {
    throw new LayerPairError(
      'incompatible_layers',
      `feature shapes differ: student [${student.shape.join(',')}], teacher [${teacher.shape.join(',')}]; an adapter must map one to the other`,
    );
  }
  return tf.tidy(() => {
    if (kind === 'mse') return tf.mean(tf.squaredDifference(student, teacher));
    const n = student.shape[0]!;
    const s = student.reshape([n, -1]) as tf.Tensor2D;
    const t = teacher.reshape([n, -1]) as tf.Tensor2D;
    const cos = tf.div(tf.sum(tf.mul(s, t), 1), tf.mul(safeNorm(s), safeNorm(t)));
    return tf.mean(tf.sub(1, cos));
  });
}

/** sqrt(max(sum x^2, eps^2)) per row: the norm, without sqrt's infinite gradient at 0. */
function safeNorm(x: tf.Tensor2D, eps = 1e-12): tf.Tensor1D {
  return tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1), eps * eps)) as tf.Tensor1D;
}

/**
 * Un-normalised spatial attention of a feature map [n, h, w, c]: the mean over
 * channels of |A_c|^p, [n, h, w]. p = 2 is computed as A^2 (same value, and
 * a cheaper, smooth gradient). The channel mean is a product with a [c, 1]
 * column of 1/c: tf.mean's gradient is a broadcasting multiply, which the wasm
 * backend runs as a slow scalar loop (about 30 ms per step for 128x28x28x8).
 */
export function attentionEnergy(a: tf.Tensor4D, p = 2): tf.Tensor3D {
  const [n, h, w, c] = a.shape;
  return tf.tidy(() => {
    const powered = p === 2 ? tf.square(a) : tf.pow(tf.abs(a), p);
    const mean = tf.matMul(powered.reshape([n * h * w, c]), tf.fill([c, 1], 1 / c));
    return mean.reshape([n, h, w]) as tf.Tensor3D;
  });
}

/**
 * Spatial attention map of Zagoruyko & Komodakis (2017), Q = F / ||F||_2 with
 * F = vec(mean_c |A_c|^p): [n, h, w, c] -> [n, h*w], each row of unit length.
 */
export function attentionMap(a: tf.Tensor4D, p = 2): tf.Tensor2D {
  return tf.tidy(() => normalizeRows(attentionEnergy(a, p)));
}

function normalizeRows(energy: tf.Tensor3D): tf.Tensor2D {
  const flat = energy.reshape([energy.shape[0], -1]) as tf.Tensor2D;
  return tf.div(flat, safeNorm(flat).expandDims(1));
}

export type AttentionVariant = 'mean-squared' | 'l2';

export interface AttentionOptions {
  /** Exponent of |A|; 2 by default, as in the paper's experiments. */
  p?: number;
  /**
   * 'mean-squared' (default): beta * mean over samples and positions of (Q_s - Q_t)^2,
   * the authors' code (github.com/szagoruyko/attention-transfer, cifar.py:
   * `at_loss = (at(x) - at(y)).pow(2).mean()`, total `+ opt.beta * sum(...)`,
   * README `--beta 1e+3`).
   * 'l2': beta/2 * mean over samples of ||Q_s - Q_t||_2, the paper's eq. (2).
   */
  variant?: AttentionVariant;
  /**
   * Default 1000 for 'mean-squared' (the authors' setting); for 'l2',
   * 1000 / (h*w) of the compared maps, the paper's "10^3 divided by the number
   * of elements in the attention map and batch size" (the batch is averaged here).
   */
  beta?: number;
}

/**
 * One layer pair's attention-transfer term from the two feature maps
 * [n, h, w, c] (channel counts may differ). Maps of different spatial size meet
 * at the smaller one: the larger map's energies mean_c |A_c|^p are averaged
 * over the block each pooled position covers (adaptiveAvgPool), then both are
 * normalised. Pooling the energies, not the activations, keeps a pooled position
 * equal to the mean attention of its region.
 */
export function attentionTransferLoss(student: tf.Tensor4D, teacher: tf.Tensor4D, options: AttentionOptions = {}): tf.Scalar {
  return tf.tidy(() => attentionTransferFromEnergies(attentionEnergy(student, options.p), attentionEnergy(teacher, options.p), options));
}

/** attentionTransferLoss from energies [n, h, w] already reduced over channels (precomputed teacher maps). */
export function attentionTransferFromEnergies(student: tf.Tensor3D, teacher: tf.Tensor3D, options: AttentionOptions = {}): tf.Scalar {
  const [n, hs, ws] = student.shape;
  const [nt, ht, wt] = teacher.shape;
  if (n !== nt) throw new LayerPairError('incompatible_layers', `attention maps for ${n} and ${nt} samples`);
  return tf.tidy(() => {
    const h = Math.min(hs, ht);
    const w = Math.min(ws, wt);
    const pool = (e: tf.Tensor3D) => adaptiveAvgPool(e.expandDims(3) as tf.Tensor4D, h, w).squeeze([3]) as tf.Tensor3D;
    const diff = tf.sub(normalizeRows(pool(student)), normalizeRows(pool(teacher)));
    if ((options.variant ?? 'mean-squared') === 'mean-squared') {
      return tf.mul(tf.mean(tf.square(diff)), options.beta ?? 1000);
    }
    const distance = tf.mean(safeNorm(diff as tf.Tensor2D));
    return tf.mul(distance, (options.beta ?? 1000 / (h * w)) / 2);
  });
}
