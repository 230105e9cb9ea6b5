import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { noLeak, valueOf } from '../../test-helpers.ts';
import { selectBackend } from '../../backend/select-backend.ts';
import { LayerPairError } from '../../teachers/layers.ts';
import { featureLoss } from './loss.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('featureLoss', () => {
  const s = () => tf.tensor2d([[1, 2], [3, 4]]);
  const t = () => tf.tensor2d([[1, 0], [0, 4]]);

  it('mse is the mean of squared differences: (0 + 4 + 9 + 0) / 4', () => {
    expect(noLeak(() => tf.tidy(() => valueOf(featureLoss(s(), t(), 'mse'))))).toBeCloseTo(3.25, 6);
  });

  it('cosine is the mean of 1 - cos per sample: cos = 1/sqrt(5) and 16/(5*4)', () => {
    const expected = (1 - 1 / Math.sqrt(5) + (1 - 0.8)) / 2; // 0.376393
    expect(noLeak(() => tf.tidy(() => valueOf(featureLoss(s(), t(), 'cosine'))))).toBeCloseTo(expected, 6);
  });

  it('cosine flattens feature maps per sample and is 0 for parallel features of any scale', () => {
    tf.tidy(() => {
      const a = tf.tensor4d([1, 2, 3, 4, -1, 0, 2, 5], [2, 2, 2, 1]);
      expect(valueOf(featureLoss(a, tf.mul(a, 3), 'cosine'))).toBeCloseTo(0, 6);
    });
  });

  it('gives cosine 0 (loss 1) and a finite gradient for an all-zero student feature', () => {
    noLeak(() =>
      tf.tidy(() => {
        const teacher = tf.tensor2d([[1, 2]]);
        const { value, grads } = tf.valueAndGrads((x: tf.Tensor) => featureLoss(x, teacher, 'cosine'))([tf.zeros([1, 2])]);
        expect(value.dataSync()[0]).toBeCloseTo(1, 6);
        expect(Array.from(grads[0]!.dataSync()).every(Number.isFinite)).toBe(true);
      }),
    );
  });

  it('rejects features of different shapes', () => {
    tf.tidy(() => {
      expect(() => featureLoss(tf.zeros([2, 3]), tf.zeros([2, 4]), 'mse')).toThrow(LayerPairError);
      expect(() => featureLoss(tf.zeros([2, 3]), tf.zeros([2, 4]), 'mse')).toThrow(/\[2,3\].*\[2,4\].*adapter/);
    });
  });
});
