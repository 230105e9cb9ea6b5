import type * as tf from '@tensorflow/tfjs';
import { predictLogits } from '../../teachers/inference-model.ts';
import type { Task } from '../task.ts';
import { ClassificationBatches, type ClassificationBatch } from './batches.ts';
import { accuracy, type Examples, type LabelledSet } from './examples.ts';
import { crossEntropyLoss } from './losses.ts';

/** What classification evaluates on: labelled rows of the input shape the model takes. */
export interface ClassificationEvaluation extends LabelledSet {
  inputShape: number[];
  numClasses: number;
}

/**
 * Classification: an example is an input with a class index (-1 when it has
 * none) and, for distillation, the teachers' probabilities; a model outputs
 * one logit per class; it is scored by accuracy; the baseline trains on the
 * labelled rows with cross-entropy.
 */
export function classificationTask(numClasses: number): Task<Examples, ClassificationBatch, ClassificationEvaluation> {
  return {
    kind: 'classification',
    batches: (examples) => new ClassificationBatches(examples, numClasses),
    baselineLoss: (logits, batch) => crossEntropyLoss(logits as tf.Tensor2D, batch.labels, batch.hardMask),
    evaluate: async (model, data, signal) =>
      accuracy(await predictLogits(model, data.x, data.inputShape, signal ? { signal } : {}), data.labels, data.numClasses),
  };
}

export { ClassificationBatches, type ClassificationBatch } from './batches.ts';
export * from './examples.ts';
export * from './losses.ts';
