import * as tf from '@tensorflow/tfjs';
import { LayerPairError } from '../../teachers/layers.ts';
import { safeNorm } from '../layer-terms/extractions.ts';

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
