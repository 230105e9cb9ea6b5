import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../backend/select-backend.ts';
import { adjacencyOf } from './graph.ts';
import { Propagation } from './propagation.ts';

// Node 5 has no edge and is last: the sparse sum's output ends before it.
const NODES = 6;
const EDGES = Int32Array.from([0, 1, 1, 2, 2, 0, 2, 3, 3, 4]);
const WIDTH = 3;

/** The dense matrices the propagations stand for. */
function denseOperators(): { gcn: number[][]; mean: number[][] } {
  const a = Array.from({ length: NODES }, () => new Array<number>(NODES).fill(0));
  for (let e = 0; e < EDGES.length; e += 2) a[EDGES[e]!]![EDGES[e + 1]!] = a[EDGES[e + 1]!]![EDGES[e]!] = 1;
  const degree = a.map((row) => row.reduce((s, v) => s + v, 0));
  const gcn = a.map((row, i) => row.map((v, j) => (v + (i === j ? 1 : 0)) / Math.sqrt((degree[i]! + 1) * (degree[j]! + 1))));
  const mean = a.map((row, i) => row.map((v) => (degree[i]! > 0 ? v / degree[i]! : 0)));
  return { gcn, mean };
}

const h = Float32Array.from({ length: NODES * WIDTH }, (_, i) => Math.sin(i + 1));
const r = Float32Array.from({ length: NODES * WIDTH }, (_, i) => Math.cos(2 * i));

/** y = M h and d/dh sum(y ⊙ r) = Mᵀ r, sparse and dense. */
function compare(kind: 'gcn' | 'mean') {
  const propagation = kind === 'gcn' ? Propagation.gcn(adjacencyOf(NODES, EDGES)) : Propagation.mean(adjacencyOf(NODES, EDGES));
  try {
    const before = tf.memory().numTensors;
    const [sparseY, sparseGrad] = tf.tidy(() => {
      const input = tf.tensor2d(h, [NODES, WIDTH]);
      const weights = tf.tensor2d(r, [NODES, WIDTH]);
      const f = (x: tf.Tensor) => tf.sum(tf.mul(propagation.apply(x as tf.Tensor2D), weights));
      return [propagation.apply(input), tf.grad(f)(input)];
    });
    const matrix = tf.tensor2d(denseOperators()[kind]);
    const [denseY, denseGrad] = tf.tidy(() => [tf.matMul(matrix, tf.tensor2d(h, [NODES, WIDTH])), tf.matMul(matrix, tf.tensor2d(r, [NODES, WIDTH]), true)]);
    const values = [sparseY, sparseGrad, denseY, denseGrad].map((t) => Array.from(t!.dataSync() as Float32Array));
    tf.dispose([sparseY!, sparseGrad!, denseY!, denseGrad!, matrix]);
    expect(tf.memory().numTensors).toBe(before);
    return values;
  } finally {
    propagation.dispose();
  }
}

describe.each(['wasm', 'cpu'] as const)('message passing on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it.each(['gcn', 'mean'] as const)('%s equals its dense matrix, and so does its gradient', (kind) => {
    const [y, grad, denseY, denseGrad] = compare(kind);
    for (let i = 0; i < y!.length; i++) {
      expect(y![i]).toBeCloseTo(denseY![i]!, 5);
      expect(grad![i]).toBeCloseTo(denseGrad![i]!, 5);
    }
    // The isolated node: its own row under gcn's self-loop, nothing under the mean.
    const last = (NODES - 1) * WIDTH;
    expect(y!.slice(last)).toEqual(kind === 'gcn' ? Array.from(h.slice(last), (v) => expect.closeTo(v, 6)) : [0, 0, 0]);
  });

  it('a graph without edges propagates nothing under the mean', () => {
    const propagation = Propagation.mean(adjacencyOf(3, new Int32Array(0)));
    const y = tf.tidy(() => propagation.apply(tf.ones([3, 2])));
    expect(Array.from(y.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    y.dispose();
    propagation.dispose();
  });
});
