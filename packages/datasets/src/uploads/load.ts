import type { ArtifactStore } from '@distillery/storage';
import type { LoadedDataset, Split } from '../types.ts';
import { CANONICAL_FILES } from './canonical.ts';
import { openNpy, readDataInto } from './npy-stream.ts';

type Canonical = (typeof CANONICAL_FILES)[keyof typeof CANONICAL_FILES];

/**
 * Reads an ingested dataset back: `source` is its prefix, or the `files` ingestUpload returned.
 * Each NPY file streams straight into a typed array of its size, never through a second copy.
 * A split's `y` is null when the split has no labels at all, otherwise -1 marks unlabelled rows.
 */
export async function loadUploaded(store: ArtifactStore, source: string | string[]): Promise<LoadedDataset> {
  const keys = typeof source === 'string' ? await store.list(source) : source;
  const keyOf = (name: Canonical): string | undefined => keys.find((key) => key === name || key.endsWith(`/${name}`));
  const trainX = keyOf(CANONICAL_FILES.trainX);
  if (!trainX) throw new Error(`No ${CANONICAL_FILES.trainX} among the dataset files ${JSON.stringify(source)}.`);

  const train = await readFeatures(store, trainX);
  const inputShape = train.shape.slice(1);
  const testX = keyOf(CANONICAL_FILES.testX);
  const test = testX ? await readFeatures(store, testX) : { x: new Float32Array(0), shape: [0, ...inputShape] };
  const trainY = await readLabels(store, keyOf(CANONICAL_FILES.trainY), train.shape[0]!);
  const testY = await readLabels(store, keyOf(CANONICAL_FILES.testY), test.shape[0]!);
  const namesKey = keyOf(CANONICAL_FILES.classNames);
  const classNames = namesKey ? (JSON.parse((await store.get(namesKey)).toString('utf8')) as string[]) : undefined;

  const split = (x: Float32Array, y: Int32Array | null, count: number): Split => ({ x, y, count });
  return {
    inputShape,
    numClasses: classNames?.length ?? Math.max(largest(trainY), largest(testY)) + 1,
    labelled: trainY !== null && !trainY.includes(-1),
    train: split(train.x, trainY, train.shape[0]!),
    test: split(test.x, testY, test.shape[0]!),
    ...(classNames ? { classNames } : {}),
  };
}

async function readNpy(store: ArtifactStore, key: string, descr: string): Promise<{ bytes: Uint8Array; shape: number[] }> {
  const npy = await openNpy(await store.createReadStream(key), { name: key, field: key });
  try {
    // Canonical files are written by ingestUpload; another dtype means the store was tampered with.
    if (npy.header.descr !== descr) throw new Error(`${key} holds '${npy.header.descr}' data where '${descr}' was written.`);
    const count = npy.header.shape.reduce((a, b) => a * b, 1);
    const bytes = new Uint8Array(count * 4);
    await readDataInto(npy, bytes, key);
    return { bytes, shape: npy.header.shape };
  } finally {
    await npy.close();
  }
}

async function readFeatures(store: ArtifactStore, key: string): Promise<{ x: Float32Array; shape: number[] }> {
  const { bytes, shape } = await readNpy(store, key, '<f4');
  return { x: new Float32Array(bytes.buffer), shape };
}

async function readLabels(store: ArtifactStore, key: string | undefined, rows: number): Promise<Int32Array | null> {
  if (!key) return null;
  const { bytes, shape } = await readNpy(store, key, '<i4');
  if (shape.length !== 1 || shape[0] !== rows) throw new Error(`${key} has shape (${shape.join(', ')}) where ${rows} labels were written.`);
  const y = new Int32Array(bytes.buffer);
  return y.some((label) => label >= 0) ? y : null;
}

function largest(y: Int32Array | null): number {
  let max = -1;
  if (y) for (const label of y) if (label > max) max = label;
  return max;
}
