import * as tf from '@tensorflow/tfjs';
import { accuracy, rowSize, type Examples, type LabelledSet } from './examples.ts';
import { predictLogits } from './inference.ts';
import { IntermediateObjective, type IntermediateDistillation, type Stage } from './intermediate/objective.ts';
import { crossEntropyLoss, weightedDistillationLoss } from './losses.ts';
import { mulberry32, shuffledIndices } from './random.ts';

export interface TrainOptions {
  numClasses: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /**
   * With targets in `examples.soft`, the KD loss; without, plain cross-entropy.
   * `alpha` weights the soft term and 1 - alpha the hard one; or both weights are given.
   */
  distillation?: { temperature: number; alpha: number } | { temperature: number; hardWeight: number; softWeight: number };
  /**
   * Stop after this many optimizer steps instead of `epochs` full passes. A
   * baseline trained on fewer samples than its distilled twin gets the same
   * number of steps, so a gain from distillation is not just extra compute.
   */
  steps?: number;
  /** Evaluated after every epoch for the learning curve. */
  evaluation?: LabelledSet;
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  /** Checked before every batch: a cancelled job stops within one batch. */
  signal?: AbortSignal;
  /**
   * Feature (FitNets) or attention-transfer terms on intermediate layers,
   * added to the loss above; with `hintEpochs`, a FitNets hint stage runs
   * first. `steps`/`epochs` count the main stage only.
   */
  intermediate?: IntermediateDistillation;
  /**
   * Receives the state needed to resume: after every epoch, and when the
   * signal stops training mid-epoch. Not available with `intermediate` terms.
   */
  onCheckpoint?: (checkpoint: TrainingCheckpoint) => Promise<void>;
  /** Continues from a checkpoint taken by a run with the same model, data and options. */
  resume?: TrainingCheckpoint;
  /** Fails with OutOfMemoryError when the backend holds more tensor bytes than this after a step. */
  memoryLimitBytes?: number;
}

/** Values of one tensor, as plain data so a checkpoint can be stored anywhere. */
export interface SavedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

/**
 * Everything a run needs to continue exactly where it stopped: the weights,
 * Adam's moments and step count, and the position in the data. The shuffle
 * order is not stored: it is replayed from the seed.
 */
export interface TrainingCheckpoint {
  /** Epochs completed. */
  epoch: number;
  /** Optimizer steps taken. */
  step: number;
  /** The reports of the completed epochs. */
  reports: EpochReport[];
  /** The running sums of the epoch in progress, when the checkpoint was taken mid-epoch. */
  partial?: { lossSum: number; lossCount: number; samples: number };
  model: SavedTensor[];
  optimizer: SavedTensor[];
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  /** Accuracy on `evaluation`, when given. */
  accuracy?: number;
  /** Training samples processed in this epoch (the last epoch may stop early at `steps`). */
  samples: number;
  /** 'hint' for the epochs of a FitNets hint stage (numbered 1..hintEpochs, without accuracy); absent otherwise. */
  stage?: 'hint';
}

export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
}

/** Training needed more tensor memory than `memoryLimitBytes` allows. */
export class OutOfMemoryError extends Error {
  override readonly name = 'OutOfMemoryError';
}

/**
 * Trains a classifier that outputs logits. Only the model's own trainable
 * variables (and, with `intermediate`, the adapters that map its features to
 * the teachers') are passed to the optimizer, so teachers loaded in the same
 * process never change. Every step runs inside tidy and the optimizer's slots
 * and adapters are disposed at the end: the tensor count is the same before
 * and after.
 */
export async function trainClassifier(
  model: tf.LayersModel,
  examples: Examples,
  options: TrainOptions,
): Promise<EpochReport[]> {
  const { numClasses, batchSize } = options;
  // With no examples an epoch has no steps: `steps` would never be reached and
  // the epoch loop would spin forever without yielding to the event loop.
  if (examples.count === 0) throw new RangeError('trainClassifier needs at least one training example');
  const stepsPerEpoch = Math.ceil(examples.count / batchSize);
  const random = mulberry32(options.seed);
  const batches = new BatchMaker(examples, numClasses);
  const distillation = options.distillation && {
    temperature: options.distillation.temperature,
    ...('alpha' in options.distillation
      ? { hardWeight: 1 - options.distillation.alpha, softWeight: options.distillation.alpha }
      : { hardWeight: options.distillation.hardWeight, softWeight: options.distillation.softWeight }),
  };
  const logitLoss = (logits: tf.Tensor2D, batch: Batch): tf.Scalar =>
    distillation && batch.soft
      ? weightedDistillationLoss({
          studentLogits: logits,
          labels: batch.labels,
          hardMask: batch.hardMask,
          teacherProbs: batch.soft.probs,
          softMask: batch.soft.mask,
          ...distillation,
        })
      : crossEntropyLoss(logits, batch.labels, batch.hardMask);
  if (options.intermediate && (options.resume || options.onCheckpoint)) {
    throw new Error('checkpoints are not supported for runs with intermediate (feature or attention) terms');
  }
  const objective = options.intermediate && new IntermediateObjective(model, options.intermediate, examples.count, options.seed);
  const reports: EpochReport[] = [...(options.resume?.reports ?? [])];
  if (options.resume) restoreWeights(model, options.resume.model);
  const run = (stage: Stage, totalSteps: number, variables: tf.Variable[], loss: StageSpec['loss']) =>
    runStage({ stage, totalSteps, stepsPerEpoch, variables, loss, model, examples, options, random, batches, objective, reports });
  try {
    const hintEpochs = options.intermediate?.hintEpochs ?? 0;
    if (objective && hintEpochs > 0) {
      await run('hint', hintEpochs * stepsPerEpoch, objective.variables('hint'), (batch, targets) =>
        objective.loss('hint', batch.x, targets, (logits) => logitLoss(logits, batch)),
      );
    }
    const variables = objective ? objective.variables('main') : model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    await run('main', options.steps ?? options.epochs * stepsPerEpoch, variables, (batch, targets) =>
      objective?.usesTerms('main')
        ? objective.loss('main', batch.x, targets, (logits) => logitLoss(logits, batch))
        : logitLoss(model.apply(batch.x, { training: true }) as tf.Tensor2D, batch),
    );
    return reports;
  } finally {
    objective?.dispose();
  }
}

