import * as tf from '@tensorflow/tfjs';

/**
 * Knowledge-distillation loss (Hinton et al. 2015), the convention of this project:
 *
 *   L = (1 - alpha) * CE(y, softmax(z_s)) + alpha * T^2 * KL(p_t || softmax(z_s / T))
 *
 * `alpha` weights the soft (teacher) term. The T^2 factor keeps the soft term's
 * gradients at the same scale as the hard term's when T changes (the soft
 * gradients shrink as 1/T^2). The KL term takes the student's log-probabilities
 * from logSoftmax, never log(softmax), which underflows for confident logits.
 *
 * Masks pick the samples each term averages over: the hard term only sees
 * labelled samples, the soft term only samples that have teacher targets. An
 * empty mask contributes 0 rather than NaN.
 */
export interface DistillationLossInputs {
  studentLogits: tf.Tensor2D;
  /** One-hot labels; rows of unlabelled samples are ignored through hardMask. */
  labels: tf.Tensor2D;
  hardMask: tf.Tensor1D;
  /** Teacher probabilities at temperature T. */
  teacherProbs: tf.Tensor2D;
  softMask: tf.Tensor1D;
  temperature: number;
  alpha: number;
}

export function distillationLoss(inputs: DistillationLossInputs): tf.Scalar {
  const { alpha, ...rest } = inputs;
  return weightedDistillationLoss({ ...rest, hardWeight: 1 - alpha, softWeight: alpha });
}

/**
 * The same two terms with free weights, for semi-supervised distillation:
 * `hardWeight * CE + softWeight * T^2 * KL`. With one-hot teacher targets and
 * T = 1 the soft term is the cross-entropy on those pseudo-labels.
 */
export function weightedDistillationLoss(
  inputs: Omit<DistillationLossInputs, 'alpha'> & { hardWeight: number; softWeight: number },
): tf.Scalar {
  const { studentLogits, labels, hardMask, teacherProbs, softMask, temperature: T, hardWeight, softWeight } = inputs;
  return tf.tidy(() => {
    const hard = maskedMean(crossEntropyPerSample(labels, studentLogits), hardMask);
    const soft = maskedMean(klDivergencePerSample(teacherProbs, tf.logSoftmax(tf.div<tf.Tensor2D>(studentLogits, T))), softMask);
    return tf.add(tf.mul(hard, hardWeight), tf.mul(soft, softWeight * T * T));
  });
}

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

function maskedMean(values: tf.Tensor1D, mask: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(tf.sum(mask), 1)));
}
