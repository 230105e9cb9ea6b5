import * as tf from '@tensorflow/tfjs';
import { rowSize } from '../../tasks/classification/examples.ts';
import { forEachChunk, forEachHostChunk } from '../../teachers/chunks.ts';
import { HOST_MAX_CHUNK_ROWS, type InferenceModel } from '../../teachers/inference-model.ts';
import { extract, extractedShape, type LayerExtraction } from './extractions.ts';

/** One teacher layer's outputs (or their extraction) for every row of a dataset. */
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
 * Runs the teacher over `x` in chunks and returns the extractions of the named
 * layers as arrays: the alternative to computing them inside every training
 * step, for when the same rows are seen for several epochs. Feeding these to
 * training gives the same loss as the on-the-fly path (tested).
 */
export async function precomputeTeacherFeatures(
  teacher: InferenceModel,
  extractions: LayerExtraction[],
  x: Float32Array,
  inputShape: number[],
  options: { chunkSize?: number; signal?: AbortSignal; role?: string } = {},
): Promise<PrecomputedFeatures> {
  const role = options.role ?? 'teacher';
  const size = rowSize(inputShape);
  const count = x.length / size;
  if (!Number.isInteger(count)) throw new RangeError(`x holds ${x.length} values, not a whole number of rows of shape [${inputShape.join(',')}]`);
  const layerShape = (name: string): number[] => {
    if (teacher.kind === 'host' && teacher.outputs) return teacher.outputs.shape(name, role);
    if (teacher.kind === 'tensor' && teacher.layers) return teacher.layers.layer(name, role).shape;
    throw new Error(`${role} does not let its layers be read`);
  };
  const shapes = extractions.map((extraction) => {
    const shape = extractedShape(extraction, layerShape(extraction.layer));
    if (!shape) throw new Error(`${role} layer '${extraction.layer}' is not a feature map [height, width, channels]: attention needs one`);
    return shape;
  });
  // One forward pass reads every layer, each once, whatever is extracted from it.
  const layers = [...new Set(extractions.map((e) => e.layer))];
  const result: PrecomputedLayer[] = extractions.map((extraction, i) => ({
    layer: extraction.layer,
    shape: shapes[i]!,
    ...(extraction.attentionP === undefined ? {} : { attentionP: extraction.attentionP }),
    values: new Float32Array(count * rowSize(shapes[i]!)),
  }));
  const keep = async (start: number, outputs: tf.Tensor[]) => {
    try {
      for (const [i, out] of outputs.entries()) {
        const entry = result[i]!;
        entry.values.set(await out.data<'float32'>(), start * rowSize(entry.shape));
      }
    } finally {
      tf.dispose(outputs);
    }
  };
  if (teacher.kind === 'host') {
    // A runtime outside TensorFlow.js hands back arrays; the extractions (attention energies) run on them as tensors.
    await forEachHostChunk(
      count,
      async (start, end) => {
        const raw = await teacher.outputs!.read(x.subarray(start * size, end * size), end - start, layers);
        await keep(
          start,
          tf.tidy(() => extractions.map((extraction) => extract(extraction, tf.tensor(raw[layers.indexOf(extraction.layer)]!, [end - start, ...layerShape(extraction.layer)])))),
        );
      },
      { maxChunkSize: HOST_MAX_CHUNK_ROWS, rowsPerRun: teacher.rowsPerRun, ...options },
    );
    return { count, layers: result };
  }
  const read = teacher.layers!.outputs(layers, role);
  await forEachChunk(
    count,
    async (start, end) =>
      keep(
        start,
        tf.tidy(() => {
          const raw = read(tf.tensor(x.subarray(start * size, end * size), [end - start, ...inputShape]));
          return extractions.map((extraction) => extract(extraction, raw[layers.indexOf(extraction.layer)]!));
        }),
      ),
    { maxChunkSize: 512, ...options },
  );
  return { count, layers: result };
}
