/** One split of a dataset. `x` is row-major [count, ...inputShape]; `y` holds class indices, or null when unlabelled. */
export interface Split {
  x: Float32Array;
  y: Int32Array | null;
  count: number;
}

export interface LoadedDataset {
  inputShape: number[];
  numClasses: number;
  labelled: boolean;
  train: Split;
  test: Split;
  /** Uploaded datasets labelled with class names: index i is the name of class i. */
  classNames?: string[];
}

/** What a dataset is, without its samples: cheap to compute, and enough to store a Dataset record. */
export interface DatasetDescription {
  inputShape: number[];
  numClasses: number;
  labelled: boolean;
  splits: { train: number; test: number };
  digest: string;
}
