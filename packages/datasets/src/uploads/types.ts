import type { UploadFormat } from '@distillery/contracts';

/** Tables of samples; the graph formats are read by graphs/upload. */
export type TableFormat = Exclude<UploadFormat, 'graph-npy' | 'graph-json'>;

/** Store key of an uploaded CSV or JSON Lines file, as the API streamed it in. */
export interface TextFiles {
  data: string;
}

/** Store keys of uploaded NPY files: features, and optionally integer labels (-1 = unlabelled). */
export interface NpyFiles {
  x: string;
  y?: string;
}

/** `TextFiles` for csv and jsonl, `NpyFiles` for npy. */
export type RawFiles = TextFiles | NpyFiles;

export interface IngestRequest {
  format: TableFormat;
  /** Folder-like key the canonical files go under, e.g. 'datasets/ds_x'. */
  prefix: string;
  train: RawFiles;
  /** A given test split; without it the test split is drawn from train by `testRatio`. */
  test?: RawFiles;
  /** CSV column or JSON field holding the label. Default 'label'. */
  labelColumn?: string;
  /** Share of the labelled training rows moved to the test split when no test file is given. Default 0.2; 0 = no test split. */
  testRatio?: number;
  /** Seed of the permutation that picks the test rows. Default 0. */
  seed?: number;
  /** Bound on rows × values per row, over train and test together. Default 2^28. */
  maxValues?: number;
}

export interface IngestedDataset {
  inputShape: number[];
  /** Largest class index + 1, or the number of class names; 0 when no row has a label. */
  numClasses: number;
  /** Present when labels were class names: index i is the name of class i (sorted). */
  classNames?: string[];
  splits: { train: number; test: number };
  labelledCount: { train: number; test: number };
  /** Rows of the training split per class, indexed by class. */
  classCounts: number[];
  /** sha256 over the canonical files, in the order of `files`. */
  digest: string;
  /** Canonical keys, in a fixed order: train-x, train-y, test-x, test-y, class-names (those that exist). */
  files: string[];
  /** Bytes of the canonical files together. */
  bytes: number;
}
