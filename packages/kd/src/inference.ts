import * as tf from '@tensorflow/tfjs';
import { rowSize } from './examples.ts';

/** A model that can teach: one the service trained (layers) or one converted from a SavedModel (graph). */
export type InferenceModel = tf.LayersModel | tf.GraphModel;

/** What a model's output holds; probabilities are turned into log-probabilities, which tempered softmax treats as logits. */
export type OutputKind = 'logits' | 'probabilities';

/** log(0) would poison every loss that touches it; a probability this small carries no information anyway. */
const MIN_PROBABILITY = 1e-7;

/**
 * The model's logits for one batch, inside the caller's tidy. softmax(log p / T)
 * is proportional to p^(1/T), so log-probabilities temper exactly like logits.
 */
export function forwardLogits(model: InferenceModel, batch: tf.Tensor, output: OutputKind = 'logits'): tf.Tensor {
  const raw = model instanceof tf.GraphModel ? model.predict(batch) : model.apply(batch, { training: false });
  const first = (Array.isArray(raw) ? raw[0] : raw) as tf.Tensor | undefined;
  if (!first) throw new Error('the model produced no output');
  return output === 'probabilities' ? tf.log(tf.clipByValue(first, MIN_PROBABILITY, 1)) : first;
}

/**
 * Logits for every row of `x`, computed in chunks. One large batch per call is
 * much faster than model.predict's default batch of 32; chunking keeps memory
 * bounded, and yielding between chunks keeps the event loop (and the job lock
 * renewal that runs on it) alive during long inference.
 */
export async function predictLogits(
  model: InferenceModel,
  x: Float32Array,
  inputShape: number[],
  options: { chunkSize?: number; signal?: AbortSignal; output?: OutputKind; numClasses?: number } = {},
): Promise<Float32Array> {
  const size = rowSize(inputShape);
  const count = x.length / size;
  const chunkSize = options.chunkSize ?? 1024;
  const numClasses = options.numClasses ?? outputUnits(model);
  const out = new Float32Array(count * numClasses);
  for (let start = 0; start < count; start += chunkSize) {
    options.signal?.throwIfAborted();
    const end = Math.min(count, start + chunkSize);
    const logits = tf.tidy(() => {
      const batch = tf.tensor(x.subarray(start * size, end * size), [end - start, ...inputShape]);
      return forwardLogits(model, batch, options.output);
    });
    try {
      if (logits.size !== (end - start) * numClasses) {
        throw new Error(`the model gave ${logits.shape.join('×')} outputs for ${end - start} rows; expected ${numClasses} per row`);
      }
      out.set(await logits.data<'float32'>(), start * numClasses);
    } finally {
      logits.dispose();
    }
    await tf.nextFrame();
  }
  return out;
}

export function outputUnits(model: InferenceModel): number {
  const shape = model.outputs[0]?.shape;
  const units = shape?.[shape.length - 1];
  if (typeof units !== 'number') throw new Error('model has no fixed output width');
  return units;
}

/**
 * Inference latency per sample in milliseconds: the median of several timed
 * batches after a warm-up, on whatever backend is active. Used for the
 * teacher/student latency ratio, so both must be measured by this same function
 * in the same process.
 */
export async function measureLatency(
  model: InferenceModel,
  x: Float32Array,
  inputShape: number[],
  options: { batchSize?: number; repeats?: number } = {},
): Promise<number> {
  const size = rowSize(inputShape);
  const batchSize = Math.min(options.batchSize ?? 64, x.length / size);
  const repeats = options.repeats ?? 7;
  const batch = tf.tensor(x.subarray(0, batchSize * size), [batchSize, ...inputShape]);
  const run = async () => {
    const y = tf.tidy(() => forwardLogits(model, batch));
    try {
      await y.data();
    } finally {
      y.dispose();
    }
  };
  try {
    await run();
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
      await tf.nextFrame();
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]! / batchSize;
  } finally {
    batch.dispose();
  }
}
