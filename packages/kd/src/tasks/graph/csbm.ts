import type { CsbmOptions, ResolvedCsbmOptions } from '@distillery/contracts';
import { mulberry32, normalSampler, shuffledIndices } from '../../random.ts';
import type { NodeGraph } from './graph.ts';

export const CSBM_DEFAULTS: ResolvedCsbmOptions = {
  nodes: 2000,
  classes: 4,
  features: 32,
  averageDegree: 8,
  homophily: 0.8,
  signal: 1,
  trainPerClass: 20,
  valNodes: 500,
  testNodes: 1000,
  seed: 0,
};

/**
 * A contextual stochastic block model graph (see CsbmOptions): a seeded,
 * deterministic function of its options. Class means, labels, features,
 * edges and the split each draw from their own stream of the seed, so
 * changing the degree keeps the features. Fails when the split asks for more
 * nodes than there are.
 */
export function contextualSbm(options: CsbmOptions = {}): NodeGraph {
  const o: ResolvedCsbmOptions = { ...CSBM_DEFAULTS, ...options };
  const { nodes, classes, features } = o;
  const splitSize = o.trainPerClass * classes + o.valNodes + o.testNodes;
  if (splitSize > nodes || o.trainPerClass > Math.floor(nodes / classes)) {
    throw new RangeError(`the split needs ${splitSize} nodes (trainPerClass × classes + valNodes + testNodes) but the graph has ${nodes}`);
  }
  const stream = (name: number) => mulberry32((Math.imul(o.seed, 0x9e3779b1) ^ Math.imul(name, 0x85ebca6b)) >>> 0);

  // Class means: random directions of length signal/√2, so two means are `signal` apart
  // when their directions are orthogonal, as random ones nearly are when features ≫ classes.
  const normal = normalSampler(stream(1));
  const means = new Float32Array(classes * features);
  for (let c = 0; c < classes; c++) {
    let norm = 0;
    for (let f = 0; f < features; f++) norm += (means[c * features + f] = normal()) ** 2;
    const scale = o.signal / Math.SQRT2 / Math.sqrt(norm);
    for (let f = 0; f < features; f++) means[c * features + f]! *= scale;
  }

  const labels = new Int32Array(nodes);
  const order = shuffledIndices(nodes, stream(2));
  order.forEach((node, k) => (labels[node] = k % classes));

  const noise = normalSampler(stream(3));
  const x = new Float32Array(nodes * features);
  for (let i = 0; i < nodes; i++) {
    for (let f = 0; f < features; f++) x[i * features + f] = means[labels[i]! * features + f]! + noise();
  }

  return { nodes, features, x, edges: blockEdges(o, labels, stream(4)), labels, numClasses: classes, split: planetoidSplit(labels, classes, o, stream(5)) };
}

/** `averageDegree * nodes / 2` edges from uniformly drawn nodes, each to its own class with probability `homophily`. */
function blockEdges(o: ResolvedCsbmOptions, labels: Int32Array, random: () => number): Int32Array {
  const members: number[][] = Array.from({ length: o.classes }, () => []);
  labels.forEach((label, node) => members[label]!.push(node));
  const count = Math.round((o.averageDegree * o.nodes) / 2);
  const edges = new Int32Array(count * 2);
  for (let e = 0; e < count; e++) {
    const a = Math.floor(random() * o.nodes);
    const own = labels[a]!;
    // Another class, drawn uniformly among the others.
    const other = (own + 1 + Math.floor(random() * (o.classes - 1))) % o.classes;
    const pool = members[random() < o.homophily ? own : other]!;
    let b = pool[Math.floor(random() * pool.length)]!;
    if (b === a) b = pool[(pool.indexOf(a) + 1) % pool.length]!; // a class of one node keeps a self-loop, which is ignored
    edges[2 * e] = a;
    edges[2 * e + 1] = b;
  }
  return edges;
}

/** `trainPerClass` nodes of each class for training, then validation and test nodes, from one shuffled order. */
function planetoidSplit(labels: Int32Array, classes: number, o: ResolvedCsbmOptions, random: () => number): NodeGraph['split'] {
  const order = shuffledIndices(labels.length, random);
  const taken = new Array<number>(classes).fill(0);
  const train: number[] = [];
  const rest: number[] = [];
  for (const node of order) {
    const label = labels[node]!;
    if (taken[label]! < o.trainPerClass) {
      taken[label]!++;
      train.push(node);
    } else rest.push(node);
  }
  return {
    train: Int32Array.from(train),
    val: Int32Array.from(rest.slice(0, o.valNodes)),
    test: Int32Array.from(rest.slice(o.valNodes, o.valNodes + o.testNodes)),
  };
}
