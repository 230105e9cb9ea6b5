import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { noLeak } from '../../test-helpers.ts';
import { selectBackend } from '../../backend/select-backend.ts';
import { adaptiveAvgPool, poolingMatrix } from './pooling.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('adaptiveAvgPool', () => {
  it('averages 2x2 blocks of a 4x4 map, per channel', () => {
    const x = tf.tensor4d(Array.from({ length: 32 }, (_, i) => i), [1, 4, 4, 2]);
    const pooled = noLeak(() => tf.tidy(() => adaptiveAvgPool(x, 2, 2).arraySync()));
    // Channel 0 holds 0, 2, 4, ... : block (0,0) = mean(0, 2, 8, 10) = 5.
    expect(pooled[0]![0]![0]).toEqual([5, 6]);
    expect(pooled[0]![1]![1]).toEqual([25, 26]);
    expect(tf.tidy(() => adaptiveAvgPool(x, 2, 2).arraySync())).toEqual(tf.tidy(() => tf.avgPool(x, 2, 2, 'valid').arraySync()));
    x.dispose();
  });

  it("uses adaptive_avg_pool2d's overlapping bins when sizes do not divide: 7 -> 3", () => {
    const rows = poolingMatrix(7, 3).map((row) => row.map((v, j) => (v > 0 ? j : -1)).filter((j) => j >= 0));
    expect(rows).toEqual([[0, 1, 2], [2, 3, 4], [4, 5, 6]]);
  });

  it('refuses to pool up', () => {
    expect(() => poolingMatrix(2, 4)).toThrow(RangeError);
  });
});
