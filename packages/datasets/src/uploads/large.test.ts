import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ArtifactStore } from '@distillery/storage';
import { describe, expect, it } from 'vitest';
import { ingestUpload, loadUploaded } from '../index.ts';
import { useTempStore } from './test-helpers.ts';

const ROWS = 200_000;
const FEATURES = 4;

/** Row r: features r + f/10, label r % 10; about 7 MB in all, produced without building the text. */
function* csvChunks(): Generator<Buffer> {
  yield Buffer.from(`${Array.from({ length: FEATURES }, (_, f) => `feature_${f}`).join(',')},label\n`);
  let lines: string[] = [];
  for (let row = 0; row < ROWS; row++) {
    lines.push(`${Array.from({ length: FEATURES }, (_, f) => (row + f / 10).toFixed(1)).join(',')},${row % 10}\n`);
    if (lines.length === 1000) {
      yield Buffer.from(lines.join(''));
      lines = [];
    }
  }
}

/** A full garbage collection on demand, without starting Node with --expose-gc. */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * The store, refusing whole-file reads of raw uploads, and measuring the heap every `every`
 * chunks of a raw file: after a full collection, so what is measured is what ingestion retains.
 * The raw text held as a string would count in full; typed arrays live outside the heap.
 */
function measuredStore(store: ArtifactStore, every: number): { store: ArtifactStore; peakRetained: () => number } {
  const gc = collectGarbage();
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  async function* measured(stream: Readable): AsyncGenerator<Buffer> {
    let chunks = 0;
    for await (const chunk of stream) {
      if (++chunks % every === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
      yield chunk as Buffer;
    }
  }
  const wrapped = new Proxy(store, {
    get(target, name, receiver) {
      if (name === 'get') return (key: string) => (key.startsWith('uploads/') ? Promise.reject(new Error(`read ${key} whole`)) : target.get(key));
      if (name === 'createReadStream') return async (key: string) => Readable.from(measured(await target.createReadStream(key)));
      return Reflect.get(target, name, receiver);
    },
  }) as ArtifactStore;
  return { store: wrapped, peakRetained: () => peak };
}

describe('a large CSV', () => {
  const store = useTempStore();

  it(`ingests ${ROWS} rows by streaming, without holding the text`, async () => {
    const bytes = await store().putStream('uploads/big/train.csv', Readable.from(csvChunks()));
    expect(bytes).toBeGreaterThan(6_000_000);
    // 64 KiB chunks: a measurement about every 1.5 MB, four or so in each pass.
    const { store: measured, peakRetained } = measuredStore(store(), 24);

    const ingested = await ingestUpload(measured, { format: 'csv', prefix: 'datasets/big', train: { data: 'uploads/big/train.csv' } });
    expect(ingested).toMatchObject({ inputShape: [FEATURES], numClasses: 10, splits: { train: 160_000, test: 40_000 } });
    expect(ingested.classCounts.reduce((a, b) => a + b, 0)).toBe(160_000);
    expect(peakRetained()).toBeGreaterThan(0);
    expect(peakRetained()).toBeLessThan(bytes / 4);

    const loaded = await loadUploaded(store(), 'datasets/big');
    const firstId = loaded.train.x[0]!;
    expect(Array.from(loaded.train.x.subarray(0, FEATURES))).toEqual(Array.from({ length: FEATURES }, (_, f) => Math.fround(firstId + f / 10)));
    expect(loaded.train.y![0]).toBe(firstId % 10);
  });
});
