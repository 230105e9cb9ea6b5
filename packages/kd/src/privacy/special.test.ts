import { describe, expect, it } from 'vitest';
import { log1mExp, logAddExp, logErfc, logGamma, logSumExp } from './special.ts';

// Reference values from CPython's math.erfc and math.lgamma (and, past erfc's underflow, its asymptotic series).
describe('special functions', () => {
  it.each([
    [-3, 0.6931361352504468],
    [-0.7, 0.5174841229791057],
    [-0.2, 0.20106364578290642],
    [0, 0],
    [0.1, -0.11930497373739554],
    [0.49, -0.7167603114368805],
    [0.5, -0.7350111298370844],
    [0.7, -1.1325865135143411],
    [1, -1.8496055099332482],
    [2, -5.364941264616638],
    [3, -10.720363041981113],
    [5, -27.200889545537436],
    [10, -102.87988902484489],
    [25, -628.7920391740716],
    [30, -903.9741171106439],
  ])('log erfc(%d) has relative accuracy, in the tail too', (x, expected) => {
    expect(Math.abs(logErfc(x) - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));
  });

  it.each([
    [0.3, 1.0957979948180752],
    [1, 0],
    [1.5, -0.12078223763524543],
    [2.5, 0.2846828704729196],
    [10, 12.801827480081467],
    [100.5, 361.4355404677776],
    [256.1, 1162.2664429900867],
  ])('log Γ(%d)', (x, expected) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
  });

  it('adds in log space without overflow, and takes log(1 − e^x) on both sides of −log 2', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logSumExp([-1000, -1000, -1000])).toBeCloseTo(-1000 + Math.log(3), 12);
    expect(log1mExp(-1e-20)).toBeCloseTo(Math.log(1e-20), 12);
    expect(log1mExp(-50)).toBeCloseTo(-Math.exp(-50), 30);
    expect(log1mExp(0)).toBe(-Infinity);
    expect(() => log1mExp(0.1)).toThrow(RangeError);
  });
});
