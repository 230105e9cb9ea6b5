import * as tf from '@tensorflow/tfjs';
import type { AggregationStrategy } from '@distillery/contracts';

/**
 * Combines several teachers' raw logits into one target distribution at
 * temperature T. Logits (not probabilities) are the stored form, so one teacher
 * inference serves any temperature.
 *
 * - `mean`: the plain average of the teachers' tempered probabilities.
 * - `weighted`: the average weighted by each teacher's static weight.
 * - `confidence`: per sample, each teacher's weight is multiplied by its
 *   confidence on that sample, its maximum softmax probability at temperature 1
 *   (the teacher's own, untempered belief); weights are renormalised per sample.
 *   A teacher that is unsure about a sample has less say on it.
 * - `vote`: per sample, each teacher votes for its argmax with its static
 *   weight; the class with the most weight wins (a tie goes to the class whose
 *   voters are the more confident, weight times maximum probability at T = 1),
 *   and the target is the weighted average of the teachers that voted for it.
 *   Its argmax is the majority's pseudo-label; a teacher outvoted on a sample
 *   adds nothing to that sample's target.
 *
 * `weights` are the static weights: the request's, or each teacher's
 * validation accuracy; `mean` ignores them.
 *
 * With `standardize` (logit standardization, Sun et al. 2024), each teacher's
 * logit vector is z-scored (standardizeLogits) before it is tempered, so
 * teachers whose logits span different ranges meet on one scale; the
 * confidences that `confidence` and `vote` weigh by stay those of the raw
 * logits, the teachers' own beliefs.
 */
export function aggregateTeachers(
  teacherLogits: tf.Tensor2D[],
  weights: number[],
  strategy: AggregationStrategy,
  temperature: number,
  options: { standardize?: boolean } = {},
): tf.Tensor2D {
  if (teacherLogits.length === 0) throw new Error('aggregateTeachers needs at least one teacher');
  if (weights.length !== teacherLogits.length) throw new Error('one weight per teacher is required');
  return tf.tidy(() => {
    const comparable = options.standardize ? teacherLogits.map(standardizeLogits) : teacherLogits;
    const tempered = tf.stack(comparable.map((logits) => tf.softmax(tf.div(logits, temperature)))) as tf.Tensor3D; // [K, N, C]
    // Normalised in float64 first (by the largest, then the sum): float32 would
    // overflow or underflow on extreme weights.
    const staticWeights = strategy === 'mean' ? weights.map(() => 1) : weights;
    const largest = Math.max(...staticWeights);
    const scaled = staticWeights.map((w) => w / largest);
    const total = scaled.reduce((a, b) => a + b, 0);
    let perSample = tf.tensor2d(scaled.map((w) => w / total), [scaled.length, 1]); // [K, 1]
    if (strategy === 'confidence') {
      const confidence = tf.stack(teacherLogits.map((logits) => tf.max(tf.softmax(logits), 1))) as tf.Tensor2D; // [K, N]
      perSample = tf.mul(perSample, confidence);
    } else if (strategy === 'vote') {
      perSample = tf.mul(perSample, majorityMask(teacherLogits, perSample));
    }
    const normalised = tf.div(perSample, tf.sum(perSample, 0, true)); // [K, N] or [K, 1]
    return tf.sum(tf.mul(tempered, normalised.expandDims(2)), 0) as tf.Tensor2D;
  });
}

/**
 * [K, N]: 1 where teacher k voted for sample n's winning class, else 0.
 * `weights` [K, 1] sum to 1, so vote totals are exact enough that a tie is a
 * total within a relative 1e-5 of the largest.
 */
function majorityMask(teacherLogits: tf.Tensor2D[], weights: tf.Tensor2D): tf.Tensor2D {
  const numClasses = teacherLogits[0]!.shape[1];
  const predictions = teacherLogits.map((logits) => tf.argMax(logits, 1) as tf.Tensor1D); // K x [N]
  const ballots = tf.stack(predictions.map((p) => tf.oneHot(p, numClasses).toFloat())) as tf.Tensor3D; // [K, N, C]
  const weighted = tf.mul(ballots, weights.expandDims(2)); // [K, N, C]
  const votes = tf.sum(weighted, 0) as tf.Tensor2D; // [N, C]
  const confidence = tf.stack(teacherLogits.map((logits) => tf.max(tf.softmax(logits), 1))) as tf.Tensor2D; // [K, N]
  const support = tf.sum(tf.mul(weighted, confidence.expandDims(2)), 0) as tf.Tensor2D; // [N, C]
  const tied = tf.greaterEqual(votes, tf.mul(tf.max(votes, 1, true), 1 - 1e-5));
  const winner = tf.argMax(tf.where(tied, support, tf.fill(support.shape, -1)), 1) as tf.Tensor1D; // [N]
  return tf.stack(predictions.map((p) => tf.equal(p, winner).toFloat())) as tf.Tensor2D;
}

/**
 * Each row's logits as z-scores, (z - mean) / (std + 1e-7), with the sample
 * standard deviation over the classes (n - 1 in the denominator), as the
 * reference code of logit standardization computes it (torch's std). The
 * result is unchanged by adding a constant to, or scaling, a row: only the
 * logits' relations remain.
 */
export function standardizeLogits(logits: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const centred = tf.sub(logits, tf.mean(logits, 1, true));
    const variance = tf.div(tf.sum(tf.square(centred), 1, true), Math.max(1, classes - 1));
    // Floored under the sqrt: a row of equal logits (a blank input through an
    // untrained layer) has variance 0, where sqrt's gradient is 1/0.
    return tf.div(centred, tf.add(tf.sqrt(tf.maximum(variance, 1e-24)), 1e-7)) as tf.Tensor2D;
  });
}
