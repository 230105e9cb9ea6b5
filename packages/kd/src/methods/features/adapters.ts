import * as tf from '@tensorflow/tfjs';
import { LayerPairError } from '../../teachers/layers.ts';
import { adaptiveAvgPool } from '../layer-terms/pooling.ts';

/**
 * The learned map from a student feature to a teacher feature (FitNets'
 * "regressor"). It is trained with the student and belongs to the training
 * run only: its variables are never part of the student model, so the
 * exported student has exactly the layers and weights of its architecture.
 *
 * Vectors [d_s] -> [d_t]: a dense layer (kernel + bias).
 * Feature maps [h_s, w_s, c_s] -> [h, w, c_t]: the two sides meet at the
 * smaller spatial size h = min(h_s, h_t), w = min(w_s, w_t). Whichever side is
 * larger is average-pooled down to it (adaptiveAvgPool): the teacher's target
 * when the teacher's map is larger, the student's map (before its convolution)
 * when the student's is. Then a 1x1 (or 3x3, 'same') convolution maps c_s
 * channels to c_t. Average pooling rather than bilinear resizing: upsampling
 * the smaller map would ask the student to reproduce detail its resolution
 * cannot hold (an error term no training removes), while block means compare
 * what both sides can represent, the same rule attention transfer uses.
 */
export interface FeatureAdapter {
  readonly studentShape: number[];
  readonly teacherShape: number[];
  /** Per-sample shape the student is mapped to and the teacher pooled to. */
  readonly outputShape: number[];
  readonly variables: tf.Variable[];
  /** [n, ...studentShape] -> [n, ...outputShape]. */
  apply(student: tf.Tensor): tf.Tensor;
  /** [n, ...teacherShape] -> [n, ...outputShape]: the teacher's feature, pooled when it is the larger. */
  target(teacher: tf.Tensor): tf.Tensor;
  dispose(): void;
}

export interface AdapterOptions {
  /** Convolution size for feature maps; 1 by default (FitNets used larger ones to save parameters in their setting). */
  kernelSize?: 1 | 3;
}

/** Builds the adapter for one layer pair; `seed` fixes its initial weights (Glorot uniform kernel, zero bias). */
export function buildAdapter(studentShape: number[], teacherShape: number[], seed: number, options: AdapterOptions = {}): FeatureAdapter {
  if (studentShape.length === 1 && teacherShape.length === 1) return new DenseAdapter(studentShape[0]!, teacherShape[0]!, seed);
  if (studentShape.length === 3 && teacherShape.length === 3) {
    return new ConvAdapter(studentShape as Shape3, teacherShape as Shape3, seed, options.kernelSize ?? 1);
  }
  throw new LayerPairError(
    'incompatible_layers',
    `cannot map a student output of shape [${studentShape.join(',')}] to a teacher output of shape [${teacherShape.join(',')}]: ` +
      'pair vectors (dense, flatten) with vectors and feature maps [height, width, channels] (conv, pool) with feature maps',
  );
}

type Shape3 = [number, number, number];

// Made inside tidy: a variable keeps the data, and tidy frees the initial tensor.
function initialKernel(shape: number[], seed: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.initializers.glorotUniform({ seed }).apply(shape), true));
}

function zeroBias(units: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros([units]), true));
}

class DenseAdapter implements FeatureAdapter {
  readonly studentShape: number[];
  readonly teacherShape: number[];
  readonly outputShape: number[];
  readonly variables: tf.Variable[];
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(from: number, to: number, seed: number) {
    this.studentShape = [from];
    this.teacherShape = [to];
    this.outputShape = [to];
    this.kernel = initialKernel([from, to], seed);
    this.bias = zeroBias(to);
    this.variables = [this.kernel, this.bias];
  }

  apply(student: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(tf.matMul(student as tf.Tensor2D, this.kernel), this.bias));
  }

  target(teacher: tf.Tensor): tf.Tensor {
    return teacher;
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}

class ConvAdapter implements FeatureAdapter {
  readonly outputShape: number[];
  readonly variables: tf.Variable[];
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(
    readonly studentShape: Shape3,
    readonly teacherShape: Shape3,
    seed: number,
    private readonly kernelSize: 1 | 3,
  ) {
    const [hs, ws, cs] = studentShape;
    const [ht, wt, ct] = teacherShape;
    this.outputShape = [Math.min(hs, ht), Math.min(ws, wt), ct];
    // A 1x1 convolution is a matrix product over the channels: [cs, ct].
    this.kernel = initialKernel(kernelSize === 1 ? [cs, ct] : [3, 3, cs, ct], seed);
    this.bias = zeroBias(ct);
    this.variables = [this.kernel, this.bias];
  }

  apply(student: tf.Tensor): tf.Tensor {
    const [h, w, ct] = this.outputShape as Shape3;
    return tf.tidy(() => {
      const pooled = adaptiveAvgPool(student as tf.Tensor4D, h, w);
      const n = pooled.shape[0];
      const mapped =
        this.kernelSize === 1
          ? tf.matMul(pooled.reshape([n * h * w, this.studentShape[2]]), this.kernel as tf.Tensor2D).reshape([n, h, w, ct])
          : tf.conv2d(pooled, this.kernel as tf.Tensor4D, 1, 'same');
      return tf.add(mapped, this.bias);
    });
  }

  target(teacher: tf.Tensor): tf.Tensor {
    const [h, w] = this.outputShape as Shape3;
    return adaptiveAvgPool(teacher as tf.Tensor4D, h, w);
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
