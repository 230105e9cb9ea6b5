import type { Readable } from 'node:stream';
import { encodeNpy, type ArtifactStore } from '@distillery/storage';
import { describe, expect, it } from 'vitest';
import { ingestUpload } from '../index.ts';
import { putText, rejection, useTempStore } from './test-helpers.ts';

/** The store, with putStream failing from the `failAt`-th call on: a write that breaks part way. */
function failingWrites(store: ArtifactStore, failAt: number): ArtifactStore {
  let calls = 0;
  return new Proxy(store, {
    get(target, name, receiver) {
      if (name !== 'putStream') return Reflect.get(target, name, receiver);
      return async (key: string, source: AsyncIterable<Uint8Array>) => {
        if (++calls >= failAt) throw new Error('disk full');
        return target.putStream(key, source);
      };
    },
  }) as ArtifactStore;
}

describe('limits and failures', () => {
  const store = useTempStore();
  const csv = 'a,b,label\n' + Array.from({ length: 10 }, (_, row) => `${row},${row},${row % 2}`).join('\n');

  it('refuses an upload beyond maxValues while reading it, naming the row', async () => {
    const data = await putText(store(), 'uploads/ds/train.csv', csv);
    const error = await rejection(ingestUpload(store(), { format: 'csv', prefix: 'datasets/ds', train: { data }, maxValues: 15 }));
    expect(error).toMatchObject({ code: 'upload_too_large', field: '/train' });
    expect(error.message).toMatch(/^train\.csv row 8: the dataset holds more than 15 values \(rows × values per row, train and test together\)/);
    expect(await ingestUpload(store(), { format: 'csv', prefix: 'datasets/ds', train: { data }, maxValues: 20 })).toMatchObject({ splits: { train: 8, test: 2 } });
  });

  it('counts the test file against the same limit', async () => {
    const data = await putText(store(), 'uploads/ds/train.csv', csv);
    const test = await putText(store(), 'uploads/ds/test.csv', 'a,b,label\n1,1,0\n');
    const error = await rejection(ingestUpload(store(), { format: 'csv', prefix: 'datasets/ds', train: { data }, test: { data: test }, maxValues: 21 }));
    expect(error.message).toMatch(/^test\.csv row 1: the dataset holds more than 21 values/);
  });

  it('refuses an NPY file from its header, before reading its data', async () => {
    // The header promises a million rows; the data is missing, so reading it would fail differently.
    const header = encodeNpy(new Float32Array(1_000_000 * 4), [1_000_000, 4]).subarray(0, 128);
    await store().put('uploads/ds/x.npy', header);
    const error = await rejection(ingestUpload(store(), { format: 'npy', prefix: 'datasets/ds', train: { x: 'uploads/ds/x.npy' }, maxValues: 1_000_000 }));
    expect(error).toMatchObject({ code: 'upload_too_large', field: '/x' });
  });

  it('leaves nothing under the prefix when writing fails part way', async () => {
    const data = await putText(store(), 'uploads/ds/train.csv', csv);
    const error = await ingestUpload(failingWrites(store(), 3), { format: 'csv', prefix: 'datasets/ds', train: { data } }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('disk full');
    expect(await store().list('datasets/ds')).toEqual([]);
    expect(await store().exists('uploads/ds/train.csv')).toBe(true);
  });

  it('writes nothing for an invalid upload', async () => {
    const data = await putText(store(), 'uploads/ds/train.csv', csv + '\n1,x,0\n');
    await rejection(ingestUpload(store(), { format: 'csv', prefix: 'datasets/ds', train: { data } }));
    expect(await store().list('datasets')).toEqual([]);
  });

  it('notices a raw file that changed between its two reads', async () => {
    const data = await putText(store(), 'uploads/ds/train.csv', csv);
    let reads = 0;
    const changing = new Proxy(store(), {
      get(target, name, receiver) {
        if (name !== 'createReadStream') return Reflect.get(target, name, receiver);
        return async (key: string): Promise<Readable> => {
          if (++reads === 2) await target.put(key, Buffer.from(csv.split('\n').slice(0, 5).join('\n')));
          return target.createReadStream(key);
        };
      },
    }) as ArtifactStore;
    const error = await rejection(ingestUpload(changing, { format: 'csv', prefix: 'datasets/ds', train: { data }, testRatio: 0 }));
    expect(error.message).toBe('train.csv: the file changed while it was being read; upload it again');
  });
});
