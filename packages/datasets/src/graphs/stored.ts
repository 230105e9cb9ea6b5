import type { NodeGraph } from '@distillery/kd';
import type { ArtifactStore } from '@distillery/storage';
import { openNpy, readDataInto } from '../uploads/npy-stream.ts';

/**
 * The files a graph dataset is stored as, in digest order: features
 * `[nodes, features]` float32, the distinct undirected edges `[edges, 2]`
 * int32 as ascending pairs (a < b, sorted), labels `[nodes]` int32 (-1 =
 * none), and one uint8 per node naming its split (SPLIT_CODES). Stored
 * canonically, equal graphs get equal digests whatever the order and
 * direction their edges were uploaded in.
 */
export const GRAPH_FILES = {
  x: 'graph-x.npy',
  edges: 'graph-edges.npy',
  labels: 'graph-y.npy',
  split: 'graph-split.npy',
} as const;

/** A node's split in graph-split.npy. */
export const SPLIT_CODES = { none: 0, train: 1, val: 2, test: 3 } as const;

/** Reads a stored graph dataset back from its `files` (the record's artifact keys). */
export async function loadStoredGraph(store: ArtifactStore, files: string[]): Promise<NodeGraph> {
  const keyOf = (name: string): string => {
    const key = files.find((file) => file.endsWith(`/${name}`));
    if (!key) throw new Error(`No ${name} among the graph files ${JSON.stringify(files)}.`);
    return key;
  };
  const x = await readArray(store, keyOf(GRAPH_FILES.x), '<f4', 4);
  const edges = await readArray(store, keyOf(GRAPH_FILES.edges), '<i4', 4);
  const labels = await readArray(store, keyOf(GRAPH_FILES.labels), '<i4', 4);
  const split = await readArray(store, keyOf(GRAPH_FILES.split), '|u1', 1);
  const [nodes, features] = x.shape as [number, number];
  const y = new Int32Array(labels.bytes.buffer);
  const codes = split.bytes;
  const members = (code: number) => Int32Array.from(nodesWhere(codes, code));
  let numClasses = 0;
  for (const label of y) if (label + 1 > numClasses) numClasses = label + 1;
  return {
    nodes,
    features,
    x: new Float32Array(x.bytes.buffer),
    edges: new Int32Array(edges.bytes.buffer),
    labels: y,
    numClasses,
    split: { train: members(SPLIT_CODES.train), val: members(SPLIT_CODES.val), test: members(SPLIT_CODES.test) },
  };
}

function* nodesWhere(codes: Uint8Array, code: number): Generator<number> {
  for (let node = 0; node < codes.length; node++) if (codes[node] === code) yield node;
}

async function readArray(store: ArtifactStore, key: string, descr: string, itemBytes: number): Promise<{ bytes: Uint8Array; shape: number[] }> {
  const npy = await openNpy(await store.createReadStream(key), { name: key, field: key });
  try {
    // The upload wrote these files; another dtype means the store was changed behind the service's back.
    if (npy.header.descr !== descr) throw new Error(`${key} holds '${npy.header.descr}' data where '${descr}' was written.`);
    const bytes = new Uint8Array(npy.header.shape.reduce((a, b) => a * b, 1) * itemBytes);
    await readDataInto(npy, bytes, key);
    return { bytes, shape: npy.header.shape };
  } finally {
    await npy.close();
  }
}
