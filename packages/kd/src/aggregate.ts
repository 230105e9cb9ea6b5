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
 */
export function aggregateTeachers(
  teacherLogits: tf.Tensor2D[],
  weights: number[],
  strategy: AggregationStrategy,
  temperature: number,
): tf.Tensor2D {
  if (teacherLogits.length === 0) throw new Error('aggregateTeachers needs at least one teacher');
  if (weights.length !== teacherLogits.length) throw new Error('one weight per teacher is required');
  return tf.tidy(() => {
    const tempered = tf.stack(teacherLogits.map((logits) => tf.softmax(tf.div(logits, temperature)))) as tf.Tensor3D; // [K, N, C]
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
    }
    const normalised = tf.div(perSample, tf.sum(perSample, 0, true)); // [K, N] or [K, 1]
    return tf.sum(tf.mul(tempered, normalised.expandDims(2)), 0) as tf.Tensor2D;
  });
}
