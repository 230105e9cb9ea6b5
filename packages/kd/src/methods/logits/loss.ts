import * as tf from '@tensorflow/tfjs';
import { standardizeLogits } from '../../aggregate.ts';
import type { ClassificationBatch } from '../../tasks/classification/batches.ts';
import { crossEntropyLoss, klDivergencePerSample, maskedMean } from '../../tasks/classification/losses.ts';

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
  inputs: Omit<DistillationLossInputs, 'alpha'> & { hardWeight: number; softWeight: number; standardize?: boolean },
): tf.Scalar {
  const { studentLogits, labels, hardMask, teacherProbs, softMask, temperature: T, hardWeight, softWeight } = inputs;
  return tf.tidy(() => {
    const hard = crossEntropyLoss(studentLogits, labels, hardMask);
    // Logit standardization z-scores the student's logits in the soft term only; the teachers' were z-scored when aggregated.
    const softLogits = inputs.standardize ? standardizeLogits(studentLogits) : studentLogits;
    const soft = maskedMean(klDivergencePerSample(teacherProbs, tf.logSoftmax(tf.div<tf.Tensor2D>(softLogits, T))), softMask);
    return tf.add(tf.mul(hard, hardWeight), tf.mul(soft, softWeight * T * T));
  });
}

/**
 * The logit term of a training step: Hinton's loss on the batch's teacher
 * targets, or the plain cross-entropy when the batch has none (a baseline,
 * or a run without teachers).
 */
export function hintonLoss(logits: tf.Tensor2D, batch: ClassificationBatch, weights: LogitTermWeights): tf.Scalar {
  if (!batch.soft) return crossEntropyLoss(logits, batch.labels, batch.hardMask);
  return weightedDistillationLoss({
    studentLogits: logits,
    labels: batch.labels,
    hardMask: batch.hardMask,
    teacherProbs: batch.soft.probs,
    softMask: batch.soft.mask,
    ...weights,
  });
}

/** The two weights of Hinton's loss at temperature T: from alpha, or given freely (pseudo-labels); and logit standardization. */
export type LogitTermWeights = { temperature: number; hardWeight: number; softWeight: number; standardize?: boolean };

export const alphaWeights = (temperature: number, alpha: number): LogitTermWeights => ({ temperature, hardWeight: 1 - alpha, softWeight: alpha });
