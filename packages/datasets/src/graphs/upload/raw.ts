import { GRAPH_LIMITS, type GraphSummary } from '@distillery/contracts';
import { adjacencyOf, type NodeGraph } from '@distillery/kd';
import { invalidUpload, type Where } from '../../uploads/errors.ts';
import { MAX_CLASSES } from '../../uploads/values.ts';
import { SPLIT_CODES } from '../stored.ts';

/** The arrays of a graph upload, each part named as the user sent it: x, edges, y and the split nodes. */
export type GraphPart = 'x' | 'edges' | 'y' | 'train' | 'val' | 'test';
export const SPLITS = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

/** Where a problem is, in the words of the format: 'edges.npy row 43, edges[42, 1]' or 'graph.json, edges[42][1]'. */
export type Locator = (part: GraphPart, index?: number[]) => Where;

/** A graph as read from an upload, before the checks that need all of it. */
export interface RawGraph {
  nodes: number;
  features: number;
  x: Float32Array;
  /** Flat endpoint pairs as uploaded, every endpoint already checked to be a node. */
  edges: Int32Array;
  labels: Int32Array;
  /** One SPLIT_CODES value per node; a node was put in two splits is refused while reading. */
  split: Uint8Array;
}

/** Refuses a graph whose node tensors a worker could not hold; checked from the shape, before anything is allocated. */
export function checkGraphSize(nodes: number, features: number, edgeRows: number, at: { x: Where; edges: Where }): void {
  if (nodes === 0) throw invalidUpload(at.x, 'the graph has no nodes: x needs one row per node');
  if (features === 0) throw invalidUpload(at.x, 'the nodes have no features: x needs at least one column');
  if (nodes * features > GRAPH_LIMITS.values) {
    throw invalidUpload(at.x, `${nodes} nodes × ${features} features is ${nodes * features} values; a graph holds at most ${GRAPH_LIMITS.values}: fewer nodes or features`);
  }
  if (edgeRows > 2 * GRAPH_LIMITS.edges) {
    throw invalidUpload(at.edges, `${edgeRows} edges listed; a graph holds at most ${GRAPH_LIMITS.edges} distinct edges (${2 * GRAPH_LIMITS.edges} rows with both directions listed)`);
  }
}

export function nodeProblem(value: number, nodes: number, xName: string): string | undefined {
  if (Number.isInteger(value) && value >= 0 && value < nodes) return undefined;
  if (!Number.isInteger(value)) return `${value} is not a node id; node ids are integers`;
  return `node ${value} does not exist: ${xName} has ${nodes} rows, so nodes are 0 to ${nodes - 1}`;
}

export function labelProblem(value: number): string | undefined {
  if (Number.isInteger(value) && value >= -1 && value < MAX_CLASSES) return undefined;
  if (!Number.isInteger(value)) return `label ${value} is not an integer; labels are class indices 0, 1, 2, ..., and -1 marks an unlabelled node`;
  if (value < -1) return `label ${value} is negative; labels are class indices 0, 1, 2, ..., and -1 marks an unlabelled node`;
  return `label ${value} is above ${MAX_CLASSES - 1}, the largest class index allowed`;
}

/** Puts `node` in `split`, refusing a node that another split already holds. */
export function assignSplit(split: Uint8Array, node: number, name: SplitName, where: Where): void {
  const code = SPLIT_CODES[name];
  const held = split[node]!;
  if (held === code) throw invalidUpload(where, `node ${node} is listed twice in ${name}; list each node once`);
  if (held !== SPLIT_CODES.none) {
    throw invalidUpload(where, `node ${node} is in both ${SPLITS[held - 1]} and ${name}; the splits must be disjoint`);
  }
  split[node] = code;
}

/**
 * The checks that need the whole graph: every split has nodes and each of
 * them a label, and there are two classes at least. Returns the graph with
 * its edges in canonical form (distinct ascending pairs) and its summary.
 */
export function finishGraph(raw: RawGraph, locate: Locator): { graph: NodeGraph; summary: GraphSummary } {
  const members: Record<SplitName, number[]> = { train: [], val: [], test: [] };
  let numClasses = 0;
  let labelledNodes = 0;
  for (let node = 0; node < raw.nodes; node++) {
    const label = raw.labels[node]!;
    if (label >= 0) {
      labelledNodes++;
      numClasses = Math.max(numClasses, label + 1);
    }
    const code = raw.split[node]!;
    if (code === SPLIT_CODES.none) continue;
    const name = SPLITS[code - 1]!;
    if (label < 0) {
      throw invalidUpload(locate(name, [node]), `node ${node} is in ${name} but has no label (y[${node}] is -1); every node in train, val and test needs one`);
    }
    members[name].push(node);
  }
  for (const name of SPLITS) {
    if (members[name].length === 0) throw invalidUpload(locate(name), `the ${name} split has no nodes; train, val and test each need at least one labelled node`);
  }
  if (numClasses < 2) throw invalidUpload(locate('y'), 'every labelled node is in class 0; a classifier needs at least two classes');
  const edges = canonicalEdges(raw.nodes, raw.edges);
  if (edges.length / 2 > GRAPH_LIMITS.edges) {
    throw invalidUpload(locate('edges'), `the graph has ${edges.length / 2} distinct edges; a graph holds at most ${GRAPH_LIMITS.edges}`);
  }
  const graph: NodeGraph = {
    nodes: raw.nodes,
    features: raw.features,
    x: raw.x,
    edges,
    labels: raw.labels,
    numClasses,
    split: { train: Int32Array.from(members.train), val: Int32Array.from(members.val), test: Int32Array.from(members.test) },
  };
  const summary: GraphSummary = {
    nodes: raw.nodes,
    edges: edges.length / 2,
    features: raw.features,
    classes: numClasses,
    splits: { train: members.train.length, val: members.val.length, test: members.test.length },
    labelledNodes,
  };
  return { graph, summary };
}

/** Distinct undirected edges as ascending pairs a < b, sorted; self-loops dropped (the networks add their own). */
function canonicalEdges(nodes: number, edges: Int32Array): Int32Array {
  const { offsets, neighbours } = adjacencyOf(nodes, edges);
  const pairs = new Int32Array(neighbours.length);
  let written = 0;
  for (let a = 0; a < nodes; a++) {
    for (let k = offsets[a]!; k < offsets[a + 1]!; k++) {
      const b = neighbours[k]!;
      if (b <= a) continue;
      pairs[written++] = a;
      pairs[written++] = b;
    }
  }
  return pairs.slice(0, written);
}
