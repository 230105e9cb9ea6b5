import { describe, expect, it } from 'vitest';
import { loadBuiltin } from './index.ts';

describe('blobs', () => {
  it('has the requested shape with balanced labels', () => {
    const data = loadBuiltin({ builtin: 'blobs', options: { classes: 4, features: 5, trainSize: 100, testSize: 40 } });
    expect(data.inputShape).toEqual([5]);
    expect(data.numClasses).toBe(4);
    expect(data.train.x.length).toBe(100 * 5);
    expect(data.test.x.length).toBe(40 * 5);
    const counts = [0, 0, 0, 0];
    for (const label of data.train.y!) counts[label]!++;
    expect(counts).toEqual([25, 25, 25, 25]);
    expect(data.train.x.every(Number.isFinite)).toBe(true);
  });

  it('is a deterministic function of the seed', () => {
    const a = loadBuiltin({ builtin: 'blobs', options: { seed: 7 } });
    const b = loadBuiltin({ builtin: 'blobs', options: { seed: 7 } });
    const c = loadBuiltin({ builtin: 'blobs', options: { seed: 8 } });
    expect(b).toEqual(a);
    expect(c.train.x).not.toEqual(a.train.x);
  });

  it('draws the test split from another stream than the training split', () => {
    const data = loadBuiltin({ builtin: 'blobs', options: { trainSize: 50, testSize: 50 } });
    expect(data.test.x).not.toEqual(data.train.x);
  });

  it('skips generated training samples with offset', () => {
    const whole = loadBuiltin({ builtin: 'blobs', options: { trainSize: 30, features: 2 } });
    const rest = loadBuiltin({ builtin: 'blobs', options: { offset: 10, trainSize: 20, features: 2 } });
    expect(rest.train.x).toEqual(whole.train.x.subarray(20));
    expect(rest.train.y).toEqual(whole.train.y!.subarray(10));
    expect(rest.test).toEqual(whole.test);
  });

  it('puts samples of a class next to each other when the spread is tiny', () => {
    // With tiny spread, every sample sits on its class centre, so same-label rows are nearly equal.
    const data = loadBuiltin({ builtin: 'blobs', options: { spread: 0.001, trainSize: 6, classes: 3, features: 3 } });
    const rowOf = (label: number) => data.train.y!.indexOf(label);
    const firstOfClass0 = rowOf(0);
    const secondOfClass0 = data.train.y!.indexOf(0, firstOfClass0 + 1);
    for (let f = 0; f < 3; f++) {
      expect(data.train.x[firstOfClass0 * 3 + f]).toBeCloseTo(data.train.x[secondOfClass0 * 3 + f]!, 1);
    }
  });
});
