import * as tf from '@tensorflow/tfjs';
import { mulberry32, shuffledIndices } from '../random.ts';
import {
  dropoutCalls,
  modelVariables,
  restoreDropoutCalls,
  restoreOptimizer,
  restoreVariables,
  saveOptimizer,
  saveTensors,
  type EpochReport,
  type TrainingCheckpoint,
} from './checkpoint.ts';
import { NonFiniteLossError, OutOfMemoryError } from './errors.ts';
import type { GradientHook, StepInfo } from './gradients.ts';
import { createOptimizer, type OptimizerSpec, type StageOptimizer } from './optimizers.ts';

/** Makes the tensors of one batch from row indices; the loop frees them after the step. */
export interface BatchSource<B extends { tensors: tf.Tensor[] }> {
  /** Rows the loop shuffles and batches. */
  count: number;
  make(rows: Int32Array): B;
}

/** One optimisation stage of a run, with a fresh optimizer: FitNets' hint stage, then the main one. */
export interface TrainingStage<B> {
  name: string;
  /** Optimizer steps; the stage runs ceil(steps / stepsPerEpoch) epochs, the last one cut short at `steps`. */
  steps: number;
  /** What the stage trains (the student's own variables, plus adapters and the like). */
  variables: tf.Variable[];
  /** Tensors computed before, and outside, the gradient tape each step (teacher outputs); freed after the step. */
  targets?(batch: B, rows: Int32Array): tf.Tensor[];
  /** The step's loss, inside the gradient tape. */
  loss(batch: B, targets: tf.Tensor[], step: StepInfo): tf.Scalar;
  /** Evaluate after each epoch (off for a stage whose output head is not trained yet). */
  evaluate: boolean;
}

export interface TrainingRun<B extends { tensors: tf.Tensor[] }> {
  data: BatchSource<B>;
  stages: TrainingStage<B>[];
  batchSize: number;
  /** Fixes the shuffle order of every epoch (the weights' initialisation is fixed where they are built). */
  seed: number;
  optimizer: OptimizerSpec;
  gradientHook?: GradientHook;
  /** The model being trained: checkpoints hold its weights, and evaluation reads it. */
  model: tf.LayersModel;
  /** Trainable state outside the model that checkpoints must hold too (adapters). */
  extraState?: tf.Variable[];
  /** Called after each epoch of a stage that evaluates; its number becomes the report's accuracy. */
  evaluate?: () => Promise<number>;
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  /** Receives the state needed to resume: after every epoch, and when the signal stops training mid-epoch. */
  onCheckpoint?: (checkpoint: TrainingCheckpoint) => Promise<void>;
  /** Continues from a checkpoint taken by a run with the same model, data and options. */
  resume?: TrainingCheckpoint;
  /** Checked before every batch: a cancelled job stops within one batch. */
  signal?: AbortSignal;
  /** Fails with OutOfMemoryError when the backend holds more tensor bytes than this after a step. */
  memoryLimitBytes?: number;
}

/**
 * The training loop every method runs on. Each stage has its own optimizer,
 * variables, objective and step count; a step computes the stage's targets
 * outside the gradient tape, takes the gradients of its loss with respect to
 * its variables only (a teacher loaded in the process never changes), lets the
 * gradient hook change them, and applies them. Every step runs inside tidy, and
 * optimizers are disposed at the end: the tensor count is the same before and
 * after. Returns the reports of every epoch of every stage, in order.
 */
export async function runTraining<B extends { tensors: tf.Tensor[] }>(run: TrainingRun<B>): Promise<EpochReport[]> {
  // With no rows an epoch has no steps: `steps` would never be reached and
  // the epoch loop would spin forever without yielding to the event loop.
  if (run.data.count === 0) throw new RangeError('training needs at least one training example');
  const stepsPerEpoch = Math.ceil(run.data.count / run.batchSize);
  const random = mulberry32(run.seed);
  const reports: EpochReport[] = [...(run.resume?.reports ?? [])];
  const resumeAt = run.resume?.stage ?? 0;
  if (run.resume) {
    if (resumeAt >= run.stages.length) throw new Error(`the checkpoint is at stage ${resumeAt}; this run has ${run.stages.length} stage(s)`);
    restoreVariables(modelVariables(run.model), run.resume.model, 'model weights');
    restoreVariables(run.extraState ?? [], run.resume.extra, 'extra weights (adapters)');
    restoreDropoutCalls(run.model, run.resume.dropoutCalls);
  }
  for (const [index, stage] of run.stages.entries()) {
    if (index < resumeAt) {
      // Done before the checkpoint: replay its shuffles so later epochs draw the same permutations.
      for (let epoch = 1; epoch <= Math.ceil(stage.steps / stepsPerEpoch); epoch++) shuffledIndices(run.data.count, random);
      continue;
    }
    await runStage(run, index, stepsPerEpoch, random, reports, index === resumeAt ? run.resume : undefined);
  }
  return reports;
}

