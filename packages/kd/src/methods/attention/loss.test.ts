import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { noLeak, valueOf } from '../../test-helpers.ts';
import { selectBackend } from '../../backend/select-backend.ts';
import { attentionEnergy } from '../layer-terms/extractions.ts';
import { attentionMap, attentionTransferFromEnergies, attentionTransferLoss } from './loss.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('attentionMap', () => {
  // One sample, 2x2 positions, 2 channels: A[i, j] = [c0, c1].
  const a = () => tf.tensor4d([1, 3, 2, 0, 0, 0, -1, 1], [1, 2, 2, 2]);

  it('is vec(mean_c A_c^2) / its norm: [5, 2, 0, 1] / sqrt(30) for p = 2', () => {
    const q = noLeak(() => tf.tidy(() => attentionMap(a()).arraySync()));
    const expected = [5, 2, 0, 1].map((v) => v / Math.sqrt(30));
    expect(q).toHaveLength(1);
    q[0]!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('uses |A| for other p: mean_c |A_c| = [2, 1, 0, 1], over sqrt(6), for p = 1', () => {
    const q = tf.tidy(() => attentionMap(a(), 1).arraySync());
    const expected = [2, 1, 0, 1].map((v) => v / Math.sqrt(6));
    q[0]!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('maps an all-zero feature map to zeros, not NaN', () => {
    expect(tf.tidy(() => Array.from(attentionMap(tf.zeros([1, 2, 2, 3])).dataSync()))).toEqual([0, 0, 0, 0]);
  });
});

describe('attentionTransferLoss', () => {
  // Teacher 4x4 (one channel): energies A^2 average to [1, 0, 0, 4] over 2x2 blocks.
  const teacher = () =>
    tf.tensor4d([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2], [1, 4, 4, 1]);
  // Student 2x2, two channels: energies mean_c A^2 = [1, 0, 0, 1].
  const student = () => tf.tensor4d([1, 1, 0, 0, 0, 0, 1, -1], [1, 2, 2, 2]);
  // Q_s = [1,0,0,1]/sqrt(2), Q_t = [1,0,0,4]/sqrt(17): ||Q_s - Q_t||^2 = 2 - 2*5/sqrt(34).
  const squaredDistance = 2 - 10 / Math.sqrt(34); // 0.285008

  it('pools the larger (teacher) map to 2x2 and averages (Q_s - Q_t)^2 over the 4 positions (authors\' code)', () => {
    const value = noLeak(() => tf.tidy(() => valueOf(attentionTransferLoss(student(), teacher(), { beta: 1 }))));
    expect(value).toBeCloseTo(squaredDistance / 4, 6);
  });

  it('uses beta = 1000 by default for the mean-squared variant', () => {
    expect(tf.tidy(() => valueOf(attentionTransferLoss(student(), teacher())))).toBeCloseTo((1000 * squaredDistance) / 4, 2);
  });

  it("'l2' is the paper's beta/2 * ||Q_s - Q_t||_2, with beta = 1000 / (h*w) by default", () => {
    const distance = Math.sqrt(squaredDistance); // 0.533861
    expect(tf.tidy(() => valueOf(attentionTransferLoss(student(), teacher(), { variant: 'l2', beta: 2 })))).toBeCloseTo(distance, 6);
    expect(tf.tidy(() => valueOf(attentionTransferLoss(student(), teacher(), { variant: 'l2' })))).toBeCloseTo((1000 / 4 / 2) * distance, 3);
  });

  it('pools whichever side is larger: swapping student and teacher gives the same value', () => {
    expect(tf.tidy(() => valueOf(attentionTransferLoss(teacher(), student(), { beta: 1 })))).toBeCloseTo(squaredDistance / 4, 6);
  });

  it('averages over the batch, and equals the energy form used with precomputed teacher maps', () => {
    tf.tidy(() => {
      const s = tf.concat([student(), tf.mul(student(), 2)]) as tf.Tensor4D;
      const t = tf.concat([teacher(), tf.reverse(teacher(), 1)]) as tf.Tensor4D;
      const both = valueOf(attentionTransferLoss(s, t, { beta: 1 }));
      const one = valueOf(attentionTransferLoss(s.slice(0, 1), t.slice(0, 1), { beta: 1 }));
      const other = valueOf(attentionTransferLoss(s.slice(1, 1), t.slice(1, 1), { beta: 1 }));
      expect(both).toBeCloseTo((one + other) / 2, 6);
      const viaEnergies = valueOf(attentionTransferFromEnergies(attentionEnergy(s), attentionEnergy(t), { beta: 1 }));
      expect(viaEnergies).toBeCloseTo(both, 7);
    });
  });

  it('is 0 for maps that differ only in scale and channel count, with a finite gradient', () => {
    noLeak(() =>
      tf.tidy(() => {
        const t = tf.concat([teacher(), tf.mul(teacher(), -1)], 3); // two channels, same energies
        const { value, grads } = tf.valueAndGrads((x: tf.Tensor) => attentionTransferLoss(x as tf.Tensor4D, t as tf.Tensor4D))([tf.mul(teacher(), 5)]);
        expect(value.dataSync()[0]).toBeCloseTo(0, 6);
        expect(Array.from(grads[0]!.dataSync()).every(Number.isFinite)).toBe(true);
      }),
    );
  });
});
