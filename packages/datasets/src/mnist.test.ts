import { describe, expect, it } from 'vitest';
import { loadBuiltin } from './index.ts';

const PIXELS = 28 * 28;

describe('mnist', () => {
  it('reads the real MNIST labels and pixels', () => {
    const data = loadBuiltin({ builtin: 'mnist', options: { trainSize: 12, testSize: 12 } });
    expect(data.inputShape).toEqual([28, 28, 1]);
    expect(data.numClasses).toBe(10);
    expect(data.train.count).toBe(12);
    expect(data.train.x.length).toBe(12 * PIXELS);
    expect(Array.from(data.train.y!)).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4, 3, 5]);
    expect(Array.from(data.test.y!)).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9, 0, 6]);
    // Row 5 of the first training image (the famous "5"), columns 12..23, as stored bytes.
    const row5 = Array.from(data.train.x.subarray(5 * 28 + 12, 5 * 28 + 24), (value) => Math.round(value * 255));
    expect(row5).toEqual([3, 18, 18, 18, 126, 136, 175, 26, 166, 255, 247, 127]);
    expect(data.train.x[0]).toBe(0);
    expect(Math.max(...data.train.x)).toBe(1);
  });

  it('takes training images from the offset', () => {
    const whole = loadBuiltin({ builtin: 'mnist', options: { trainSize: 3, testSize: 1 } });
    const shifted = loadBuiltin({ builtin: 'mnist', options: { offset: 1, trainSize: 2, testSize: 1 } });
    expect(shifted.train.y![0]).toBe(whole.train.y![1]);
    expect(Array.from(shifted.train.y!)).toEqual([0, 4]);
    expect(shifted.train.x).toEqual(whole.train.x.subarray(PIXELS));
  });

  it('reads the last training sample and the whole test file', () => {
    const data = loadBuiltin({ builtin: 'mnist', options: { offset: 59990, labelled: true } });
    expect(data.train.count).toBe(10);
    expect(Array.from(data.train.y!)).toEqual([9, 2, 9, 5, 1, 8, 3, 5, 6, 8]);
    expect(data.test.count).toBe(10000);
    expect(Array.from(data.test.y!.subarray(-3))).toEqual([4, 5, 6]);
  });

  it('loads 10k training images well under a second', () => {
    const started = performance.now();
    const data = loadBuiltin({ builtin: 'mnist', options: { trainSize: 10000, testSize: 1000 } });
    expect(data.train.x.length).toBe(10000 * PIXELS);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('drops the labels of both splits when unlabelled', () => {
    const data = loadBuiltin({ builtin: 'mnist', options: { trainSize: 5, testSize: 5, labelled: false } });
    expect(data.labelled).toBe(false);
    expect(data.train.y).toBeNull();
    expect(data.test.y).toBeNull();
    expect(data.train.x.length).toBe(5 * PIXELS);
  });
});
