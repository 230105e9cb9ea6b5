import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DistilleryError } from '@distillery/contracts';
import { FsArtifactStore } from '@distillery/storage';
import { afterEach, beforeEach, expect } from 'vitest';

/** A fresh FsArtifactStore in a temp folder for each test, removed afterwards. */
export function useTempStore(): () => FsArtifactStore {
  let root = '';
  let store: FsArtifactStore | undefined;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'distillery-uploads-'));
    store = new FsArtifactStore(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  return () => store!;
}

/** The DistilleryError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<DistilleryError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DistilleryError);
  return error as DistilleryError;
}

/**
 * An NPY v1.0 file of any little-endian dtype, built by hand as numpy writes it, for dtypes
 * encodeNpy does not write (float64, int64) and for deliberately odd headers.
 */
export function npyFile(descr: string, shape: number[], data: Uint8Array, { fortranOrder = false } = {}): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const header = dict.padEnd(Math.ceil((10 + dict.length + 1) / 64) * 64 - 10 - 1, ' ') + '\n';
  const prefix = Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0, header.length & 0xff, header.length >> 8]);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]);
}

export function float64Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Float64Array(values).buffer);
}

export function int64Bytes(values: number[]): Uint8Array {
  return new Uint8Array(BigInt64Array.from(values, (value) => BigInt(value)).buffer);
}

export async function putText(store: FsArtifactStore, key: string, text: string): Promise<string> {
  await store.put(key, Buffer.from(text));
  return key;
}
