import { expect, it } from 'vitest';
import type { components } from '../../schema.ts';
import { describeTrial, renderSweep } from './sweeps.ts';

type Sweep = components['schemas']['Sweep'];

const params = { temperature: 4, alpha: 0.9, learningRate: 0.002, width: 1 };
const spread = (mean: number, std: number) => ({ mean, std, min: mean - std, max: mean + std });

/** A finished comparison of one method against the baseline over two seeds, as GET /v1/sweeps/{id} returns it. */
const trial = (index: number, method: string, seed: number, validationAccuracy: number, testAccuracy: number, rank: number) => ({
  index,
  params,
  comparison: { method, seed },
  status: 'succeeded' as const,
  rank,
  validationAccuracy,
  testAccuracy,
  ...(rank === 1 ? { model: 'm_best' } : {}),
});
const table = [trial(1, 'dkd', 1, 0.96, 0.895, 1), trial(3, 'dkd', 2, 0.95, 0.89, 2), trial(0, 'baseline', 1, 0.94, 0.82, 3), trial(2, 'baseline', 2, 0.93, 0.83, 4)];
const comparison = {
  id: 'sw_1',
  tenant: 'default',
  status: 'succeeded',
  request: { base: { type: 'distill', dataset: 'ds_1', teachers: [{ model: 'm_t' }], student: { architecture: { kind: 'mlp', hidden: [32] } } }, methods: [{ kind: 'dkd' }], seeds: [1, 2] },
  stages: [{ name: 'teacher:0', status: 'succeeded', cached: true }],
  trials: [...table].sort((a, b) => a.index - b.index),
  result: {
    model: 'm_best',
    objective: 'validationAccuracy',
    validation: { dataset: 'ds_1', split: 'train', fraction: 0.1, rows: 100, seed: 0 },
    best: table[0],
    table,
    methods: [
      { method: 'dkd', kind: 'dkd', rank: 1, trials: 2, validationAccuracy: spread(0.955, 0.0071), testAccuracy: spread(0.8925, 0.0035), gainOverBaseline: { validation: 0.02, test: 0.0675 }, seedsWon: [1, 2] },
      { method: 'baseline', kind: 'baseline', rank: 2, trials: 2, validationAccuracy: spread(0.935, 0.0071), testAccuracy: spread(0.825, 0.0071), seedsWon: [] },
    ],
    teachers: [{ model: 'm_t', testAccuracy: 0.94, cached: true, used: true }],
    wallSeconds: 12.5,
    backend: 'wasm',
  },
  createdAt: '2026-01-01T00:00:00.000Z',
} as unknown as Sweep;

it('shows a comparison by method and seed, with a table of the methods over their seeds', () => {
  const lines = renderSweep(comparison).split('\n');
  const at = (header: string) => lines.findIndex((line) => line.startsWith(header));
  const trials = at('rank  trial  method');
  expect(lines.slice(trials, trials + 3)).toEqual([
    'rank  trial  method    seed  validation    test  status     model / error',
    '   1      1  dkd          1      96.00%  89.50%  succeeded  m_best',
    '   2      3  dkd          2      95.00%  89.00%  succeeded',
  ]);
  const methods = at('rank  method');
  expect(lines.slice(methods, methods + 3)).toEqual([
    'rank  method    seeds  validation %        test %  gain (test)  seeds won',
    '   1  dkd           2  95.50 ± 0.71  89.25 ± 0.35        +6.75  1, 2',
    '   2  baseline      2  93.50 ± 0.71  82.50 ± 0.71',
  ]);
  expect(lines).toContain('best model m_best (trial 1: dkd, seed 1) · validation 96.00%, test 89.50%');
  expect(describeTrial(comparison, table[2]!)).toBe('trial 0 succeeded (baseline, seed 1) · validation 94.00% · test 82.00%');
});

it('shows a grid by the values it sweeps, and no method table', () => {
  const grid = { ...comparison, request: { base: comparison.request.base, grid: { temperature: [2, 4] } }, result: { ...comparison.result!, methods: undefined } } as unknown as Sweep;
  const plain = { ...table[0]!, comparison: undefined };
  expect(describeTrial(grid, plain)).toBe('trial 1 succeeded (temperature 4) · validation 96.00% · test 89.50%');
  const output = renderSweep(grid);
  expect(output).toMatch(/^rank  trial  temperature  validation/m);
  expect(output).not.toMatch(/seeds won/);
});
