import { describe, expect, it } from 'vitest';
import { ingestUpload, loadUploaded, type IngestRequest } from '../index.ts';
import { putText, rejection, useTempStore } from './test-helpers.ts';

/** 100 rows whose single feature is the row number, labelled row % 3, except every 4th row when `gaps`. */
function numberedCsv(rows = 100, gaps = false): string {
  const lines = ['id,label'];
  for (let row = 0; row < rows; row++) lines.push(`${row},${gaps && row % 4 === 3 ? '' : row % 3}`);
  return lines.join('\n');
}

describe('splits', () => {
  const store = useTempStore();

  async function ingest(text: string, options: Partial<IngestRequest> = {}, prefix = 'datasets/ds') {
    const data = await putText(store(), 'uploads/ds/train.csv', text);
    return ingestUpload(store(), { format: 'csv', prefix, train: { data }, ...options });
  }

  const ids = (x: Float32Array) => Array.from(x);

  it('moves testRatio of the rows to the test split, keeping the file order within each split', async () => {
    const ingested = await ingest(numberedCsv(), { testRatio: 0.25, seed: 7 });
    expect(ingested.splits).toEqual({ train: 75, test: 25 });
    const { train, test } = await loadUploaded(store(), 'datasets/ds');
    expect([train.count, test.count]).toEqual([75, 25]);
    const all = [...ids(train.x), ...ids(test.x)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(ids(test.x)).toEqual([...ids(test.x)].sort((a, b) => a - b));
    // Labels travel with their rows.
    expect(Array.from(test.y!)).toEqual(ids(test.x).map((id) => id % 3));
    expect(ingested.classCounts.reduce((a, b) => a + b, 0)).toBe(75);
  });

  it('uses a default ratio of 0.2 and seed 0, draws the same rows for a seed and other rows for another', async () => {
    expect((await ingest(numberedCsv(), {}, 'datasets/a')).splits).toEqual({ train: 80, test: 20 });
    await ingest(numberedCsv(), { seed: 0 }, 'datasets/b');
    await ingest(numberedCsv(), { seed: 1 }, 'datasets/c');
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => loadUploaded(store(), `datasets/${name}`)));
    expect(ids(b!.test.x)).toEqual(ids(a!.test.x));
    expect(ids(c!.test.x)).not.toEqual(ids(a!.test.x));
    // Not simply the last rows of the file.
    expect(ids(a!.test.x)).not.toEqual(Array.from({ length: 20 }, (_, i) => 80 + i));
  });

  it('draws the test split from labelled rows only, by ratio of the labelled rows', async () => {
    const ingested = await ingest(numberedCsv(100, true), { testRatio: 0.2 });
    // 75 labelled rows: 15 to test; all 25 unlabelled rows stay in training.
    expect(ingested).toMatchObject({ splits: { train: 85, test: 15 }, labelledCount: { train: 60, test: 15 } });
    const { test } = await loadUploaded(store(), 'datasets/ds');
    expect(test.y!.includes(-1)).toBe(false);
    expect(ids(test.x).every((id) => id % 4 !== 3)).toBe(true);
  });

  it('makes no test split for a ratio of 0, nor for an unlabelled transfer set', async () => {
    expect((await ingest(numberedCsv(), { testRatio: 0 })).splits).toEqual({ train: 100, test: 0 });
    expect((await ingest('a\n1\n2\n3\n', { testRatio: 0.5 })).splits).toEqual({ train: 3, test: 0 });
  });

  it('keeps at least one test row for a small ratio, and refuses a ratio that leaves no training rows', async () => {
    expect((await ingest(numberedCsv(3), { testRatio: 0.01 })).splits).toEqual({ train: 2, test: 1 });
    const error = await rejection(ingest(numberedCsv(1), { testRatio: 0.5 }));
    expect(error).toMatchObject({ code: 'invalid_upload', field: '/testRatio' });
    expect(error.message).toMatch(/leaves none for training/);
  });

  it('gives the same digest to the same data, and another to other data or another split', async () => {
    const first = await ingest(numberedCsv(), {}, 'datasets/one');
    const second = await ingest(numberedCsv(), {}, 'datasets/two');
    expect(second.digest).toBe(first.digest);
    expect(second.bytes).toBe(first.bytes);
    expect((await ingest(numberedCsv(), { seed: 3 }, 'datasets/three')).digest).not.toBe(first.digest);
    expect((await ingest(numberedCsv(99), {}, 'datasets/four')).digest).not.toBe(first.digest);
  });

  it.each([
    [{ testRatio: 1 }, '/testRatio', /testRatio must be at least 0 and below 1/],
    [{ testRatio: -0.1 }, '/testRatio', /testRatio must be at least 0/],
    [{ seed: 1.5 }, '/seed', /seed must be an integer/],
    [{ maxValues: 0 }, '/maxValues', /maxValues must be a positive integer/],
    [{ labelColumn: ' ' }, '/labelColumn', /labelColumn must name a column/],
    [{ format: 'xlsx' }, '/format', /format must be one of csv, jsonl, npy/],
    [{ format: 'npy' }, '/x', /An npy upload needs train x\.npy/],
    [{ test: { data: 'uploads/ds/train.csv' }, testRatio: 0.1 }, '/testRatio', /Give either a test file or testRatio, not both/],
  ])('refuses the request %j', async (options, field, message) => {
    const error = await rejection(ingest(numberedCsv(), options as Partial<IngestRequest>));
    expect(error).toMatchObject({ code: 'invalid_upload', field });
    expect(error.message).toMatch(message);
  });
});
