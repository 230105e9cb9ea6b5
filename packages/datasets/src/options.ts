import { createHash } from 'node:crypto';
import { DistilleryError, type BuiltinName, type BuiltinOptions, type BuiltinSource } from '@distillery/contracts';

/** Bump when the bytes a builtin produces for the same options change, so old digests stop matching. */
export const DATASET_FORMAT_VERSION = 1;

export const MNIST_TRAIN_COUNT = 60000;
export const MNIST_TEST_COUNT = 10000;
export const IRIS_COUNT = 150;
export const IRIS_DEFAULT_TEST_SIZE = 30;
// Blobs are generated in memory: cap them so a request cannot exhaust the worker.
export const BLOBS_MAX_SAMPLES = 1_000_000;
export const BLOBS_MAX_VALUES = 1 << 25; // float32 values per split: 128 MiB

export interface SplitOptions {
  offset: number;
  trainSize: number;
  testSize: number;
  labelled: boolean;
}
export interface BlobsOptions extends SplitOptions {
  classes: number;
  features: number;
  spread: number;
  seed: number;
}

/** Every option filled in: the identity of the data. */
export type ResolvedSource =
  | { builtin: 'mnist'; options: SplitOptions }
  | { builtin: 'iris'; options: SplitOptions }
  | { builtin: 'blobs'; options: BlobsOptions };

const SPLIT_OPTION_NAMES = ['offset', 'trainSize', 'testSize', 'labelled'] as const;
const ALLOWED_OPTIONS: Record<BuiltinName, readonly (keyof BuiltinOptions)[]> = {
  mnist: SPLIT_OPTION_NAMES,
  iris: SPLIT_OPTION_NAMES,
  blobs: [...SPLIT_OPTION_NAMES, 'classes', 'features', 'spread', 'seed'],
};

function fieldOf(name: string): string {
  return `/source/options/${name}`;
}

function invalid(name: string, message: string): DistilleryError {
  return new DistilleryError('invalid_dataset_options', message, fieldOf(name));
}

/**
 * Reads an integer option. The API validates against the JSON schema already; this repeats
 * the range checks because workers and scripts call the loaders directly.
 */
function integerOption(options: BuiltinOptions, name: keyof BuiltinOptions, fallback: number, min: number, max: number): number {
  const value = options[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(name, `${name} must be an integer.`);
  if (value < min || value > max) throw invalid(name, `${name} must be between ${min} and ${max}; got ${value}.`);
  return value;
}

function labelledOption(options: BuiltinOptions): boolean {
  const value = options.labelled ?? true;
  if (typeof value !== 'boolean') throw invalid('labelled', 'labelled must be true or false.');
  return value;
}

/**
 * Training and test sizes drawn from a pool of `trainPool` training and `testPool` test samples,
 * with errors that name the limit the user ran into.
 */
function resolveSplits(options: BuiltinOptions, builtin: string, trainPool: number, testPool: number, defaultTestSize: number): SplitOptions {
  const testSize = integerOption(options, 'testSize', defaultTestSize, 1, testPool);
  const offset = integerOption(options, 'offset', 0, 0, trainPool - 1);
  const trainSize = integerOption(options, 'trainSize', trainPool - offset, 1, Number.MAX_SAFE_INTEGER);
  if (offset + trainSize > trainPool) {
    throw invalid(
      'trainSize',
      `${builtin} has ${trainPool} training samples: offset + trainSize must be at most ${trainPool}; got ${offset} + ${trainSize}. Lower trainSize to at most ${trainPool - offset}.`,
    );
  }
  return { offset, trainSize, testSize, labelled: labelledOption(options) };
}

function resolveBlobs(options: BuiltinOptions): BlobsOptions {
  const classes = integerOption(options, 'classes', 3, 2, 100);
  const features = integerOption(options, 'features', 8, 1, 4096);
  const seed = integerOption(options, 'seed', 0, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const spread = options.spread ?? 1.0;
  if (typeof spread !== 'number' || !(spread > 0 && spread <= 100)) throw invalid('spread', 'spread must be a number above 0 and at most 100.');
  const testSize = integerOption(options, 'testSize', 200, 1, BLOBS_MAX_SAMPLES);
  const offset = integerOption(options, 'offset', 0, 0, BLOBS_MAX_SAMPLES - 1);
  const trainSize = integerOption(options, 'trainSize', 1000, 1, BLOBS_MAX_SAMPLES);
  if (offset + trainSize > BLOBS_MAX_SAMPLES) {
    throw invalid('trainSize', `blobs generates at most ${BLOBS_MAX_SAMPLES} training samples: offset + trainSize must be at most ${BLOBS_MAX_SAMPLES}.`);
  }
  // Skipped training samples are generated too (that keeps offset a true slice), so they count.
  if ((offset + trainSize) * features > BLOBS_MAX_VALUES) {
    throw invalid('trainSize', `(offset + trainSize) × features must be at most ${BLOBS_MAX_VALUES}; lower offset + trainSize to at most ${Math.floor(BLOBS_MAX_VALUES / features)} or use fewer features.`);
  }
  if (testSize * features > BLOBS_MAX_VALUES) {
    throw invalid('testSize', `testSize × features must be at most ${BLOBS_MAX_VALUES}; lower testSize to at most ${Math.floor(BLOBS_MAX_VALUES / features)} or use fewer features.`);
  }
  return { offset, trainSize, testSize, labelled: labelledOption(options), classes, features, spread, seed };
}

/** Validates a source and fills in every default. Throws DistilleryError with the offending field. */
export function resolveSource(source: BuiltinSource): ResolvedSource {
  const options: BuiltinOptions = source.options ?? {};
  const builtin = source.builtin;
  const allowed = ALLOWED_OPTIONS[builtin];
  if (!allowed) {
    throw new DistilleryError('unknown_dataset', `Unknown builtin dataset '${String(builtin)}'; use one of ${Object.keys(ALLOWED_OPTIONS).join(', ')}.`, '/source/builtin');
  }
  for (const name of Object.keys(options)) {
    if (!(allowed as readonly string[]).includes(name)) {
      throw invalid(name, `Option '${name}' does not apply to ${builtin}; its options are ${allowed.join(', ')}.`);
    }
  }
  switch (builtin) {
    case 'mnist':
      return { builtin, options: resolveSplits(options, builtin, MNIST_TRAIN_COUNT, MNIST_TEST_COUNT, MNIST_TEST_COUNT) };
    case 'iris': {
      // The test split is taken first, so at least one sample must remain for training.
      const testSize = integerOption(options, 'testSize', IRIS_DEFAULT_TEST_SIZE, 1, IRIS_COUNT - 1);
      return { builtin, options: resolveSplits(options, builtin, IRIS_COUNT - testSize, testSize, IRIS_DEFAULT_TEST_SIZE) };
    }
    case 'blobs':
      return { builtin, options: resolveBlobs(options) };
  }
}

/** JSON with object keys sorted at every level, so equal values always serialise to equal bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of the resolved source: equal data, equal digest; any option that changes the data changes it. */
export function digestOf(resolved: ResolvedSource): string {
  const identity = { format: DATASET_FORMAT_VERSION, builtin: resolved.builtin, options: resolved.options };
  return createHash('sha256').update(canonicalJson(identity)).digest('hex');
}
