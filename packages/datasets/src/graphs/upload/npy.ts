import type { ArtifactStore } from '@distillery/storage';
import { invalidUpload, type UploadFile } from '../../uploads/errors.ts';
import { dtypeOf, forEachRow, openNpy, type OpenNpy } from '../../uploads/npy-stream.ts';
import { formatShape } from '../../uploads/reader.ts';
import { fitsFloat32, valueFeatureProblem } from '../../uploads/values.ts';
import { SPLITS, assignSplit, checkGraphSize, labelProblem, nodeProblem, type GraphPart, type Locator, type RawGraph } from './raw.ts';

/** Store keys of a graph-npy upload's files, one per part. */
export type GraphNpyFiles = Record<GraphPart, string>;

const fileOf = (part: GraphPart): UploadFile => ({ name: `${part}.npy`, field: `/${part}` });

/** 'edges.npy row 43, edges[42, 1]': rows count from 1, numpy indices from 0, as elsewhere in uploads. */
export const locateNpy: Locator = (part, index) => ({
  file: fileOf(part),
  ...(index ? { row: index[0]! + 1, cell: `${part}[${index.join(', ')}]` } : {}),
});

/**
 * graph-npy: x.npy `(nodes, features)` in any dtype the table uploads take;
 * edges.npy `(edges, 2)` of integer node ids, in either direction or both;
 * y.npy `(nodes,)` of integer labels, -1 = unlabelled; train.npy, val.npy and
 * test.npy `(nodes,)` masks of bool or 0/1 integers, disjoint. Every file is
 * streamed once, after all the headers have been checked against each other.
 */
export async function readGraphNpy(store: ArtifactStore, keys: GraphNpyFiles): Promise<RawGraph> {
  const opened: OpenNpy[] = [];
  const open = async (part: GraphPart): Promise<OpenNpy> => {
    const npy = await openNpy(await store.createReadStream(keys[part]), fileOf(part));
    opened.push(npy);
    if (npy.header.fortranOrder && npy.header.shape.length > 1) {
      throw invalidUpload({ file: fileOf(part) }, `the array is saved in Fortran order; save a C-ordered copy: np.save(path, np.ascontiguousarray(${part}))`);
    }
    return npy;
  };
  try {
    const x = await open('x');
    const [nodes, features] = nodeFeatureShape(x);
    const edges = await open('edges');
    const edgeRows = edgeShape(edges);
    checkGraphSize(nodes, features, edgeRows, { x: { file: fileOf('x') }, edges: { file: fileOf('edges') } });
    const y = await open('y');
    checkPerNode(y, 'y', nodes);
    const masks = [];
    for (const name of SPLITS) {
      const mask = await open(name);
      checkPerNode(mask, name, nodes);
      masks.push(mask);
    }

    const raw: RawGraph = {
      nodes,
      features,
      x: new Float32Array(nodes * features),
      edges: new Int32Array(edgeRows * 2),
      labels: new Int32Array(nodes),
      split: new Uint8Array(nodes),
    };
    await forEachRow(x, dtypeOf(x.header, fileOf('x'), 'features'), features, nodes, fileOf('x'), (node, values) => {
      for (let i = 0; i < features; i++) {
        if (!fitsFloat32(values[i]!)) throw invalidUpload(locateNpy('x', [node, i]), valueFeatureProblem(values[i]));
        raw.x[node * features + i] = values[i]!;
      }
    });
    await forEachRow(edges, integers(edges, 'edges', 'node ids'), 2, edgeRows, fileOf('edges'), (row, values) => {
      for (let end = 0; end < 2; end++) {
        const problem = nodeProblem(values[end]!, nodes, 'x.npy');
        if (problem) throw invalidUpload(locateNpy('edges', [row, end]), problem);
        raw.edges[row * 2 + end] = values[end]!;
      }
    });
    await forEachRow(y, integers(y, 'y', 'labels'), 1, nodes, fileOf('y'), (node, values) => {
      const problem = labelProblem(values[0]!);
      if (problem) throw invalidUpload(locateNpy('y', [node]), problem);
      raw.labels[node] = values[0]!;
    });
    for (const [i, name] of SPLITS.entries()) {
      const mask = masks[i]!;
      await forEachRow(mask, integers(mask, name, 'mask values'), 1, nodes, fileOf(name), (node, values) => {
        const value = values[0]!;
        if (value === 0) return;
        if (value !== 1) throw invalidUpload(locateNpy(name, [node]), `${value} is not a mask value; a mask holds True/False or 1/0 per node`);
        assignSplit(raw.split, node, name, locateNpy(name, [node]));
      });
    }
    return raw;
  } finally {
    for (const npy of opened) await npy.close();
  }
}

function nodeFeatureShape({ header }: OpenNpy): [number, number] {
  const { shape } = header;
  if (shape.length !== 2) {
    throw invalidUpload({ file: fileOf('x') }, `the array has shape ${formatShape(shape)}; x.npy needs one row of features per node, shape (nodes, features)${shape.length === 1 ? ': x.reshape(-1, 1)' : ': flatten each node’s features, x.reshape(len(x), -1)'}`);
  }
  return shape as [number, number];
}

function edgeShape({ header }: OpenNpy): number {
  const { shape } = header;
  if (shape.length === 2 && shape[1] === 2) return shape[0]!;
  if (shape.length === 2 && shape[0] === 2) {
    throw invalidUpload({ file: fileOf('edges') }, `the array has shape ${formatShape(shape)}, PyTorch Geometric's edge_index layout; save one row per edge, shape (edges, 2): np.save(path, np.ascontiguousarray(edge_index.T))`);
  }
  throw invalidUpload({ file: fileOf('edges') }, `the array has shape ${formatShape(shape)}; edges.npy needs one row per edge holding its two node ids, shape (edges, 2)`);
}

function checkPerNode({ header }: OpenNpy, part: GraphPart, nodes: number): void {
  const { shape } = header;
  if (shape.length === 1 && shape[0] === nodes) return;
  const what = part === 'y' ? 'one label per node (-1 for none)' : 'one True/False per node';
  const hint = part !== 'y' && shape.length === 1 ? `; to make a mask from node ids: m = np.zeros(${nodes}, bool); m[ids] = True` : '';
  throw invalidUpload({ file: fileOf(part) }, `the array has shape ${formatShape(shape)} but x.npy has ${nodes} rows; ${part}.npy needs ${what}, shape (${nodes},)${hint}`);
}

function integers(npy: OpenNpy, part: GraphPart, what: string) {
  const dtype = dtypeOf(npy.header, fileOf(part), 'features');
  if (!dtype.integer) throw invalidUpload({ file: fileOf(part) }, `the ${what} have dtype ${dtype.name}; they must be integers: save ${part}.astype('int64')`);
  return dtype;
}
