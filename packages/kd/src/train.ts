import type * as tf from '@tensorflow/tfjs';
import type { ResolvedOptimizer } from '@distillery/contracts';
import { alphaWeights, hintonLoss, type LogitTermWeights } from './methods/logits/loss.ts';
import type { ObjectiveInput, StudentObjective, TeacherLayerSources } from './methods/method.ts';
import { logitObjective } from './methods/objectives.ts';
import { methodModule, type ResolvedMethod } from './methods/registry.ts';
import { classificationTask } from './tasks/classification/index.ts';
import type { Examples, LabelledSet } from './tasks/classification/examples.ts';
import type { EpochReport, TrainingCheckpoint } from './training/checkpoint.ts';
import type { GradientHook } from './training/gradients.ts';
import { runTraining } from './training/loop.ts';

/** The optimizer without its learning rate (given beside it); Adam without weight decay by default. */
export type OptimizerChoice = ResolvedOptimizer;

export interface TrainOptions {
  numClasses: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  optimizer?: OptimizerChoice;
  /**
   * The student's objective (a method's, from `methodObjective`). Without
   * one: cross-entropy on the labels, or with `distillation`, Hinton's loss on
   * the examples' soft targets.
   */
  objective?: (input: ObjectiveInput) => StudentObjective;
  /** Hinton's loss: `alpha` weights the soft term and 1 - alpha the hard one; or both weights are given. */
  distillation?: { temperature: number; alpha: number } | LogitTermWeights;
  /**
   * Stop the main stage after this many optimizer steps instead of `epochs`
   * full passes. A baseline trained on fewer samples than its distilled twin
   * gets the same number of steps, so a gain from distillation is not just
   * extra compute. A method's extra stages (a hint stage) come on top.
   */
  steps?: number;
  /** Evaluated after every epoch for the learning curve. */
  evaluation?: LabelledSet;
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  /** Checked before every batch: a cancelled job stops within one batch. */
  signal?: AbortSignal;
  /** Changes each step's gradients before they are applied (clipping, noise). */
  gradientHook?: GradientHook;
  /** Receives the state needed to resume: after every epoch, and when the signal stops training mid-epoch. */
  onCheckpoint?: (checkpoint: TrainingCheckpoint) => Promise<void>;
  /** Continues from a checkpoint taken by a run with the same model, data and options. */
  resume?: TrainingCheckpoint;
  /** Fails with OutOfMemoryError when the backend holds more tensor bytes than this after a step. */
  memoryLimitBytes?: number;
}

/**
 * Trains a classifier that outputs logits, on the open training loop:
 * classification's batches and evaluation, the given objective's stages, and
 * the optimizer of the options. Only the model's own variables (and the
 * objective's extra state, such as adapters) are optimised, so teachers
 * loaded in the same process never change; the tensor count is the same
 * before and after.
 */
export async function trainClassifier(model: tf.LayersModel, examples: Examples, options: TrainOptions): Promise<EpochReport[]> {
  const { numClasses, batchSize } = options;
  const task = classificationTask(numClasses);
  const stepsPerEpoch = Math.ceil(examples.count / batchSize);
  const input: ObjectiveInput = { student: model, examples, numClasses, seed: options.seed, steps: options.steps ?? options.epochs * stepsPerEpoch, stepsPerEpoch };
  const distillation = options.distillation && ('alpha' in options.distillation ? alphaWeights(options.distillation.temperature, options.distillation.alpha) : options.distillation);
  const objective = options.objective
    ? options.objective(input)
    : logitObjective(input, (logits, batch) => (distillation ? hintonLoss(logits, batch, distillation) : task.baselineLoss(logits, batch)));
  const { evaluation, signal } = options;
  try {
    return await runTraining({
      data: task.batches(examples),
      stages: objective.stages,
      batchSize,
      seed: options.seed,
      optimizer: { ...(options.optimizer ?? { kind: 'adam', weightDecay: 0 }), learningRate: options.learningRate },
      ...(options.gradientHook ? { gradientHook: options.gradientHook } : {}),
      model,
      extraState: objective.extraState,
      ...(evaluation ? { evaluate: () => task.evaluate(model, { ...evaluation, inputShape: examples.inputShape, numClasses }, signal) } : {}),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
      ...(options.onCheckpoint ? { onCheckpoint: options.onCheckpoint } : {}),
      ...(options.resume ? { resume: options.resume } : {}),
      ...(signal ? { signal } : {}),
      ...(options.memoryLimitBytes !== undefined ? { memoryLimitBytes: options.memoryLimitBytes } : {}),
    });
  } finally {
    objective.dispose();
  }
}

/** A distillation method's objective for trainClassifier, with the teachers' layers when the method reads them. */
export function methodObjective(method: ResolvedMethod, layers?: TeacherLayerSources): (input: ObjectiveInput) => StudentObjective {
  return (input) => methodModule(method.kind).objective(method, { ...input, ...(layers ? { layers } : {}) });
}
