import { deriveSeed, mulberry32, shuffleInPlace } from '../random.ts';
import { invalidUploadRequest } from './errors.ts';
import type { FileScan } from './scan.ts';

/** Where the training file's rows go. */
export interface SplitPlan {
  train: number;
  test: number;
  /**
   * Set for a split by ratio: entry k is 1 when the k-th labelled row of the training file goes
   * to the test split. Indexed by labelled rows, not all rows, so unlabelled rows never land in test.
   */
  testPicks?: Uint8Array;
}

/**
 * A given test file is the test split as it is. Otherwise `testRatio` of the labelled training
 * rows, picked by a permutation seeded from `seed`, become the test split (at least one when the
 * ratio is above 0); unlabelled rows always stay in training, since a test row needs a label. A
 * training file without any label is a pure transfer set: it gets no test split.
 */
export function planSplit(train: FileScan, test: FileScan | undefined, testRatio: number, seed: number): SplitPlan {
  if (test) return { train: train.rows, test: test.rows };
  if (testRatio === 0 || train.labelled === 0) return { train: train.rows, test: 0 };

  const testRows = Math.max(1, Math.round(train.labelled * testRatio));
  if (testRows >= train.rows) {
    throw invalidUploadRequest(
      '/testRatio',
      `testRatio ${testRatio} of ${train.labelled} labelled rows puts ${testRows} rows in the test split and leaves none for training; lower testRatio, upload more rows, or give a test file.`,
    );
  }
  const order = shuffleInPlace(Int32Array.from({ length: train.labelled }, (_, k) => k), mulberry32(deriveSeed('upload-test-split', seed)));
  const testPicks = new Uint8Array(train.labelled);
  for (let i = 0; i < testRows; i++) testPicks[order[i]!] = 1;
  return { train: train.rows - testRows, test: testRows, testPicks };
}
