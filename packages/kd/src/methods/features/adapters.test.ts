import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../backend/select-backend.ts';
import { buildAdapter, type FeatureAdapter } from './adapters.ts';
import { LayerPairError } from '../../teachers/layers.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** Builds an adapter, runs `body`, disposes it, and checks nothing was left behind. */
function withAdapter(studentShape: number[], teacherShape: number[], body: (adapter: FeatureAdapter) => void, options = {}): void {
  const before = tf.memory().numTensors;
  const adapter = buildAdapter(studentShape, teacherShape, 1, options);
  try {
    tf.tidy(() => body(adapter));
  } finally {
    adapter.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
}

describe('buildAdapter', () => {
  it('maps vectors with a dense layer: [32] -> [128]', () => {
    withAdapter([32], [128], (adapter) => {
      expect(adapter.outputShape).toEqual([128]);
      expect(adapter.variables.map((v) => v.shape)).toEqual([[32, 128], [128]]);
      expect(adapter.apply(tf.ones([5, 32])).shape).toEqual([5, 128]);
      const teacher = tf.ones([5, 128]);
      expect(adapter.target(teacher)).toBe(teacher);
    });
  });

  it('maps channels of same-size maps with a 1x1 convolution: [7,7,16] -> [7,7,64]', () => {
    withAdapter([7, 7, 16], [7, 7, 64], (adapter) => {
      expect(adapter.outputShape).toEqual([7, 7, 64]);
      expect(adapter.variables.map((v) => v.shape)).toEqual([[16, 64], [64]]);
      expect(adapter.apply(tf.ones([3, 7, 7, 16])).shape).toEqual([3, 7, 7, 64]);
      expect(adapter.target(tf.ones([3, 7, 7, 64])).shape).toEqual([3, 7, 7, 64]);
    });
  });

  it('computes x W + b at every position (1x1 case, worked by hand)', () => {
    withAdapter([1, 2, 2], [1, 2, 3], (adapter) => {
      const [kernel, bias] = adapter.variables;
      kernel!.assign(tf.tensor2d([[1, 0, 1], [0, 1, 1]]));
      bias!.assign(tf.tensor1d([0, 0, 1]));
      // Positions [1, 2] and [3, -1]: [1, 2, 1+2+1] and [3, -1, 3-1+1].
      const out = adapter.apply(tf.tensor4d([1, 2, 3, -1], [1, 1, 2, 2]));
      expect(out.arraySync()).toEqual([[[[1, 2, 4], [3, -1, 3]]]]);
    });
  });

  it('offers a 3x3 convolution with the same output shape', () => {
    withAdapter([7, 7, 16], [7, 7, 64], (adapter) => {
      expect(adapter.variables.map((v) => v.shape)).toEqual([[3, 3, 16, 64], [64]]);
      expect(adapter.apply(tf.ones([2, 7, 7, 16])).shape).toEqual([2, 7, 7, 64]);
    }, { kernelSize: 3 });
  });

  it('pools a larger student map down to the teacher size: [14,14,8] -> [7,7,32]', () => {
    withAdapter([14, 14, 8], [7, 7, 32], (adapter) => {
      expect(adapter.outputShape).toEqual([7, 7, 32]);
      expect(adapter.apply(tf.ones([2, 14, 14, 8])).shape).toEqual([2, 7, 7, 32]);
      const teacher = tf.ones([2, 7, 7, 32]);
      expect(adapter.target(teacher)).toBe(teacher);
    });
  });

  it("pools a larger teacher map down to the student's size: [7,7,16] vs [14,14,32] meet at [7,7,32]", () => {
    withAdapter([7, 7, 16], [14, 14, 32], (adapter) => {
      expect(adapter.outputShape).toEqual([7, 7, 32]);
      expect(adapter.apply(tf.ones([2, 7, 7, 16])).shape).toEqual([2, 7, 7, 32]);
      // Teacher value = row index: each pooled row is the mean of rows 2i and 2i+1.
      const teacher = tf.tile(tf.range(0, 14).reshape([1, 14, 1, 1]), [2, 1, 14, 32]);
      const target = adapter.target(teacher);
      expect(target.shape).toEqual([2, 7, 7, 32]);
      expect(Array.from(target.slice([0, 0, 0, 0], [1, 7, 1, 1]).dataSync())).toEqual([0.5, 2.5, 4.5, 6.5, 8.5, 10.5, 12.5]);
    });
  });

  it('refuses to pair a vector with a feature map, saying what to pair', () => {
    expect(() => buildAdapter([32], [7, 7, 64], 1)).toThrow(LayerPairError);
    expect(() => buildAdapter([7, 7, 8], [128], 1)).toThrow(/pair vectors .* with vectors and feature maps .* with feature maps/);
  });

  it('is seeded: the same seed gives the same kernel, another seed another', () => {
    const kernel = (seed: number) => {
      const adapter = buildAdapter([4], [6], seed);
      const values = Array.from(adapter.variables[0]!.dataSync());
      adapter.dispose();
      return values;
    };
    expect(kernel(3)).toEqual(kernel(3));
    expect(kernel(4)).not.toEqual(kernel(3));
  });
});
