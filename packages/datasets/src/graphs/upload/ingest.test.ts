import { encodeNpy } from '@distillery/storage';
import { describe, expect, it } from 'vitest';
import { ingestGraphUpload, loadCora, loadStoredGraph, type GraphNpyFiles } from '../../index.ts';
import { float64Bytes, int64Bytes, npyFile, putText, rejection, useTempStore } from '../../uploads/test-helpers.ts';

// Six nodes in two triangles joined by one edge; node 5 is unlabelled and in no split.
const X = [
  [1, 0],
  [0.5, 0],
  [1, 0.25],
  [0, 1],
  [0, 0.5],
  [0, 2],
];
const EDGES = [
  [0, 1],
  [1, 2],
  [2, 0],
  [3, 4],
  [4, 5],
  [5, 3],
  [2, 3],
];
const Y = [0, 0, 0, 1, 1, -1];
const SPLIT = { train: [0, 3], val: [1, 4], test: [2] };
const mask = (nodes: number[]) => new Uint8Array(6).map((_, node) => (nodes.includes(node) ? 1 : 0));

describe('graph uploads', () => {
  const store = useTempStore();
  const prefix = 'datasets/ds_g';

  async function putNpy(parts: Partial<Record<keyof GraphNpyFiles, Uint8Array>> = {}): Promise<GraphNpyFiles> {
    const files: Record<string, Uint8Array> = {
      x: npyFile('<f8', [6, 2], float64Bytes(X.flat())),
      // Each edge in both directions, one repeated and a self-loop: as many tools export them.
      edges: npyFile('<i8', [16, 2], int64Bytes([...EDGES.flat(), ...EDGES.flatMap(([a, b]) => [b!, a!]), 1, 0, 4, 4])),
      y: npyFile('<i8', [6], int64Bytes(Y)),
      train: npyFile('|b1', [6], mask(SPLIT.train)),
      val: npyFile('|b1', [6], mask(SPLIT.val)),
      test: encodeNpy(new Int32Array(mask(SPLIT.test)), [6]),
      ...parts,
    };
    const keys: Record<string, string> = {};
    for (const [part, bytes] of Object.entries(files)) {
      keys[part] = `uploads/ds_g/${part}`;
      await store().put(keys[part]!, bytes);
    }
    return keys as GraphNpyFiles;
  }

  const json = (graph: Record<string, unknown>) => putText(store(), 'uploads/ds_g/graph', JSON.stringify(graph));
  const jsonGraph = { x: X, edges: EDGES, y: Y, ...SPLIT };

  it('reads graph-npy, keeps each distinct edge once, and loads back what was uploaded', async () => {
    const ingested = await ingestGraphUpload(store(), { format: 'graph-npy', prefix, files: await putNpy() });
    expect(ingested.summary).toEqual({ nodes: 6, edges: 7, features: 2, classes: 2, splits: { train: 2, val: 2, test: 1 }, labelledNodes: 5 });
    expect(ingested.classCounts).toEqual([1, 1]);
    const graph = await loadStoredGraph(store(), ingested.files);
    expect(graph).toMatchObject({ nodes: 6, features: 2, numClasses: 2 });
    expect(graph.x).toEqual(new Float32Array(X.flat()));
    expect(graph.labels).toEqual(new Int32Array(Y));
    expect(graph.split).toEqual({ train: new Int32Array(SPLIT.train), val: new Int32Array(SPLIT.val), test: new Int32Array(SPLIT.test) });
    expect(graph.edges).toEqual(new Int32Array([0, 1, 0, 2, 1, 2, 2, 3, 3, 4, 3, 5, 4, 5]));
  });

  it('gives the same graph the same digest from graph-json, dense or sparse, whatever order and direction its edges come in', async () => {
    const npy = await ingestGraphUpload(store(), { format: 'graph-npy', prefix, files: await putNpy() });
    const dense = await ingestGraphUpload(store(), { format: 'graph-json', prefix: 'datasets/ds_dense', file: await json(jsonGraph) });
    const sparseRows = X.map((row) => {
      const indices = row.flatMap((value, i) => (value === 0 ? [] : [i]));
      return row.every((value) => value === 0 || value === 1) ? { indices } : { indices, values: indices.map((i) => row[i]) };
    });
    const reversed = [...EDGES].reverse().map(([a, b]) => [b, a]);
    const sparse = await ingestGraphUpload(store(), { format: 'graph-json', prefix: 'datasets/ds_sparse', file: await json({ ...jsonGraph, features: 2, x: sparseRows, edges: reversed }) });
    expect(dense.digest).toBe(npy.digest);
    expect(sparse.digest).toBe(npy.digest);
    expect(sparse.summary).toEqual(npy.summary);
  });

  it('stores Cora uploaded as sparse graph-json exactly as the built-in', async () => {
    const cora = loadCora();
    const rows = Array.from({ length: cora.nodes }, (_, node) => ({ indices: [...cora.x.subarray(node * cora.features, (node + 1) * cora.features).keys()].filter((i) => cora.x[node * cora.features + i] === 1) }));
    const edges = Array.from({ length: cora.edges.length / 2 }, (_, e) => [cora.edges[2 * e], cora.edges[2 * e + 1]]);
    const file = await json({ features: cora.features, x: rows, edges, y: [...cora.labels], train: [...cora.split.train], val: [...cora.split.val], test: [...cora.split.test] });
    const ingested = await ingestGraphUpload(store(), { format: 'graph-json', prefix, file });
    expect(ingested.summary).toMatchObject({ nodes: 2708, edges: 5278, features: 1433, classes: 7, splits: { train: 140, val: 500, test: 1000 } });
    const stored = await loadStoredGraph(store(), ingested.files);
    // Compared as bytes: element by element, 3.9 million features take vitest seconds.
    expect(Buffer.from(stored.x.buffer).equals(Buffer.from(cora.x.buffer))).toBe(true);
    expect(stored.labels).toEqual(cora.labels);
    // The built-in keeps Planetoid's node order within each split; the stored one lists nodes ascending.
    for (const name of ['train', 'val', 'test'] as const) expect([...stored.split[name]]).toEqual([...cora.split[name]].sort((a, b) => a - b));
  });

  const u8 = (values: number[]) => npyFile('|u1', [values.length], new Uint8Array(values));
  it.each([
    ['an edge to a node that does not exist', { edges: encodeNpy(new Int32Array([0, 1, 1, 2, 2, 9]), [3, 2]) }, '/edges', 'edges.npy row 3, edges[2, 1]: node 9 does not exist: x.npy has 6 rows, so nodes are 0 to 5'],
    ['a negative node id', { edges: encodeNpy(new Int32Array([0, -1]), [1, 2]) }, '/edges', 'edges.npy row 1, edges[0, 1]: node -1 does not exist'],
    ["PyTorch Geometric's edge_index layout", { edges: encodeNpy(new Int32Array([0, 1, 2, 1, 2, 0]), [2, 3]) }, '/edges', "edges.npy: the array has shape (2, 3), PyTorch Geometric's edge_index layout; save one row per edge, shape (edges, 2)"],
    ['float edges', { edges: npyFile('<f8', [1, 2], float64Bytes([0, 1])) }, '/edges', "edges.npy: the node ids have dtype float64; they must be integers: save edges.astype('int64')"],
    ['a NaN feature', { x: npyFile('<f8', [6, 2], float64Bytes([1, 0, 0.5, 0, 1, NaN, 0, 1, 0, 0.5, 0, 2])) }, '/x', 'x.npy row 3, x[2, 1]: the value is NaN'],
    ['x of three axes', { x: encodeNpy(new Float32Array(12), [6, 2, 1]) }, '/x', 'x.npy: the array has shape (6, 2, 1); x.npy needs one row of features per node, shape (nodes, features)'],
    ['labels of another length', { y: encodeNpy(new Int32Array([0, 1]), [2]) }, '/y', 'y.npy: the array has shape (2,) but x.npy has 6 rows; y.npy needs one label per node (-1 for none), shape (6,)'],
    ['a label below -1', { y: encodeNpy(new Int32Array([0, 0, 0, 1, -2, -1]), [6]) }, '/y', 'y.npy row 5, y[4]: label -2 is negative'],
    ['node ids where a mask belongs', { val: encodeNpy(new Int32Array([1, 4]), [2]) }, '/val', 'val.npy: the array has shape (2,) but x.npy has 6 rows; val.npy needs one True/False per node, shape (6,); to make a mask from node ids: m = np.zeros(6, bool); m[ids] = True'],
    ['a mask value that is not 0 or 1', { test: u8([0, 0, 2, 0, 0, 0]) }, '/test', 'test.npy row 3, test[2]: 2 is not a mask value'],
    ['overlapping splits', { test: u8([0, 0, 1, 1, 0, 0]) }, '/test', 'test.npy row 4, test[3]: node 3 is in both train and test; the splits must be disjoint'],
    ['an empty split', { val: u8([0, 0, 0, 0, 0, 0]) }, '/val', 'val.npy: the val split has no nodes; train, val and test each need at least one labelled node'],
    ['an unlabelled node in a split', { test: u8([0, 0, 1, 0, 0, 1]) }, '/test', 'test.npy row 6, test[5]: node 5 is in test but has no label (y[5] is -1); every node in train, val and test needs one'],
    ['one class only', { y: encodeNpy(new Int32Array([0, 0, 0, 0, 0, -1]), [6]) }, '/y', 'y.npy: every labelled node is in class 0; a classifier needs at least two classes'],
  ])('graph-npy: refuses %s, naming the file and row', async (_case, parts, field, message) => {
    const error = await rejection(ingestGraphUpload(store(), { format: 'graph-npy', prefix, files: await putNpy(parts) }));
    expect(error).toMatchObject({ code: 'invalid_upload', field });
    expect(error.message.startsWith(message), error.message).toBe(true);
    expect(await store().list(prefix)).toEqual([]);
  });

  it.each([
    ['an unknown key', { ...jsonGraph, labels: Y }, 'graph.json, labels: unknown key "labels"; a graph has features, x, edges, y, train, val, test'],
    ['a missing split', { ...jsonGraph, val: undefined }, 'graph.json, val: val is missing'],
    ['a sparse row without features', { ...jsonGraph, x: [{ indices: [0] }, ...X.slice(1)] }, 'graph.json, features: features is missing; a graph whose rows of x are sparse must say how many features a node has'],
    ['a feature index out of range', { ...jsonGraph, features: 2, x: [...X.slice(0, 4), { indices: [2] }, X[5]] }, 'graph.json, x[4].indices[0]: 2 is not a feature index; indices are integers 0 to 1'],
    ['a repeated feature index', { ...jsonGraph, features: 2, x: [{ indices: [0, 0] }, ...X.slice(1)] }, 'graph.json, x[0].indices[1]: feature 0 is given twice'],
    ['a dense row of another width', { ...jsonGraph, x: [X[0], [1, 0, 0], ...X.slice(2)] }, 'graph.json, x[1]: the row has 3 values but nodes have 2 features'],
    ['a string feature', { ...jsonGraph, x: [['1', 0], ...X.slice(1)] }, 'graph.json, x[0][0]: "1" is not a number'],
    ['an edge that is no pair', { ...jsonGraph, edges: [[0, 1], [2]] }, 'graph.json, edges[1]: an edge is a pair of node ids, [a, b]'],
    ['an edge to a node that does not exist', { ...jsonGraph, edges: [[0, 6]] }, 'graph.json, edges[0][1]: node 6 does not exist: x has 6 rows, so nodes are 0 to 5'],
    ['a node listed twice in a split', { ...jsonGraph, train: [0, 3, 0] }, 'graph.json, train[2]: node 0 is listed twice in train; list each node once'],
    ['a node in two splits', { ...jsonGraph, test: [2, 1] }, 'graph.json, test[1]: node 1 is in both val and test; the splits must be disjoint'],
  ])('graph-json: refuses %s, naming where it is', async (_case, graph, message) => {
    const error = await rejection(ingestGraphUpload(store(), { format: 'graph-json', prefix, file: await json(graph) }));
    expect(error).toMatchObject({ code: 'invalid_upload', field: '/graph' });
    expect(error.message.startsWith(message), error.message).toBe(true);
    expect(await store().list(prefix)).toEqual([]);
  });

  it('graph-json: refuses a file that is not JSON', async () => {
    const file = await putText(store(), 'uploads/ds_g/graph', '{"x": [');
    const error = await rejection(ingestGraphUpload(store(), { format: 'graph-json', prefix, file }));
    expect(error.message).toMatch(/^graph\.json: the file is not valid UTF-8 JSON \(.+\); it must be one JSON object$/);
  });
});
