import { createHash, type Hash } from 'node:crypto';
import { encodeNpyHeader, type ArtifactStore, type NpyArray } from '@distillery/storage';
import type { SplitArrays } from './fill.ts';

/** File names under a dataset's prefix, in digest order. */
export const CANONICAL_FILES = {
  trainX: 'train-x.npy',
  trainY: 'train-y.npy',
  testX: 'test-x.npy',
  testY: 'test-y.npy',
  classNames: 'class-names.json',
} as const;

/** Slices handed to the store one at a time, so no store has to take a 1 GiB chunk in one write. */
const WRITE_SLICE_BYTES = 8 * 1024 * 1024;

export interface CanonicalDataset {
  inputShape: number[];
  train: SplitArrays;
  test: SplitArrays;
  classNames?: string[];
}

export interface WrittenFiles {
  files: string[];
  digest: string;
  bytes: number;
}

/** One file to write: its name under the prefix and its bytes, in parts. */
export interface CanonicalFile {
  name: string;
  parts: Uint8Array[];
}

export function npyFile(name: string, array: NpyArray, shape: number[]): CanonicalFile {
  return { name, parts: [encodeNpyHeader(array, shape), new Uint8Array(array.buffer, array.byteOffset, array.byteLength)] };
}

/** The files a dataset is stored as: x always, y only where a split has labels, the test split only when it has rows. */
function canonicalFiles({ inputShape, train, test, classNames }: CanonicalDataset): CanonicalFile[] {
  const files = [npyFile(CANONICAL_FILES.trainX, train.x, [train.rows, ...inputShape])];
  if (train.labelled > 0) files.push(npyFile(CANONICAL_FILES.trainY, train.y, [train.rows]));
  if (test.rows > 0) files.push(npyFile(CANONICAL_FILES.testX, test.x, [test.rows, ...inputShape]));
  if (test.labelled > 0) files.push(npyFile(CANONICAL_FILES.testY, test.y, [test.rows]));
  if (classNames) files.push({ name: CANONICAL_FILES.classNames, parts: [Buffer.from(JSON.stringify(classNames))] });
  return files;
}

/** Every part in slices, hashed exactly as written. */
async function* sliced(parts: Uint8Array[], hash: Hash): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    for (let at = 0; at < part.length; at += WRITE_SLICE_BYTES) {
      const slice = part.subarray(at, at + WRITE_SLICE_BYTES);
      hash.update(slice);
      yield slice;
    }
  }
}

/**
 * Writes the canonical files under `prefix`, streaming the header and the arrays' own bytes (no
 * copy of the largest array). The digest is sha256 over, for each file in order, its name, a
 * newline, its byte length, a newline and its bytes: equal datasets get equal digests, and a file
 * that is absent cannot be confused with one that is empty. Callers clean up after a failure.
 */
export async function writeCanonical(store: ArtifactStore, prefix: string, dataset: CanonicalDataset): Promise<WrittenFiles> {
  return writeFiles(store, prefix, canonicalFiles(dataset));
}

/** Writes `contents` under `prefix` in order and digests them as writeCanonical describes. */
export async function writeFiles(store: ArtifactStore, prefix: string, contents: CanonicalFile[]): Promise<WrittenFiles> {
  const hash = createHash('sha256');
  const files: string[] = [];
  let bytes = 0;
  for (const { name, parts } of contents) {
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    hash.update(`${name}\n${length}\n`);
    const key = `${prefix}/${name}`;
    await store.putStream(key, sliced(parts, hash));
    files.push(key);
    bytes += length;
  }
  return { files, digest: hash.digest('hex'), bytes };
}
