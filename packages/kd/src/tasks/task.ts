import type * as tf from '@tensorflow/tfjs';
import type { BatchSource } from '../training/loop.ts';

/**
 * What a kind of problem needs from the training loop: what an example is
 * (its batches), what a model outputs and how the loss reads it (the methods
 * of the task), how a model is scored, and what the baseline is, the same
 * student trained without teachers. Classification over images and tables is
 * the first; docs/architecture.md shows how graphs, policies and token
 * sequences fit the same shape.
 */
export interface Task<TExamples, TBatch extends { tensors: tf.Tensor[] }, TEvaluation> {
  readonly kind: string;
  /** The examples as batches for the loop. */
  batches(examples: TExamples): BatchSource<TBatch>;
  /** The baseline's objective: the student trained on the task's own labels alone. */
  baselineLoss(outputs: tf.Tensor, batch: TBatch): tf.Scalar;
  /** The score reported after each epoch and compared between student, baseline and teachers (higher is better). */
  evaluate(model: tf.LayersModel, data: TEvaluation, signal?: AbortSignal): Promise<number>;
}
