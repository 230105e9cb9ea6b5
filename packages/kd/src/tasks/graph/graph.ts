/**
 * One graph whose nodes are classified: features per node, undirected edges,
 * labels, and the Planetoid-style split into training, validation and test
 * nodes. Plain typed arrays, as datasets are loaded.
 */
export interface NodeGraph {
  nodes: number;
  features: number;
  /** Row-major node features, [nodes, features]. */
  x: Float32Array;
  /** Undirected edges as flat pairs [a0, b0, a1, b1, ...]: either direction, repeats and self-loops are all fine. */
  edges: Int32Array;
  /** Each node's class, or -1 where it is unknown. */
  labels: Int32Array;
  numClasses: number;
  /** Node ids of each split; disjoint. */
  split: { train: Int32Array; val: Int32Array; test: Int32Array };
}

/**
 * The adjacency as sorted lists: for node i, its distinct neighbours
 * `neighbours[offsets[i] .. offsets[i + 1])`, ascending, itself excluded
 * (compressed sparse rows of the symmetric adjacency).
 */
export interface Adjacency {
  nodes: number;
  offsets: Int32Array;
  neighbours: Int32Array;
}

/** Builds the symmetric adjacency of `edges`, dropping repeats and self-loops. */
export function adjacencyOf(nodes: number, edges: Int32Array): Adjacency {
  if (edges.length % 2 !== 0) throw new RangeError(`edges must be pairs: got ${edges.length} endpoints`);
  const degree = new Int32Array(nodes + 1);
  for (let e = 0; e < edges.length; e += 2) {
    const a = edges[e]!;
    const b = edges[e + 1]!;
    if (!(a >= 0 && a < nodes && b >= 0 && b < nodes)) throw new RangeError(`edge ${e / 2} joins ${a} and ${b}: nodes are 0..${nodes - 1}`);
    if (a === b) continue;
    degree[a + 1]!++;
    degree[b + 1]!++;
  }
  const offsets = new Int32Array(nodes + 1);
  for (let i = 0; i < nodes; i++) offsets[i + 1] = offsets[i]! + degree[i + 1]!;
  const filled = offsets.slice(0, nodes);
  const raw = new Int32Array(offsets[nodes]!);
  for (let e = 0; e < edges.length; e += 2) {
    const a = edges[e]!;
    const b = edges[e + 1]!;
    if (a === b) continue;
    raw[filled[a]!++] = b;
    raw[filled[b]!++] = a;
  }
  // Sort each node's list and drop repeated edges.
  const compact = new Int32Array(nodes + 1);
  const neighbours = new Int32Array(raw.length);
  let written = 0;
  for (let i = 0; i < nodes; i++) {
    const list = raw.subarray(offsets[i]!, offsets[i + 1]!).sort();
    compact[i] = written;
    for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) neighbours[written++] = list[k]!;
  }
  compact[nodes] = written;
  return { nodes, offsets: compact, neighbours: neighbours.slice(0, written) };
}

export function degreeOf(adjacency: Adjacency, node: number): number {
  return adjacency.offsets[node + 1]! - adjacency.offsets[node]!;
}

/** The number of undirected edges. */
export function edgeCount(adjacency: Adjacency): number {
  return adjacency.neighbours.length / 2;
}

/**
 * The nodes within `hops` edges of `targets` (the targets first, in order,
 * then the rest ascending): what a graph network must fetch to classify the
 * targets, since an L-layer network reads L hops.
 */
export function neighbourhood(adjacency: Adjacency, targets: Int32Array, hops: number): Int32Array {
  // A set, not a flag per node of the graph: serving one node must not cost the size of the graph.
  const seen = new Set<number>(targets);
  let frontier = Array.from(targets);
  const reached: number[] = [];
  for (let hop = 0; hop < hops; hop++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (let k = adjacency.offsets[node]!; k < adjacency.offsets[node + 1]!; k++) {
        const other = adjacency.neighbours[k]!;
        if (!seen.has(other)) {
          seen.add(other);
          next.push(other);
          reached.push(other);
        }
      }
    }
    frontier = next;
  }
  const result = new Int32Array(targets.length + reached.length);
  result.set(targets);
  result.set(reached.sort((a, b) => a - b), targets.length);
  return result;
}

/**
 * The subgraph induced by `keep` (node ids of the whole graph): node k of the
 * result is node keep[k], and only edges with both ends kept remain.
 */
export function inducedSubgraph(adjacency: Adjacency, keep: Int32Array): Adjacency {
  const position = new Map<number, number>();
  keep.forEach((node, k) => position.set(node, k));
  const offsets = new Int32Array(keep.length + 1);
  const kept: number[] = [];
  for (let k = 0; k < keep.length; k++) {
    const node = keep[k]!;
    const list: number[] = [];
    for (let j = adjacency.offsets[node]!; j < adjacency.offsets[node + 1]!; j++) {
      const p = position.get(adjacency.neighbours[j]!);
      if (p !== undefined) list.push(p);
    }
    // Positions of a sorted list need not be sorted: keep each list ascending.
    list.sort((a, b) => a - b);
    for (const p of list) kept.push(p);
    offsets[k + 1] = kept.length;
  }
  return { nodes: keep.length, offsets, neighbours: Int32Array.from(kept) };
}

/** Rows `rows` of a row-major [*, width] array. */
export function gatherRows(values: Float32Array, width: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, k) => out.set(values.subarray(row * width, (row + 1) * width), k * width));
  return out;
}
