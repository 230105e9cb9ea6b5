import { assertValidKey } from '@distillery/storage';
import { invalidUploadRequest, npyUploadFile } from './errors.ts';
import type { IngestRequest, NpyFiles, RawFiles, TextFiles, TableFormat } from './types.ts';

export const DEFAULT_LABEL_COLUMN = 'label';
export const DEFAULT_TEST_RATIO = 0.2;
/** 2^28 float32 values = 1 GiB: about what one worker can hold for training. */
export const DEFAULT_MAX_VALUES = 2 ** 28;

const FORMATS: readonly TableFormat[] = ['csv', 'jsonl', 'npy'];

/** An IngestRequest checked, with every default filled in. */
export interface IngestSettings {
  format: TableFormat;
  prefix: string;
  train: RawFiles;
  test?: RawFiles;
  labelColumn: string;
  labelColumnGiven: boolean;
  testRatio: number;
  seed: number;
  maxValues: number;
}

/**
 * The API validates the request against its schema; this repeats the checks that matter here,
 * because scripts and tests call ingestUpload directly.
 */
export function resolveRequest(request: IngestRequest): IngestSettings {
  const { format, prefix, train, test, labelColumn, testRatio, seed, maxValues } = request;
  if (!FORMATS.includes(format)) throw invalidUploadRequest('/format', `format must be one of ${FORMATS.join(', ')}; got ${JSON.stringify(format)}.`);
  assertValidKey(prefix, 'prefix');
  checkFiles(format, train, 'train');
  if (test !== undefined) checkFiles(format, test, 'test');
  if (labelColumn !== undefined && (typeof labelColumn !== 'string' || labelColumn.trim() === '')) {
    throw invalidUploadRequest('/labelColumn', 'labelColumn must name a column or field; leave it out to use "label".');
  }
  if (testRatio !== undefined) {
    if (test !== undefined) throw invalidUploadRequest('/testRatio', 'Give either a test file or testRatio, not both: testRatio splits the training file when there is no test file.');
    if (typeof testRatio !== 'number' || !(testRatio >= 0 && testRatio < 1)) throw invalidUploadRequest('/testRatio', `testRatio must be at least 0 and below 1; got ${testRatio}.`);
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw invalidUploadRequest('/seed', `seed must be an integer; got ${seed}.`);
  if (maxValues !== undefined && !(Number.isSafeInteger(maxValues) && maxValues > 0)) {
    throw invalidUploadRequest('/maxValues', `maxValues must be a positive integer; got ${maxValues}.`);
  }
  return {
    format,
    prefix,
    train,
    test,
    labelColumn: labelColumn?.trim() ?? DEFAULT_LABEL_COLUMN,
    labelColumnGiven: labelColumn !== undefined,
    testRatio: testRatio ?? DEFAULT_TEST_RATIO,
    seed: seed ?? 0,
    maxValues: maxValues ?? DEFAULT_MAX_VALUES,
  };
}

function checkFiles(format: TableFormat, files: RawFiles, role: 'train' | 'test'): void {
  if (format === 'npy') {
    const { x, y } = files as Partial<NpyFiles>;
    if (typeof x !== 'string') throw invalidUploadRequest(npyUploadFile(role, 'x').field, `An npy upload needs ${role} x.npy.`);
    if (y !== undefined && typeof y !== 'string') throw invalidUploadRequest(npyUploadFile(role, 'y').field, `y must be the store key of ${role} y.npy.`);
    return;
  }
  if (typeof (files as Partial<TextFiles>).data !== 'string') throw invalidUploadRequest(`/${role}`, `A ${format} upload needs one ${format} file for ${role}.`);
}
