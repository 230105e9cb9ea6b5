import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { forEachChunk, forEachHostChunk, HOST_CHUNK_MS, INFERENCE_CHUNK_BYTES } from './chunks.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** A stand-in forward pass that holds `bytesPerRow` of tensors per row at its peak, and records each chunk. */
function recorder(bytesPerRow: number) {
  const chunks: [number, number][] = [];
  const run = async (start: number, end: number) => {
    chunks.push([start, end]);
    tf.fill([end - start, bytesPerRow / 4], 1).dispose();
  };
  return { chunks, run };
}

describe('forEachChunk', () => {
  it('sizes the chunks from the first one so each stays within the byte budget, and covers every row once in order', async () => {
    const bytesPerRow = 1024 ** 2;
    const { chunks, run } = recorder(bytesPerRow);
    await forEachChunk(600, run, { maxChunkSize: 1024 });
    const perChunk = INFERENCE_CHUNK_BYTES / bytesPerRow; // 256
    expect(chunks[0]).toEqual([0, 8]);
    expect(chunks.slice(1).every(([start, end]) => end - start <= perChunk)).toBe(true);
    expect(chunks[1]![1] - chunks[1]![0]).toBeGreaterThan(perChunk / 2);
    expect(chunks.flatMap(([start, end]) => Array.from({ length: end - start }, (_, i) => start + i))).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(tf.memory().numTensors).toBe(0);
  });

  it('keeps small rows at the largest chunk, takes a given chunk size as it is, and stops when aborted', async () => {
    const small = recorder(64);
    await forEachChunk(3000, small.run, { maxChunkSize: 1024 });
    expect(small.chunks.map(([start, end]) => end - start)).toEqual([8, 1024, 1024, 944]);

    const fixed = recorder(4 * 1024 ** 2);
    await forEachChunk(20, fixed.run, { chunkSize: 7, maxChunkSize: 1024 });
    expect(fixed.chunks).toEqual([[0, 7], [7, 14], [14, 20]]);

    const controller = new AbortController();
    controller.abort();
    await expect(forEachChunk(20, fixed.run, { maxChunkSize: 1024, signal: controller.signal })).rejects.toThrow();
  });
});

describe('forEachHostChunk', () => {
  it('sizes chunks by the time of a first small one, so that no call holds the event loop for long', async () => {
    const calls: [number, number][] = [];
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    // 10 ms per row: after the first 8 rows, chunks of at most HOST_CHUNK_MS / 10 rows.
    await forEachHostChunk(
      130,
      async (start, end) => {
        calls.push([start, end]);
        busy((end - start) * 10);
      },
      { maxChunkSize: 256 },
    );
    expect(calls[0]).toEqual([0, 8]);
    for (const [start, end] of calls.slice(1)) expect(end - start).toBeLessThanOrEqual(HOST_CHUNK_MS / 10);
    // Every row once, in order.
    expect(calls.map(([start]) => start)).toEqual([...calls.keys()].map((i) => (i === 0 ? 0 : calls[i - 1]![1])));
    expect(calls.at(-1)![1]).toBe(130);
  });

  it('takes at most maxChunkSize rows when rows are cheap', async () => {
    const sizes: number[] = [];
    await forEachHostChunk(1000, async (start, end) => void sizes.push(end - start), { maxChunkSize: 256 });
    expect(sizes).toEqual([8, 256, 256, 256, 224]);
  });

  it('runs whole batches of a runtime that computes a fixed number of rows per call', async () => {
    const cheap: number[] = [];
    await forEachHostChunk(1000, async (start, end) => void cheap.push(end - start), { maxChunkSize: 256, rowsPerRun: 100 });
    expect(cheap).toEqual([100, 200, 200, 200, 200, 100]);
    // One run over maxChunkSize is still one run a chunk; the first takes a whole run, not 8 rows of it.
    const wide: number[] = [];
    await forEachHostChunk(1000, async (start, end) => void wide.push(end - start), { maxChunkSize: 256, rowsPerRun: 300 });
    expect(wide).toEqual([300, 300, 300, 100]);
  });
});