interface StageSpec {
  stage: Stage;
  totalSteps: number;
  stepsPerEpoch: number;
  variables: tf.Variable[];
  /** Called inside optimizer.minimize with the batch and its teacher targets. */
  loss: (batch: Batch, targets: tf.Tensor[]) => tf.Scalar;
  model: tf.LayersModel;
  examples: Examples;
  options: TrainOptions;
  random: () => number;
  batches: BatchMaker;
  objective: IntermediateObjective | undefined;
  reports: EpochReport[];
}

/** One optimisation stage (a fresh optimizer) of `totalSteps` steps; appends its epochs to `reports`. */
async function runStage(spec: StageSpec): Promise<void> {
  const { stage, totalSteps, stepsPerEpoch, variables, model, examples, options, random, batches, objective, reports } = spec;
  const { numClasses, batchSize } = options;
  const epochs = Math.ceil(totalSteps / stepsPerEpoch);
  const withTerms = objective?.usesTerms(stage) === true;
  const optimizer = tf.train.adam(options.learningRate);
  const resume = stage === 'main' ? options.resume : undefined;
  let step = resume?.step ?? 0;
  try {
    if (resume) {
      await restoreOptimizer(optimizer, resume.optimizer);
      // The same permutations as the interrupted run: replay the completed epochs' shuffles.
      for (let epoch = 1; epoch <= resume.epoch; epoch++) shuffledIndices(examples.count, random);
    }
    const checkpoint = async (epoch: number, partial?: TrainingCheckpoint['partial']) => {
      if (!options.onCheckpoint || stage !== 'main') return;
      await options.onCheckpoint({
        epoch,
        step,
        reports: [...reports],
        ...(partial ? { partial } : {}),
        model: await saveTensors(model.weights.map((weight) => ({ name: weight.name, tensor: weight.read() }))),
        optimizer: await saveOptimizer(optimizer),
      });
    };
    for (let epoch = (resume?.epoch ?? 0) + 1; epoch <= epochs; epoch++) {
      const order = shuffledIndices(examples.count, random);
      const resumedHere = resume !== undefined && epoch === resume.epoch + 1;
      let lossSum = resumedHere ? (resume.partial?.lossSum ?? 0) : 0;
      let lossCount = resumedHere ? (resume.partial?.lossCount ?? 0) : 0;
      let samples = resumedHere ? (resume.partial?.samples ?? 0) : 0;
      const firstStart = resumedHere ? (step - resume.epoch * stepsPerEpoch) * batchSize : 0;
      for (let start = firstStart; start < examples.count && step < totalSteps; start += batchSize, step++) {
        if (options.signal?.aborted) {
          // Stopped mid-epoch (a shutdown hands the job to another worker): keep what this epoch did.
          if (start > 0) await checkpoint(epoch - 1, { lossSum, lossCount, samples });
          options.signal.throwIfAborted();
        }
        const indices = order.subarray(start, Math.min(examples.count, start + batchSize));
        samples += indices.length;
        const batch = batches.make(indices);
        let cost: tf.Scalar | null;
        try {
          // Teacher outputs are computed before, and outside, the gradient tape.
          const targets = withTerms ? objective!.targets(batch.x, indices) : [];
          batch.tensors.push(...targets);
          cost = optimizer.minimize(() => spec.loss(batch, targets), true, variables);
        } finally {
          tf.dispose(batch.tensors);
        }
        const loss = (await cost!.data())[0]!;
        cost!.dispose();
        // Everything the backend holds after the step: weights, Adam's moments, and anything else alive in the process.
        if (options.memoryLimitBytes !== undefined && tf.memory().numBytes > options.memoryLimitBytes) {
          throw new OutOfMemoryError(`training held ${tf.memory().numBytes} bytes of tensors, above the worker's limit of ${options.memoryLimitBytes} bytes`);
        }
        if (!Number.isFinite(loss)) {
          const where = stage === 'hint' ? `hint epoch ${epoch}` : `epoch ${epoch}`;
          throw new NonFiniteLossError(`the loss became ${loss} at ${where}, step ${step + 1}; lower the learning rate or check the data for extreme values`);
        }
        lossSum += loss;
        lossCount++;
        // Yield to the event loop between batches: job-lock renewal and
        // cancellation messages run there.
        await tf.nextFrame();
      }
      const report: EpochReport = { epoch, epochs, loss: lossSum / Math.max(1, lossCount), samples };
      if (stage === 'hint') report.stage = 'hint';
      else if (options.evaluation) {
        const logits = await predictLogits(model, options.evaluation.x, examples.inputShape, { signal: options.signal });
        report.accuracy = accuracy(logits, options.evaluation.labels, numClasses);
      }
      reports.push(report);
      // Saved before the epoch is announced: an epoch reported done is never run again.
      await checkpoint(epoch);
      await options.onEpoch?.(report);
    }
  } finally {
    optimizer.dispose();
  }
}

