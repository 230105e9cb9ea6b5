import * as tf from '@tensorflow/tfjs';
import type { ClassificationBatch } from '../../tasks/classification/batches.ts';
import { crossEntropyLoss, maskedMean } from '../../tasks/classification/losses.ts';

/** The reference code's epsilon in cos = <a, b> / (|a| |b| + eps). */
const EPS = 1e-8;

/**
 * Pearson correlation between the columns of a and b, [n, m] -> [m], over the
 * rows whose weight is 1 (a 0 weight leaves a row out: a batch row without a
 * teacher target). With every weight 1 it is the reference code's
 * cosine_similarity(a - mean(a), b - mean(b)) along the rows.
 */
function columnPearson(a: tf.Tensor2D, b: tf.Tensor2D, rowWeights: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const w = rowWeights.expandDims(1);
    const count = tf.maximum(tf.sum(rowWeights), 1);
    const centre = (x: tf.Tensor2D) => tf.mul(tf.sub(x, tf.div(tf.sum(tf.mul(x, w), 0, true), count)), w);
    const ca = centre(a);
    const cb = centre(b);
    // Floored under the sqrt: a column centred to all zeros (a batch with one
    // target row) would give sqrt's gradient 1/0, and NaN weights after it.
    const norm = (x: tf.Tensor) => tf.sqrt(tf.maximum(tf.sum(tf.square(x), 0), 1e-24));
    return tf.div(tf.sum(tf.mul(ca, cb), 0), tf.add(tf.mul(norm(ca), norm(cb)), EPS)) as tf.Tensor1D;
  });
}

/**
 * DIST's two relations at temperature tau, each 1 - (mean Pearson
 * correlation), times tau^2, between the student's and the teacher's
 * probabilities [n, C]:
 *
 *   inter = 1 - mean over samples of corr(y_s[i, :], y_t[i, :])
 *   intra = 1 - mean over classes of corr(y_s[:, c], y_t[:, c])
 *
 * `mask` picks the rows with teacher targets: inter averages over them, intra
 * correlates across them only.
 */
export function distRelations(studentLogits: tf.Tensor2D, teacherProbs: tf.Tensor2D, mask: tf.Tensor1D, tau: number): { inter: tf.Scalar; intra: tf.Scalar } {
  return tf.tidy(() => {
    const student = tf.softmax(tf.div<tf.Tensor2D>(studentLogits, tau));
    const classes = tf.ones([student.shape[1]]) as tf.Tensor1D;
    // Per sample across the classes: the rows of the transposes are the columns.
    const perSample = columnPearson(student.transpose() as tf.Tensor2D, teacherProbs.transpose() as tf.Tensor2D, classes);
    const inter = tf.sub(1, maskedMean(perSample, mask));
    const intra = tf.sub(1, tf.mean(columnPearson(student, teacherProbs, mask)));
    const scale = tau * tau;
    return { inter: tf.mul(inter, scale) as tf.Scalar, intra: tf.mul(intra, scale) as tf.Scalar };
  });
}

export interface DistWeights {
  tau: number;
  beta: number;
  gamma: number;
  ceWeight: number;
}

/** ceWeight * CE over the labelled rows + beta * inter + gamma * intra over the rows with teacher targets. */
export function distLoss(logits: tf.Tensor2D, batch: ClassificationBatch, weights: DistWeights): tf.Scalar {
  return tf.tidy(() => {
    const hard = tf.mul(crossEntropyLoss(logits, batch.labels, batch.hardMask), weights.ceWeight);
    if (!batch.soft) return hard as tf.Scalar;
    const { inter, intra } = distRelations(logits, batch.soft.probs, batch.soft.mask, weights.tau);
    return tf.addN([hard, tf.mul(inter, weights.beta), tf.mul(intra, weights.gamma)]) as tf.Scalar;
  });
}
