import * as tf from '@tensorflow/tfjs';

/**
 * Tensor bytes one chunk of inference may hold. A wasm worker's heap stops at
 * 4 GiB, and one long-sequence transformer needs megabytes per row for its
 * attention scores: a fixed chunk of 1024 rows would overflow it.
 */
export const INFERENCE_CHUNK_BYTES = 256 * 1024 ** 2;
/** Rows of the first chunk, whose peak memory sizes the others. */
const PROBE_ROWS = 8;

export interface ChunkOptions {
  /** Fixed rows per chunk; without it the size is measured (see forEachChunk). */
  chunkSize?: number;
  /** The most rows per chunk when the size is measured. */
  maxChunkSize: number;
  signal?: AbortSignal;
}

/** One probe at a time: tf.profile's record is global to the engine, and a second profile would reset the first's. */
let probing: Promise<unknown> = Promise.resolve();

/**
 * Calls `run(start, end)` over rows [0, count) in chunks, in order, waiting a
 * frame between chunks. Unless the chunk size is given, the first chunk is
 * PROBE_ROWS rows under tf.profile, and its peak tensor bytes per row sets the
 * rest so that each stays within INFERENCE_CHUNK_BYTES (at least one row,
 * at most maxChunkSize). Other work in the process during the probe only
 * makes the chunks smaller.
 */
export async function forEachChunk(count: number, run: (start: number, end: number) => Promise<void>, options: ChunkOptions): Promise<void> {
  let chunkSize = options.chunkSize;
  let start = 0;
  if (chunkSize === undefined && count > 0) {
    options.signal?.throwIfAborted();
    const end = Math.min(count, PROBE_ROWS);
    const probe = probing.then(async () => {
      const before = tf.memory().numBytes;
      const profile = await tf.profile(() => run(0, end));
      return profile.peakBytes - before;
    });
    probing = probe.catch(() => undefined);
    const bytesPerRow = (await probe) / end;
    chunkSize = Number.isFinite(bytesPerRow) && bytesPerRow > 0 ? Math.floor(INFERENCE_CHUNK_BYTES / bytesPerRow) : options.maxChunkSize;
    chunkSize = Math.max(1, Math.min(options.maxChunkSize, chunkSize));
    start = end;
    await tf.nextFrame();
  }
  await runChunks(start, count, chunkSize!, run, options.signal);
}

/** How long one call into a runtime outside TensorFlow.js may hold the event loop (ONNX Runtime's run does). */
export const HOST_CHUNK_MS = 500;

export interface HostChunkOptions extends ChunkOptions {
  /**
   * Rows the runtime computes per call, whatever it is given (a graph with a
   * fixed batch pads the rest): measured chunks are whole multiples of it, so
   * that no call pays for padding it did not need.
   */
  rowsPerRun?: number | undefined;
}

/**
 * forEachChunk for a runtime outside TensorFlow.js (ONNX Runtime), whose run
 * blocks the event loop and whose memory tf cannot see: the first chunk is
 * PROBE_ROWS rows (rounded up to whole runs), and its time per computed row
 * sets the rest so that each takes about HOST_CHUNK_MS (at least one run, at
 * most maxChunkSize rows or one run if that is more), so that a heavy teacher
 * never holds the loop (and the job lock renewal on it) for long.
 */
export async function forEachHostChunk(count: number, run: (start: number, end: number) => Promise<void>, options: HostChunkOptions): Promise<void> {
  let chunkSize = options.chunkSize;
  let start = 0;
  if (chunkSize === undefined && count > 0) {
    options.signal?.throwIfAborted();
    const perRun = options.rowsPerRun ?? 1;
    const wholeRuns = (rows: number) => Math.ceil(rows / perRun) * perRun;
    const end = Math.min(count, wholeRuns(PROBE_ROWS));
    const started = performance.now();
    await run(0, end);
    const msPerRow = (performance.now() - started) / wholeRuns(end);
    const byTime = Math.min(options.maxChunkSize, Math.floor(HOST_CHUNK_MS / Math.max(msPerRow, 1e-3)));
    chunkSize = Math.max(perRun, Math.floor(byTime / perRun) * perRun);
    start = end;
    await tf.nextFrame();
  }
  await runChunks(start, count, chunkSize!, run, options.signal);
}

/** The rows from `start` on, `chunkSize` at a time, a frame between chunks. */
async function runChunks(start: number, count: number, chunkSize: number, run: (start: number, end: number) => Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  for (let at = start; at < count; at += chunkSize) {
    signal?.throwIfAborted();
    await run(at, Math.min(count, at + chunkSize));
    await tf.nextFrame();
  }
}
