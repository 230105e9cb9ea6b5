import { describe, expect, it } from 'vitest';
import { deriveSeed, mulberry32, normalSampler, shuffleInPlace } from './index.ts';

describe('random', () => {
  it('mulberry32 is deterministic and uniform in [0, 1)', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const values = Array.from({ length: 10000 }, () => a());
    expect(Array.from({ length: 10000 }, () => b())).toEqual(values);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeCloseTo(0.5, 1);
  });

  it('normalSampler has mean 0 and std 1', () => {
    const normal = normalSampler(mulberry32(1));
    const values = Array.from({ length: 20000 }, normal);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.sqrt(variance)).toBeCloseTo(1, 1);
  });

  it('shuffleInPlace permutes', () => {
    const shuffled = shuffleInPlace(Array.from({ length: 50 }, (_, i) => i), mulberry32(5));
    expect([...shuffled].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffled).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('deriveSeed separates streams and large seeds', () => {
    expect(deriveSeed(1, 'train')).toBe(deriveSeed(1, 'train'));
    expect(deriveSeed(1, 'train')).not.toBe(deriveSeed(1, 'test'));
    expect(deriveSeed(0)).not.toBe(deriveSeed(2 ** 32));
  });
});
