import type { ArtifactStore } from '@distillery/storage';
import { invalidUpload, type UploadFile } from '../../uploads/errors.ts';
import { fitsFloat32, valueFeatureProblem } from '../../uploads/values.ts';
import { SPLITS, assignSplit, checkGraphSize, labelProblem, nodeProblem, type Locator, type RawGraph } from './raw.ts';

/** A graph-json file is parsed whole, so it is kept small; larger graphs go as graph-npy, which streams. */
export const MAX_GRAPH_JSON_BYTES = 64 * 1024 * 1024;

const FILE: UploadFile = { name: 'graph.json', field: '/graph' };
const KEYS = new Set(['features', 'x', 'edges', 'y', 'train', 'val', 'test']);

/** 'graph.json, edges[42][1]' */
export const locateJson: Locator = (part, index) => ({ file: FILE, cell: `${part}${(index ?? []).map((i) => `[${i}]`).join('')}` });

const at = (cell: string) => ({ file: FILE, cell });

/**
 * graph-json: one object `{"features": F, "x": [...], "edges": [[a, b], ...],
 * "y": [...], "train": [...], "val": [...], "test": [...]}`. Each row of x is
 * dense (an array of F numbers) or sparse (`{"indices": [...], "values":
 * [...]}`, values 1 when left out, as for bag-of-words features); `features`
 * is needed when any row is sparse. y holds a class index per node (-1 =
 * unlabelled); train, val and test list node ids, disjoint.
 */
export async function readGraphJson(store: ArtifactStore, key: string): Promise<RawGraph> {
  const bytes = await store.size(key);
  if (bytes > MAX_GRAPH_JSON_BYTES) {
    throw invalidUpload({ file: FILE }, `the file is ${bytes} bytes; graph-json files are read whole and may hold at most ${MAX_GRAPH_JSON_BYTES}: upload a larger graph as graph-npy, which streams`);
  }
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await store.get(key)));
  } catch (error) {
    throw invalidUpload({ file: FILE }, `the file is not valid UTF-8 JSON (${(error as Error).message}); it must be one JSON object`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalidUpload({ file: FILE }, 'the file must hold one JSON object with x, edges, y, train, val and test');
  const graph = document as Record<string, unknown>;
  const unknown = Object.keys(graph).find((name) => !KEYS.has(name));
  if (unknown) throw invalidUpload(at(unknown), `unknown key ${JSON.stringify(unknown)}; a graph has ${[...KEYS].join(', ')}`);
  for (const name of ['x', 'edges', 'y', ...SPLITS]) {
    if (!Array.isArray(graph[name])) throw invalidUpload(at(name), graph[name] === undefined ? `${name} is missing` : `${name} must be an array`);
  }
  const rows = graph.x as unknown[];
  const edgeList = graph.edges as unknown[];
  const nodes = rows.length;
  const features = featureCount(graph.features, rows);
  checkGraphSize(nodes, features, edgeList.length, { x: at('x'), edges: at('edges') });

  const raw: RawGraph = {
    nodes,
    features,
    x: new Float32Array(nodes * features),
    edges: new Int32Array(edgeList.length * 2),
    labels: new Int32Array(nodes),
    split: new Uint8Array(nodes),
  };
  rows.forEach((row, node) => readRow(row, node, features, raw.x.subarray(node * features, (node + 1) * features)));
  edgeList.forEach((edge, e) => {
    if (!Array.isArray(edge) || edge.length !== 2) throw invalidUpload(at(`edges[${e}]`), 'an edge is a pair of node ids, [a, b]');
    edge.forEach((end: unknown, i) => {
      const problem = typeof end === 'number' ? nodeProblem(end, nodes, 'x') : `${JSON.stringify(end)} is not a node id`;
      if (problem) throw invalidUpload(at(`edges[${e}][${i}]`), problem);
      raw.edges[e * 2 + i] = end as number;
    });
  });
  const labels = graph.y as unknown[];
  if (labels.length !== nodes) throw invalidUpload(at('y'), `y has ${labels.length} labels but x has ${nodes} rows; give one label per node, -1 for none`);
  labels.forEach((label, node) => {
    const problem = typeof label === 'number' ? labelProblem(label) : `${JSON.stringify(label)} is not a label; labels are class indices, -1 for none`;
    if (problem) throw invalidUpload(at(`y[${node}]`), problem);
    raw.labels[node] = label as number;
  });
  for (const name of SPLITS) {
    (graph[name] as unknown[]).forEach((node, i) => {
      const problem = typeof node === 'number' ? nodeProblem(node, nodes, 'x') : `${JSON.stringify(node)} is not a node id`;
      if (problem) throw invalidUpload(at(`${name}[${i}]`), problem);
      assignSplit(raw.split, node as number, name, at(`${name}[${i}]`));
    });
  }
  return raw;
}

function featureCount(declared: unknown, rows: unknown[]): number {
  if (declared !== undefined) {
    if (!Number.isSafeInteger(declared) || (declared as number) < 1) throw invalidUpload(at('features'), `features must be a positive integer, the width of x; got ${JSON.stringify(declared)}`);
    return declared as number;
  }
  const first = rows[0];
  if (Array.isArray(first)) return first.length;
  if (first === undefined) return 0;
  throw invalidUpload(at('features'), 'features is missing; a graph whose rows of x are sparse must say how many features a node has');
}

/** One node's features into `target` (zeros already), dense or sparse. */
function readRow(row: unknown, node: number, features: number, target: Float32Array): void {
  const cell = `x[${node}]`;
  if (Array.isArray(row)) {
    if (row.length !== features) throw invalidUpload(at(cell), `the row has ${row.length} values but nodes have ${features} features; give each node the same number`);
    row.forEach((value: unknown, i) => (target[i] = featureValue(value, `${cell}[${i}]`)));
    return;
  }
  if (typeof row !== 'object' || row === null) throw invalidUpload(at(cell), 'a row of x is an array of numbers or {"indices": [...], "values": [...]}');
  const { indices, values, ...rest } = row as { indices?: unknown; values?: unknown };
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw invalidUpload(at(cell), `unknown key ${JSON.stringify(extra)}; a sparse row has indices and, optionally, values`);
  if (!Array.isArray(indices)) throw invalidUpload(at(cell), 'a sparse row needs "indices", the array of its non-zero features');
  if (values !== undefined && (!Array.isArray(values) || values.length !== indices.length)) {
    throw invalidUpload(at(cell), `"values" must be an array as long as "indices" (${indices.length}), or left out for all ones`);
  }
  const seen = new Set<number>();
  indices.forEach((index: unknown, k) => {
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= features) {
      throw invalidUpload(at(`${cell}.indices[${k}]`), `${JSON.stringify(index)} is not a feature index; indices are integers 0 to ${features - 1}`);
    }
    if (seen.has(index as number)) throw invalidUpload(at(`${cell}.indices[${k}]`), `feature ${index} is given twice; give each feature once`);
    seen.add(index as number);
    target[index as number] = values === undefined ? 1 : featureValue((values as unknown[])[k], `${cell}.values[${k}]`);
  });
}

function featureValue(value: unknown, cell: string): number {
  if (typeof value !== 'number' || !fitsFloat32(value)) {
    throw invalidUpload(at(cell), typeof value === 'number' ? valueFeatureProblem(value) : `${JSON.stringify(value)} is not a number`);
  }
  return value;
}
