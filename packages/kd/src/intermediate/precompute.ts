import * as tf from '@tensorflow/tfjs';
import { rowSize } from '../examples.ts';
import { layerOutputModel, layerShape } from './layers.ts';
import { attentionEnergy } from './losses.ts';

/** One teacher layer's outputs for every row of a dataset. */
export interface PrecomputedLayer {
  layer: string;
  /**
   * Per-sample shape of `values`: the layer's output shape, or [h, w] when
   * `attentionP` is set (only the channel-reduced attention energies
   * mean_c |A_c|^p are kept: h*w numbers per sample instead of h*w*c).
   */
  shape: number[];
  attentionP?: number;
  /** [count, ...shape], row-major. */
  values: Float32Array;
}

/** A teacher's intermediate outputs for a dataset, rows in the dataset's order. */
export interface PrecomputedFeatures {
  count: number;
  layers: PrecomputedLayer[];
}

/**
 * Runs the teacher over `x` in chunks and returns the named layers' outputs as
 * arrays: the alternative to computing them inside every training step, for
 * when the same rows are seen for several epochs. With `attentionP`, only the
 * attention energies are kept (for attention transfer). Feeding these to
 * trainClassifier gives the same loss as the on-the-fly path (tested).
 */
export async function precomputeTeacherFeatures(
  teacher: tf.LayersModel,
  layers: string[],
  x: Float32Array,
  inputShape: number[],
  options: { chunkSize?: number; signal?: AbortSignal; attentionP?: number; role?: string } = {},
): Promise<PrecomputedFeatures> {
  const role = options.role ?? 'teacher';
  const { attentionP } = options;
  const size = rowSize(inputShape);
  const count = x.length / size;
  if (!Number.isInteger(count)) throw new RangeError(`x holds ${x.length} values, not a whole number of rows of shape [${inputShape.join(',')}]`);
  const shapes = layers.map((name) => {
    const shape = layerShape(teacher, name, role);
    if (attentionP === undefined) return shape;
    if (shape.length !== 3) throw new Error(`${role} layer '${name}' outputs [${shape.join(',')}]: attention needs a feature map [height, width, channels]`);
    return shape.slice(0, 2);
  });
  const model = layerOutputModel(teacher, layers, role);
  const result: PrecomputedLayer[] = layers.map((layer, i) => ({
    layer,
    shape: shapes[i]!,
    ...(attentionP === undefined ? {} : { attentionP }),
    values: new Float32Array(count * rowSize(shapes[i]!)),
  }));
  const chunkSize = options.chunkSize ?? 512;
  for (let start = 0; start < count; start += chunkSize) {
    options.signal?.throwIfAborted();
    const end = Math.min(count, start + chunkSize);
    const outputs = tf.tidy(() => {
      const batch = tf.tensor(x.subarray(start * size, end * size), [end - start, ...inputShape]);
      const raw = [model.apply(batch, { training: false })].flat() as tf.Tensor[];
      return attentionP === undefined ? raw : raw.map((a) => attentionEnergy(a as tf.Tensor4D, attentionP));
    });
    try {
      for (const [i, out] of outputs.entries()) {
        const entry = result[i]!;
        entry.values.set(await out.data<'float32'>(), start * rowSize(entry.shape));
      }
    } finally {
      tf.dispose(outputs);
    }
    await tf.nextFrame();
  }
  return { count, layers: result };
}
