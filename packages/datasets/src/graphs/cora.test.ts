import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { adjacencyOf, edgeCount } from '@distillery/kd';
import { describe, expect, it } from 'vitest';
import { loadCora } from './cora.ts';
import { builtinGraphDigest } from './digest.ts';

describe('Cora with the Planetoid split', () => {
  it('is the file its README describes', () => {
    const file = path.join(import.meta.dirname, '..', '..', 'assets', 'cora', 'cora-planetoid.json');
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe('4c131be458d713368bafb9b46aa9f4fd20c06288303e52238b7fb958d397aba9');
  });

  it('has 2,708 nodes, 1,433 binary features, 7 classes, 5,278 citations and 140 / 500 / 1,000 split nodes', () => {
    const cora = loadCora();
    expect([cora.nodes, cora.features, cora.numClasses]).toEqual([2708, 1433, 7]);
    expect(cora.x.every((v) => v === 0 || v === 1)).toBe(true);
    expect(edgeCount(adjacencyOf(cora.nodes, cora.edges))).toBe(5278);
    expect([cora.split.train.length, cora.split.val.length, cora.split.test.length]).toEqual([140, 500, 1000]);
    expect(new Set([...cora.split.train, ...cora.split.val, ...cora.split.test]).size).toBe(1640);
    const perClass = new Array(7).fill(0);
    for (const node of cora.split.train) perClass[cora.labels[node]!]++;
    expect(perClass).toEqual(new Array(7).fill(20));
  });
});

describe('built-in graph digests', () => {
  it("are Cora's file's, and a generated graph's resolved options'", () => {
    expect(builtinGraphDigest({ builtin: 'cora' })).toBe('4c131be458d713368bafb9b46aa9f4fd20c06288303e52238b7fb958d397aba9');
    const csbm = builtinGraphDigest({ builtin: 'csbm' });
    expect(builtinGraphDigest({ builtin: 'csbm', options: { nodes: 2000, seed: 0 } })).toBe(csbm);
    expect(builtinGraphDigest({ builtin: 'csbm', options: { seed: 1 } })).not.toBe(csbm);
    expect(builtinGraphDigest({ builtin: 'csbm', options: { homophily: 0.5 } })).not.toBe(csbm);
  });
});
