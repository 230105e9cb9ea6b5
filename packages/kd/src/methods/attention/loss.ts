import * as tf from '@tensorflow/tfjs';
import { LayerPairError } from '../../teachers/layers.ts';
import { attentionEnergy, safeNorm } from '../layer-terms/extractions.ts';
import { adaptiveAvgPool } from '../layer-terms/pooling.ts';

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
