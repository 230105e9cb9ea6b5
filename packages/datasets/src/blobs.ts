import { deriveSeed, mulberry32, normalSampler, shuffleInPlace } from './random.ts';
import type { BlobsOptions } from './options.ts';
import type { LoadedDataset, Split } from './types.ts';

/** Std of the class centres around the origin, per feature. */
const CENTRE_SPREAD = 2.5;

/**
 * Gaussian blobs: one centre per class drawn from N(0, 2.5²), samples drawn around it with std
 * `spread`. Centres, training and test samples come from three separate streams of the seed, so
 * train and test differ yet share centres.
 */
export function loadBlobs(options: BlobsOptions): LoadedDataset {
  const { classes, features, seed, labelled } = options;
  const normal = normalSampler(mulberry32(deriveSeed('blobs', seed, 'centres')));
  const centres = Float32Array.from({ length: classes * features }, () => normal() * CENTRE_SPREAD);

  const train = generate(options, centres, deriveSeed('blobs', seed, 'train'), options.offset, options.trainSize);
  const test = generate(options, centres, deriveSeed('blobs', seed, 'test'), 0, options.testSize);
  return { inputShape: [features], numClasses: classes, labelled, train, test };
}

/**
 * Generates `skip + count` samples and keeps the last `count`. Labels come in blocks of `classes`,
 * each block a shuffled round of every class: classes stay balanced, and the first n samples of a
 * stream never depend on how many are asked for, so `offset` selects fresh samples of the same stream.
 */
function generate(options: BlobsOptions, centres: Float32Array, streamSeed: number, skip: number, count: number): Split {
  const { classes, features, spread, labelled } = options;
  const random = mulberry32(streamSeed);
  const normal = normalSampler(random);
  const x = new Float32Array(count * features);
  const y = new Int32Array(count);
  const round = Int32Array.from({ length: classes }, (_, c) => c);

  for (let index = 0; index < skip + count; index++) {
    if (index % classes === 0) shuffleInPlace(round, random);
    const label = round[index % classes]!;
    const row = index - skip;
    for (let f = 0; f < features; f++) {
      const value = centres[label * features + f]! + spread * normal();
      if (row >= 0) x[row * features + f] = value;
    }
    if (row >= 0) y[row] = label;
  }
  return { x, y: labelled ? y : null, count };
}
