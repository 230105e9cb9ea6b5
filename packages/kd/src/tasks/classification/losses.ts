import * as tf from '@tensorflow/tfjs';

/**
 * The loss primitives of classification. Masks pick the samples a term
 * averages over (labelled rows, rows with teacher targets); an empty mask
 * contributes 0 rather than NaN.
 */

/** Plain supervised loss: mean cross-entropy over the labelled samples. */
export function crossEntropyLoss(studentLogits: tf.Tensor2D, labels: tf.Tensor2D, hardMask: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => maskedMean(crossEntropyPerSample(labels, studentLogits), hardMask));
}

/** -sum_c y_c log softmax(z)_c, one value per sample. */
export function crossEntropyPerSample(labels: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum<tf.Tensor1D>(tf.mul(labels, tf.logSoftmax(logits)), 1)));
}

/** sum_c p_c (log p_c - log q_c), one value per sample; 0 * log 0 is taken as 0. */
export function klDivergencePerSample(p: tf.Tensor2D, logQ: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const logP = tf.log(tf.maximum(p, 1e-30));
    const terms = tf.where(tf.greater(p, 0), tf.mul(p, tf.sub(logP, logQ)), tf.zerosLike(p));
    return tf.sum(terms, 1);
  });
}

/** The mean of `values` over the rows where `mask` is 1; 0 when it is 1 nowhere. */
export function maskedMean(values: tf.Tensor1D, mask: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(tf.sum(mask), 1)));
}
