import type { ArtifactStore } from '@distillery/storage';
import type { Where } from './errors.ts';
import type { RawFiles } from './types.ts';
import type { RawLabel } from './values.ts';

export type SplitRole = 'train' | 'test';

/** What a file holds, known before its first row. */
export interface FileLayout {
  /** Shape of one row's features. */
  inputShape: number[];
  /** Feature names in stored order, for formats that name features (CSV, flat JSON Lines). */
  featureNames?: string[];
  /** Whether the file can carry labels at all (a label column, a y.npy). */
  hasLabels: boolean;
  /** Row count, for formats that state it up front (NPY): lets limits be checked before reading data. */
  rows?: number;
}

/**
 * Receives a file's rows. Readers call `begin` once, then for each row `label` (when the file can
 * carry labels) before `features`; rows are 0-based here, 1-based in messages.
 */
export interface RowSink {
  begin(layout: FileLayout, where: Where): void;
  label(row: number, label: RawLabel, where: Where): void;
  /** `values` are finite float32-safe numbers, in a buffer the reader reuses for the next row. */
  features(row: number, values: Float64Array): void;
}

export interface ReadOptions {
  labelColumn: string;
  /** Whether the request named the label column: then a CSV header without it is an error rather than "unlabelled". */
  labelColumnGiven: boolean;
  /** The training file's layout while reading the test file: the test file's features must match it. */
  trainLayout?: FileLayout;
}

/** Streams one split's uploaded file(s) from the store through a sink, validating as it goes. */
export type UploadReader = (store: ArtifactStore, files: RawFiles, role: SplitRole, options: ReadOptions, sink: RowSink) => Promise<void>;

export function formatShape(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}

/** Longest text line (or CSV record) read into memory; a longer one is refused rather than buffered. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;
