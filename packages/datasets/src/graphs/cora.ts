import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodeGraph } from '@distillery/kd';

/** The file shipped with the package: see assets/cora/README.md for its source, licence and checksum. */
export const CORA_FILE = path.join(import.meta.dirname, '..', '..', 'assets', 'cora', 'cora-planetoid.json');

interface CoraFile {
  N: number;
  F: number;
  C: number;
  feat: number[][];
  y: number[];
  edges: [number, number][];
  idx_train: number[];
  idx_val: number[];
  idx_test: number[];
}

let cached: NodeGraph | undefined;

/**
 * Cora (McCallum et al. 2000) with the Planetoid split (Yang et al. 2016):
 * 2,708 papers, 1,433 binary word features, 7 classes, 5,278 citations; 140
 * training nodes (20 per class), 500 validation, 1,000 test. Features are as
 * published, 0/1 (no row normalisation). Read once per process; callers
 * must not change the arrays.
 */
export function loadCora(): NodeGraph {
  if (cached) return cached;
  const file = JSON.parse(readFileSync(CORA_FILE, 'utf8')) as CoraFile;
  const x = new Float32Array(file.N * file.F);
  file.feat.forEach((columns, node) => columns.forEach((column) => (x[node * file.F + column] = 1)));
  cached = {
    nodes: file.N,
    features: file.F,
    x,
    edges: Int32Array.from(file.edges.flat()),
    labels: Int32Array.from(file.y),
    numClasses: file.C,
    split: { train: Int32Array.from(file.idx_train), val: Int32Array.from(file.idx_val), test: Int32Array.from(file.idx_test) },
  };
  return cached;
}