interface Batch {
  x: tf.Tensor;
  labels: tf.Tensor2D;
  hardMask: tf.Tensor1D;
  soft?: { probs: tf.Tensor2D; mask: tf.Tensor1D };
  tensors: tf.Tensor[];
}

/** Copies the rows of one batch out of the flat arrays into fresh tensors. */
class BatchMaker {
  private readonly size: number;

  constructor(
    private readonly examples: Examples,
    private readonly numClasses: number,
  ) {
    this.size = rowSize(examples.inputShape);
  }

  make(indices: Int32Array): Batch {
    const { examples, size, numClasses } = this;
    const n = indices.length;
    const x = new Float32Array(n * size);
    const labels = new Int32Array(n);
    const hardMask = new Float32Array(n);
    indices.forEach((index, row) => {
      x.set(examples.x.subarray(index * size, (index + 1) * size), row * size);
      const label = examples.labels[index]!;
      labels[row] = label;
      hardMask[row] = label >= 0 ? 1 : 0;
    });
    const tensors: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => (tensors.push(t), t);
    const batch: Batch = {
      x: keep(tf.tensor(x, [n, ...examples.inputShape])),
      // tf.oneHot maps -1 to an all-zero row; the mask drops it anyway.
      labels: keep(tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses).toFloat() as tf.Tensor2D)),
      hardMask: keep(tf.tensor1d(hardMask)),
      tensors,
    };
    if (examples.soft) {
      const probs = new Float32Array(n * numClasses);
      const mask = new Float32Array(n);
      indices.forEach((index, row) => {
        probs.set(examples.soft!.probs.subarray(index * numClasses, (index + 1) * numClasses), row * numClasses);
        mask[row] = examples.soft!.mask[index]!;
      });
      batch.soft = { probs: keep(tf.tensor2d(probs, [n, numClasses])), mask: keep(tf.tensor1d(mask)) };
    }
    return batch;
  }
}

async function saveTensors(named: { name: string; tensor: tf.Tensor }[]): Promise<SavedTensor[]> {
  return Promise.all(named.map(async ({ name, tensor }) => ({ name, shape: tensor.shape, values: Float32Array.from(await tensor.data()) })));
}

/** Adam's step count and moments. getWeights() makes a new tensor for the step count (the moments are the optimizer's own). */
async function saveOptimizer(optimizer: tf.Optimizer): Promise<SavedTensor[]> {
  const weights = await optimizer.getWeights();
  try {
    return await saveTensors(weights);
  } finally {
    weights.filter(({ tensor }) => !(tensor instanceof tf.Variable)).forEach(({ tensor }) => tensor.dispose());
  }
}

function restoreWeights(model: tf.LayersModel, saved: SavedTensor[]): void {
  const sameShapes = saved.length === model.weights.length && saved.every((t, i) => t.shape.join('x') === model.weights[i]!.shape.join('x'));
  if (!sameShapes) {
    throw new Error(`the checkpoint's ${saved.length} weights do not match the model's ${model.weights.length}: it was taken with another architecture`);
  }
  const tensors = saved.map(({ values, shape }) => tf.tensor(values, shape));
  try {
    model.setWeights(tensors); // copies into the model's variables
  } finally {
    tf.dispose(tensors);
  }
}

async function restoreOptimizer(optimizer: tf.Optimizer, saved: SavedTensor[]): Promise<void> {
  const tensors = saved.map(({ name, values, shape }) => ({ name, tensor: tf.tensor(values, shape) }));
  try {
    await optimizer.setWeights(tensors); // Adam copies them into fresh variables
  } finally {
    tf.dispose(tensors.map(({ tensor }) => tensor));
  }
}
