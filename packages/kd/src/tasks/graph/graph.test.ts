import { describe, expect, it } from 'vitest';
import { contextualSbm } from './csbm.ts';
import { adjacencyOf, edgeCount, gatherRows, inducedSubgraph, neighbourhood } from './graph.ts';

// A path 0-1-2-3 and a triangle 4-5-6, given with a repeat, a reversed pair and a self-loop.
const EDGES = Int32Array.from([0, 1, 2, 1, 2, 3, 4, 5, 5, 6, 6, 4, 1, 0, 3, 3]);

const listOf = (adjacency: ReturnType<typeof adjacencyOf>, node: number) =>
  Array.from(adjacency.neighbours.subarray(adjacency.offsets[node], adjacency.offsets[node + 1]));

describe('graph structure', () => {
  it('builds the symmetric adjacency, without repeats or self-loops', () => {
    const adjacency = adjacencyOf(8, EDGES);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => listOf(adjacency, n))).toEqual([[1], [0, 2], [1, 3], [2], [5, 6], [4, 6], [4, 5], []]);
    expect(edgeCount(adjacency)).toBe(6);
  });

  it('names the edge whose endpoint is not a node', () => {
    expect(() => adjacencyOf(4, Int32Array.from([0, 1, 2, 4]))).toThrow('edge 1 joins 2 and 4: nodes are 0..3');
    expect(() => adjacencyOf(4, Int32Array.from([0, 1, 2]))).toThrow(/pairs/);
  });

  it('fetches the L-hop neighbourhood, targets first', () => {
    const adjacency = adjacencyOf(8, EDGES);
    expect(Array.from(neighbourhood(adjacency, Int32Array.of(0), 1))).toEqual([0, 1]);
    expect(Array.from(neighbourhood(adjacency, Int32Array.of(0), 2))).toEqual([0, 1, 2]);
    expect(Array.from(neighbourhood(adjacency, Int32Array.of(3, 4), 1))).toEqual([3, 4, 2, 5, 6]);
    expect(Array.from(neighbourhood(adjacency, Int32Array.of(7), 3))).toEqual([7]);
  });

  it('renumbers an induced subgraph and keeps only the edges inside it', () => {
    const adjacency = adjacencyOf(8, EDGES);
    const sub = inducedSubgraph(adjacency, Int32Array.of(6, 1, 2, 4));
    // 6->0, 1->1, 2->2, 4->3: edges 1-2 and 4-6 survive.
    expect([0, 1, 2, 3].map((n) => listOf(sub, n))).toEqual([[3], [2], [1], [0]]);
  });

  it('gathers rows of a row-major array', () => {
    expect(Array.from(gatherRows(Float32Array.from([0, 1, 10, 11, 20, 21]), 2, Int32Array.of(2, 0)))).toEqual([20, 21, 0, 1]);
  });
});

describe('contextual stochastic block model', () => {
  it('is a function of its options', () => {
    const a = contextualSbm({ nodes: 300, valNodes: 50, testNodes: 100, seed: 3 });
    const b = contextualSbm({ nodes: 300, valNodes: 50, testNodes: 100, seed: 3 });
    expect(a).toEqual(b);
    expect(contextualSbm({ nodes: 300, valNodes: 50, testNodes: 100, seed: 4 }).x).not.toEqual(a.x);
  });

  it('has the degree, homophily, class balance and split it was asked for', () => {
    const graph = contextualSbm({ nodes: 4000, classes: 4, averageDegree: 10, homophily: 0.7, seed: 1 });
    const adjacency = adjacencyOf(graph.nodes, graph.edges);
    // Repeated draws of the same pair collapse, so the degree is a little under what was asked.
    expect((2 * edgeCount(adjacency)) / graph.nodes).toBeGreaterThan(9.9);
    let same = 0;
    for (let e = 0; e < graph.edges.length; e += 2) same += Number(graph.labels[graph.edges[e]!] === graph.labels[graph.edges[e + 1]!]);
    expect(same / (graph.edges.length / 2)).toBeCloseTo(0.7, 1);
    const perClass = [0, 1, 2, 3].map((c) => graph.labels.filter((l) => l === c).length);
    expect(perClass).toEqual([1000, 1000, 1000, 1000]);
    expect(Array.from(graph.split.train, (n) => graph.labels[n]).sort()).toEqual([0, 1, 2, 3].flatMap((c) => Array(20).fill(c)));
    const all = [...graph.split.train, ...graph.split.val, ...graph.split.test];
    expect(new Set(all).size).toBe(80 + 500 + 1000);
  });

  it('puts the class means about `signal` apart', () => {
    const graph = contextualSbm({ nodes: 2000, classes: 2, features: 256, signal: 3, seed: 2 });
    const mean = (c: number) => {
      const m = new Float64Array(graph.features);
      let n = 0;
      graph.labels.forEach((l, i) => {
        if (l !== c) return;
        n++;
        for (let f = 0; f < graph.features; f++) m[f]! += graph.x[i * graph.features + f]!;
      });
      return m.map((v) => v / n);
    };
    const [a, b] = [mean(0), mean(1)];
    // The noise in each estimated mean adds about sqrt(2 * 256 / 1000) ≈ 0.7 in quadrature.
    const distance = Math.sqrt(a.reduce((s, v, f) => s + (v - b[f]!) ** 2, 0));
    expect(Math.sqrt(distance ** 2 - (2 * 256) / 1000)).toBeCloseTo(3, 0);
  });

  it('refuses a split larger than the graph', () => {
    expect(() => contextualSbm({ nodes: 100 })).toThrow(/the split needs 1580 nodes/);
  });
});
