import { describe, expect, it } from 'vitest';
import { loadBuiltin } from './index.ts';

function columnStats(x: Float32Array, features: number, column: number): { mean: number; std: number } {
  const values = Array.from({ length: x.length / features }, (_, row) => x[row * features + column]!);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, std };
}

describe('iris', () => {
  it('has 120 training and 30 test samples of 4 standardised features', () => {
    const data = loadBuiltin({ builtin: 'iris' });
    expect(data.inputShape).toEqual([4]);
    expect(data.numClasses).toBe(3);
    expect(data.train.count).toBe(120);
    expect(data.test.count).toBe(30);
    expect(data.train.x.length).toBe(120 * 4);
    expect(data.test.y!.length).toBe(30);
    expect(new Set(data.train.y)).toEqual(new Set([0, 1, 2]));
    for (let column = 0; column < 4; column++) {
      const { mean, std } = columnStats(data.train.x, 4, column);
      expect(mean).toBeCloseTo(0, 5);
      expect(std).toBeCloseTo(1, 5);
    }
  });

  it('is shuffled, and the same every time', () => {
    const first = loadBuiltin({ builtin: 'iris' });
    const second = loadBuiltin({ builtin: 'iris' });
    expect(second).toEqual(first);
    // The raw file is sorted by class; shuffled data is not.
    expect(Array.from(first.train.y!.subarray(0, 10))).not.toEqual(Array(10).fill(0));
  });

  it('scales a subset taken with an offset like the full training part', () => {
    const full = loadBuiltin({ builtin: 'iris' });
    const subset = loadBuiltin({ builtin: 'iris', options: { offset: 10, trainSize: 20 } });
    expect(subset.train.count).toBe(20);
    expect(subset.train.x).toEqual(full.train.x.subarray(40, 120));
    expect(subset.train.y).toEqual(full.train.y!.subarray(10, 30));
    expect(subset.test).toEqual(full.test);
  });
});
