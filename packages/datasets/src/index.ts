export type { DatasetDescription, LoadedDataset, Split } from './types.ts';
export { describeBuiltin, loadBuiltin } from './builtins.ts';
export { DATASET_FORMAT_VERSION, canonicalJson } from './options.ts';
export { deriveSeed, mulberry32, normalSampler, shuffleInPlace, type Random } from './random.ts';