async function runStage<B extends { tensors: tf.Tensor[] }>(
  run: TrainingRun<B>,
  index: number,
  stepsPerEpoch: number,
  random: () => number,
  reports: EpochReport[],
  resume: TrainingCheckpoint | undefined,
): Promise<void> {
  const stage = run.stages[index]!;
  const { data, batchSize } = run;
  const epochs = Math.ceil(stage.steps / stepsPerEpoch);
  const optimizer = createOptimizer(run.optimizer);
  let step = resume?.step ?? 0;
  try {
    if (resume) {
      await restoreOptimizer(optimizer, resume.optimizer);
      for (let epoch = 1; epoch <= resume.epoch; epoch++) shuffledIndices(data.count, random);
    }
    const checkpoint = async (epoch: number, partial?: TrainingCheckpoint['partial']) => {
      if (!run.onCheckpoint) return;
      await run.onCheckpoint({
        stage: index,
        epoch,
        step,
        reports: [...reports],
        ...(partial ? { partial } : {}),
        model: await saveTensors(run.model.weights.map((weight) => ({ name: weight.name, tensor: weight.read() }))),
        extra: await saveTensors((run.extraState ?? []).map((variable) => ({ name: variable.name, tensor: variable }))),
        optimizer: await saveOptimizer(optimizer),
        dropoutCalls: dropoutCalls(run.model),
      });
    };
    for (let epoch = (resume?.epoch ?? 0) + 1; epoch <= epochs; epoch++) {
      const order = shuffledIndices(data.count, random);
      const resumedHere = resume !== undefined && epoch === resume.epoch + 1;
      let lossSum = resumedHere ? (resume.partial?.lossSum ?? 0) : 0;
      let lossCount = resumedHere ? (resume.partial?.lossCount ?? 0) : 0;
      let samples = resumedHere ? (resume.partial?.samples ?? 0) : 0;
      const firstStart = resumedHere ? (step - resume.epoch * stepsPerEpoch) * batchSize : 0;
      for (let start = firstStart; start < data.count && step < stage.steps; start += batchSize, step++) {
        if (run.signal?.aborted) {
          // Stopped mid-epoch (a shutdown hands the job to another worker): keep what this epoch did.
          if (start > 0) await checkpoint(epoch - 1, { lossSum, lossCount, samples });
          run.signal.throwIfAborted();
        }
        const rows = order.subarray(start, Math.min(data.count, start + batchSize));
        samples += rows.length;
        const info: StepInfo = { stage: stage.name, step, epoch, stepsPerEpoch };
        const loss = await takeStep(run, stage, optimizer, rows, info);
        // Everything the backend holds after the step: weights, optimizer state, and anything else alive in the process.
        if (run.memoryLimitBytes !== undefined && tf.memory().numBytes > run.memoryLimitBytes) {
          throw new OutOfMemoryError(`training held ${tf.memory().numBytes} bytes of tensors, above the worker's limit of ${run.memoryLimitBytes} bytes`);
        }
        if (!Number.isFinite(loss)) {
          const where = stage.name === 'main' ? `epoch ${epoch}` : `${stage.name} epoch ${epoch}`;
          throw new NonFiniteLossError(`the loss became ${loss} at ${where}, step ${step + 1}; lower the learning rate or check the data for extreme values`);
        }
        lossSum += loss;
        lossCount++;
        // Yield to the event loop between batches: job-lock renewal and
        // cancellation messages run there.
        await tf.nextFrame();
      }
      const report: EpochReport = { epoch, epochs, loss: lossSum / Math.max(1, lossCount), samples };
      if (stage.name !== 'main') report.stage = stage.name;
      if (stage.evaluate && run.evaluate) report.accuracy = await run.evaluate();
      reports.push(report);
      // Saved before the epoch is announced: an epoch reported done is never run again.
      await checkpoint(epoch);
      await run.onEpoch?.(report);
    }
  } finally {
    optimizer.dispose();
  }
}

/** One optimizer step on the given rows; returns its loss. */
async function takeStep<B extends { tensors: tf.Tensor[] }>(
  run: TrainingRun<B>,
  stage: TrainingStage<B>,
  optimizer: StageOptimizer,
  rows: Int32Array,
  info: StepInfo,
): Promise<number> {
  const { variables } = stage;
  const gradientsFor = (subset: Int32Array): { value: tf.Scalar; grads: tf.NamedTensorMap } => {
    const batch = run.data.make(subset);
    try {
      // Teacher outputs are computed before, and outside, the gradient tape.
      const targets = stage.targets?.(batch, subset) ?? [];
      batch.tensors.push(...targets);
      return tf.variableGrads(() => stage.loss(batch, targets, info), variables);
    } finally {
      tf.dispose(batch.tensors);
    }
  };
  const { value, grads } = gradientsFor(rows);
  let applied: tf.NamedTensorMap = grads;
  try {
    if (run.gradientHook) {
      const hook = run.gradientHook;
      applied = tf.tidy(() =>
        hook(grads, {
          step: info,
          variables,
          rows,
          gradientsOf: (subset) => {
            const { value: subsetValue, grads: subsetGrads } = gradientsFor(subset);
            subsetValue.dispose();
            return subsetGrads;
          },
        }),
      );
    }
    optimizer.apply(applied, variables);
  } catch (error) {
    value.dispose();
    throw error;
  } finally {
    const returned = Object.values(applied);
    tf.dispose([...Object.values(grads).filter((g) => !returned.includes(g)), ...returned]);
  }
  try {
    return (await value.data())[0]!;
  } finally {
    value.dispose();
  }
}
