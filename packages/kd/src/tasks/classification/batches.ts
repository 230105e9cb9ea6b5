import * as tf from '@tensorflow/tfjs';
import type { BatchSource } from '../../training/loop.ts';
import { rowSize, type Examples } from './examples.ts';

/** One training batch of a classification run, as tensors the loop frees after the step. */
export interface ClassificationBatch {
  x: tf.Tensor;
  /** One-hot labels; rows of unlabelled samples are all zeros and masked out by hardMask. */
  labels: tf.Tensor2D;
  /** 1 for a labelled row, 0 for an unlabelled one. */
  hardMask: tf.Tensor1D;
  /** Teacher targets, when the examples have them: probabilities at the method's temperature, and which rows have one. */
  soft?: { probs: tf.Tensor2D; mask: tf.Tensor1D };
  tensors: tf.Tensor[];
}

/** Copies the rows of one batch out of the flat arrays into fresh tensors. */
export class ClassificationBatches implements BatchSource<ClassificationBatch> {
  readonly count: number;
  private readonly size: number;

  constructor(
    private readonly examples: Examples,
    private readonly numClasses: number,
  ) {
    this.count = examples.count;
    this.size = rowSize(examples.inputShape);
  }

  make(indices: Int32Array): ClassificationBatch {
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
    const batch: ClassificationBatch = {
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
