import * as tf from '@tensorflow/tfjs';
import { standardizeLogits } from '../../aggregate.ts';
import type { ClassificationBatch } from '../../tasks/classification/batches.ts';
import { crossEntropyLoss, klDivergencePerSample, maskedMean } from '../../tasks/classification/losses.ts';

/** Stands in for -infinity in a log-sum-exp: exp() of it is 0 and its gradient stays finite. */
const MASKED = -1e9;

/**
 * DKD's two terms per sample, at temperature T, from the student's logits
 * [n, C], the teacher's probabilities at T [n, C] and the target class as a
 * one-hot mask [n, C]:
 *
 *   TCKD = KL(b_t || b_s),  b = [p_target, 1 - p_target]
 *   NCKD = KL(p̂_t || p̂_s), p̂ = the distribution over the non-target classes
 *
 * each times T^2 (mdistiller's dkd_loss). The non-target masses are sums of
 * the small probabilities, never 1 - p_target, which rounds to 0 in float32
 * for a confident teacher; the student's side is taken in log space
 * (log-sum-exp over the non-target classes), so neither term underflows.
 */
export function dkdTerms(studentLogits: tf.Tensor2D, teacherProbs: tf.Tensor2D, target: tf.Tensor2D, temperature: number): { tckd: tf.Tensor1D; nckd: tf.Tensor1D } {
  return tf.tidy(() => {
    const other = tf.sub(1, target) as tf.Tensor2D;
    const logQ = tf.logSoftmax(tf.div<tf.Tensor2D>(studentLogits, temperature));
    const logQTarget = tf.sum(tf.mul(logQ, target), 1);
    const logQOther = tf.logSumExp(tf.add(tf.mul(logQ, other), tf.mul(target, MASKED)), 1);
    const pTarget = tf.sum(tf.mul(teacherProbs, target), 1);
    const pOther = tf.sum(tf.mul(teacherProbs, other), 1);
    const binaryP = tf.stack([pTarget, pOther], 1) as tf.Tensor2D;
    const binaryLogQ = tf.stack([logQTarget, logQOther], 1) as tf.Tensor2D;
    const tckd = klDivergencePerSample(binaryP, binaryLogQ);
    const pHat = tf.div(tf.mul(teacherProbs, other), tf.maximum(pOther, 1e-30).expandDims(1)) as tf.Tensor2D;
    const logQHat = tf.sub(logQ, logQOther.expandDims(1)) as tf.Tensor2D;
    const nckd = klDivergencePerSample(pHat, logQHat);
    const scale = temperature * temperature;
    return { tckd: tf.mul(tckd, scale) as tf.Tensor1D, nckd: tf.mul(nckd, scale) as tf.Tensor1D };
  });
}

export interface DkdWeights {
  temperature: number;
  alpha: number;
  beta: number;
  ceWeight: number;
  /** The warm-up factor of this step, in [0, 1]. */
  warmup: number;
  /** Logit standardization: the student's logits z-scored in the DKD terms (the teachers' were when aggregated). */
  standardize?: boolean;
}

/**
 * The step's loss: ceWeight * CE over the labelled rows + warmup * (alpha * TCKD
 * + beta * NCKD) over the rows with teacher targets. The target class is the
 * label where a row has one, and the teachers' argmax on an unlabelled
 * transfer row (DKD needs a target class; the paper's data is all labelled).
 */
export function dkdLoss(logits: tf.Tensor2D, batch: ClassificationBatch, weights: DkdWeights): tf.Scalar {
  return tf.tidy(() => {
    const hard = crossEntropyLoss(logits, batch.labels, batch.hardMask);
    if (!batch.soft) return tf.mul(hard, weights.ceWeight) as tf.Scalar;
    const numClasses = logits.shape[1];
    const labelled = batch.hardMask.expandDims(1);
    const teacherArgmax = tf.oneHot(tf.argMax(batch.soft.probs, 1) as tf.Tensor1D, numClasses).toFloat();
    const target = tf.add(tf.mul(batch.labels, labelled), tf.mul(teacherArgmax, tf.sub(1, labelled))) as tf.Tensor2D;
    const { tckd, nckd } = dkdTerms(weights.standardize ? standardizeLogits(logits) : logits, batch.soft.probs, target, weights.temperature);
    const decoupled = maskedMean(tf.add(tf.mul(tckd, weights.alpha), tf.mul(nckd, weights.beta)) as tf.Tensor1D, batch.soft.mask);
    return tf.add(tf.mul(hard, weights.ceWeight), tf.mul(decoupled, weights.warmup)) as tf.Scalar;
  });
}
