import * as tf from '@tensorflow/tfjs';
import { rowSize } from './examples.ts';

/**
 * Logits for every row of `x`, computed in chunks. One large batch per call is
 * much faster than model.predict's default batch of 32; chunking keeps memory
 * bounded, and yielding between chunks keeps the event loop (and the job lock
 * renewal that runs on it) alive during long inference.
 */
export async function predictLogits(
  model: tf.LayersModel,
  x: Float32Array,
  inputShape: number[],
  options: { chunkSize?: number; signal?: AbortSignal } = {},
): Promise<Float32Array> {
  const size = rowSize(inputShape);
  const count = x.length / size;
  const chunkSize = options.chunkSize ?? 1024;
  const numClasses = outputUnits(model);
  const out = new Float32Array(count * numClasses);
  for (let start = 0; start < count; start += chunkSize) {
    options.signal?.throwIfAborted();
    const end = Math.min(count, start + chunkSize);
    const logits = tf.tidy(() => {
      const batch = tf.tensor(x.subarray(start * size, end * size), [end - start, ...inputShape]);
      return model.apply(batch, { training: false }) as tf.Tensor;
    });
    try {
      out.set(await logits.data<'float32'>(), start * numClasses);
    } finally {
      logits.dispose();
    }
    await tf.nextFrame();
  }
  return out;
}

export function outputUnits(model: tf.LayersModel): number {
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
  model: tf.LayersModel,
  x: Float32Array,
  inputShape: number[],
  options: { batchSize?: number; repeats?: number } = {},
): Promise<number> {
  const size = rowSize(inputShape);
  const batchSize = Math.min(options.batchSize ?? 64, x.length / size);
  const repeats = options.repeats ?? 7;
  const batch = tf.tensor(x.subarray(0, batchSize * size), [batchSize, ...inputShape]);
  const run = async () => {
    const y = model.apply(batch, { training: false }) as tf.Tensor;
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
