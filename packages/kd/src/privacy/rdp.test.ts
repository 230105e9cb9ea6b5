import { describe, expect, it } from 'vitest';
import { DP_SGD_ORDERS, dpSgdRdp, epsilonOf, PATE_ORDERS, subsampledGaussianRdp } from './rdp.ts';

// Expected values: TensorFlow Privacy's accountant tests (rdp_accountant_test, compute_dp_sgd_privacy_test)
// and its tutorials' tables, reproduced from Mironov, Talwar & Zhang's formulas.
const relative = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);

// TF Privacy's compute_dp_sgd_privacy grid, for its published values.
const LIB_ORDERS = [1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, ...Array.from({ length: 59 }, (_, i) => 5 + i), 128, 256, 512];

describe('RDP of the subsampled Gaussian mechanism', () => {
  it('is 0 without sampling, α/(2σ²) when every example is in the batch', () => {
    expect(subsampledGaussianRdp(0, 10, 20)).toBe(0);
    expect(subsampledGaussianRdp(1, 10, 20)).toBeCloseTo(0.1, 15);
  });

  it('matches the accountant tests at integer and fractional orders', () => {
    relative(10 * subsampledGaussianRdp(0.1, 2, 5), 0.0773696849, 1e-8);
    const expected = [6.50070897e-4, 1.08541806e-3, 2.18075656e-3, 2.38460375e-2, 1.67416308e2];
    [1.5, 2.5, 5, 50, 100].forEach((order, i) => relative(50 * subsampledGaussianRdp(0.01, 2.5, order), expected[i]!, 1e-7));
    expect(subsampledGaussianRdp(0.01, 2.5, Infinity)).toBe(Infinity);
  });

  it("gives DP-SGD's published ε: MNIST, 60,000 examples, batches of 256, δ = 1e-5", () => {
    const q = 256 / 60000;
    const at = (sigma: number, epochs: number) => dpSgdRdp(q, sigma, Math.ceil((epochs * 60000) / 256));
    // The tutorials' table (classic conversion): σ 1.1 for 60 epochs → 3.01; σ 0.7 for 45 → 7.10.
    const sixty = at(1.1, 60);
    expect(epsilonOf(DP_SGD_ORDERS, sixty, 1e-5, 'classic')).toMatchObject({ order: 8.8 });
    relative(epsilonOf(DP_SGD_ORDERS, sixty, 1e-5, 'classic').epsilon, 3.008381, 1e-6);
    relative(epsilonOf(DP_SGD_ORDERS, sixty, 1e-5).epsilon, 2.596656, 1e-6);
    relative(epsilonOf(DP_SGD_ORDERS, at(0.7, 45), 1e-5, 'classic').epsilon, 7.100552, 1e-6);
    relative(epsilonOf(DP_SGD_ORDERS, at(0.7, 45), 1e-5).epsilon, 6.318384, 1e-6);
    // compute_dp_sgd_privacy_test: 60,000 examples, batches of 150, σ 1.3, 15 epochs → 0.7242234026 at order 19.
    const test0 = epsilonOf(LIB_ORDERS, dpSgdRdp(150 / 60000, 1.3, 6000, LIB_ORDERS), 1e-5);
    relative(test0.epsilon, 0.7242234026109595, 1e-9);
    expect(test0.order).toBe(19);
  });
});

describe('RDP to (ε, δ)', () => {
  const orders = Array.from({ length: 31 }, (_, i) => 2 + i);
  it('takes the best order under either conversion', () => {
    const flat = orders.map(() => 1.1);
    expect(epsilonOf(orders, flat, 1e-5)).toMatchObject({ order: 32, delta: 1e-5 });
    relative(epsilonOf(orders, flat, 1e-5).epsilon, 1.327838061755, 1e-10);
    relative(epsilonOf(orders, flat, 1e-5, 'classic').epsilon, 1.1 + Math.log(1e5) / 31, 1e-12);
  });

  it('refuses what is not a curve or not a δ', () => {
    expect(() => epsilonOf([2, 3], [1], 1e-5)).toThrow(RangeError);
    expect(() => epsilonOf([1, 3], [1, 1], 1e-5)).toThrow(/above 1/);
    expect(() => epsilonOf([2], [1], 0)).toThrow(/δ/);
  });

  it('documents its PATE grid: 2 to 100.5 by halves, then up to 500', () => {
    expect(PATE_ORDERS.length).toBe(298);
    expect([PATE_ORDERS[0], PATE_ORDERS[197], PATE_ORDERS[198]]).toEqual([2, 100.5, 100]);
    expect(PATE_ORDERS.at(-1)).toBeCloseTo(500, 9);
  });
});
