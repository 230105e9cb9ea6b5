import * as tf from '@tensorflow/tfjs';
import { accuracy, rowSize, type Examples, type LabelledSet } from './examples.ts';
import { predictLogits } from './inference.ts';
import { crossEntropyLoss, distillationLoss } from './losses.ts';
import { mulberry32, shuffledIndices } from './random.ts';

export interface TrainOptions {
  numClasses: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** With targets in `examples.soft`, the KD loss; without, plain cross-entropy. */
  distillation?: { temperature: number; alpha: number };
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
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  /** Accuracy on `evaluation`, when given. */
  accuracy?: number;
  /** Training samples processed in this epoch (the last epoch may stop early at `steps`). */
  samples: number;
}

export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
}

/**
 * Trains a classifier that outputs logits. Only the model's own trainable
 * variables are passed to the optimizer, so teachers loaded in the same process
 * never change. Every step runs inside tidy and the optimizer's slots are
 * disposed at the end: the tensor count is the same before and after.
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
  const totalSteps = options.steps ?? options.epochs * stepsPerEpoch;
  const epochs = Math.ceil(totalSteps / stepsPerEpoch);
  const random = mulberry32(options.seed);
  const optimizer = tf.train.adam(options.learningRate);
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const batches = new BatchMaker(examples, numClasses);
  const reports: EpochReport[] = [];
  let step = 0;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = shuffledIndices(examples.count, random);
      let lossSum = 0;
      let lossCount = 0;
      let samples = 0;
      for (let start = 0; start < examples.count && step < totalSteps; start += batchSize, step++) {
        options.signal?.throwIfAborted();
        const indices = order.subarray(start, Math.min(examples.count, start + batchSize));
        samples += indices.length;
        const batch = batches.make(indices);
        let cost: tf.Scalar | null;
        try {
          cost = optimizer.minimize(
            () => {
              const logits = model.apply(batch.x, { training: true }) as tf.Tensor2D;
              return options.distillation && batch.soft
                ? distillationLoss({
                    studentLogits: logits,
                    labels: batch.labels,
                    hardMask: batch.hardMask,
                    teacherProbs: batch.soft.probs,
                    softMask: batch.soft.mask,
                    ...options.distillation,
                  })
                : crossEntropyLoss(logits, batch.labels, batch.hardMask);
            },
            true,
            variables,
          );
        } finally {
          tf.dispose(batch.tensors);
        }
        const loss = (await cost!.data())[0]!;
        cost!.dispose();
        if (!Number.isFinite(loss)) {
          throw new NonFiniteLossError(`the loss became ${loss} at epoch ${epoch}, step ${step + 1}; lower the learning rate or check the data for extreme values`);
        }
        lossSum += loss;
        lossCount++;
        // Yield to the event loop between batches: job-lock renewal and
        // cancellation messages run there.
        await tf.nextFrame();
      }
      const report: EpochReport = { epoch, epochs, loss: lossSum / Math.max(1, lossCount), samples };
      if (options.evaluation) {
        const logits = await predictLogits(model, options.evaluation.x, examples.inputShape, { signal: options.signal });
        report.accuracy = accuracy(logits, options.evaluation.labels, numClasses);
      }
      reports.push(report);
      await options.onEpoch?.(report);
    }
    return reports;
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
