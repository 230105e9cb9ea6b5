import * as tf from '@tensorflow/tfjs';

/** Where a step is: its stage, its index in that stage (from 0), its epoch (from 1). */
export interface StepInfo {
  stage: string;
  step: number;
  epoch: number;
  stepsPerEpoch: number;
}

export interface GradientContext {
  step: StepInfo;
  /** The variables the stage trains, in the order the gradients are applied. */
  variables: tf.Variable[];
  /** The batch's rows (indices into the run's examples). */
  rows: Int32Array;
  /**
   * The gradients of the stage's loss over some of the batch's rows alone, by
   * variable name: one row at a time gives the per-example gradients that
   * DP-SGD clips and noises. Computed on demand (a forward and backward pass
   * per call).
   */
  gradientsOf(rows: Int32Array): tf.NamedTensorMap;
}

/**
 * Changes a step's gradients before the optimizer applies them: clipping,
 * noise, or gradients computed another way (per example). It receives the
 * batch's mean gradients by variable name and returns the ones to apply. It
 * runs inside tf.tidy: tensors it makes and does not return are freed, and the
 * loop frees what it returns once applied.
 */
export type GradientHook = (grads: tf.NamedTensorMap, context: GradientContext) => tf.NamedTensorMap;

/** The global L2 norm of a set of gradients, sqrt(sum of every element squared). */
export function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/** Scales the gradients down to a global L2 norm of at most `maxNorm` (as torch.nn.utils.clip_grad_norm_). */
export function clipByGlobalNorm(maxNorm: number): GradientHook {
  if (!(maxNorm > 0)) throw new RangeError(`maxNorm must be > 0, got ${maxNorm}`);
  return (grads) => scaledToGlobalNorm(grads, maxNorm);
}

/** The gradients scaled down to a global L2 norm of at most `maxNorm` (new tensors; call inside tidy). */
export function scaledToGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  const scale = tf.minimum(1, tf.div(maxNorm, tf.maximum(globalNorm(grads), 1e-12)));
  return Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, scale)]));
}
