import { describe, expect, it } from 'vitest';
import type { DistillJobRequest } from '@distillery/jobs';
import { methodLabels, planTrials, scaleArchitecture, trialRequest } from './plan.ts';

const paramsOf = (request: Parameters<typeof planTrials>[0]) => planTrials(request).map((trial) => trial.params);

const base: DistillJobRequest = {
  type: 'distill',
  dataset: 'ds_a',
  teachers: [{ model: 'm_a' }],
  student: { architecture: { kind: 'mlp', hidden: [16, 8] } },
  method: { kind: 'logits', temperature: 4, alpha: 0.9 },
  training: { epochs: 3, learningRate: 0.01, seed: 5 },
};

describe('sweep plans', () => {
  it('expand a grid into every combination, temperature slowest, others at the base values', () => {
    const trials = paramsOf({ base, grid: { temperature: [1, 2], alpha: [0.5, 0.9, 0.5] } });
    expect(trials).toEqual([
      { temperature: 1, alpha: 0.5, learningRate: 0.01, width: 1 },
      { temperature: 1, alpha: 0.9, learningRate: 0.01, width: 1 },
      { temperature: 2, alpha: 0.5, learningRate: 0.01, width: 1 },
      { temperature: 2, alpha: 0.9, learningRate: 0.01, width: 1 },
    ]);
  });

  it('draw random trials reproducibly from the seed, within the ranges', () => {
    const random = { trials: 12, seed: 3, ranges: { learningRate: { min: 1e-4, max: 1e-1, scale: 'log' as const }, width: { values: [0.5, 2] }, alpha: { min: 0.2, max: 0.8 } } };
    const first = paramsOf({ base, random });
    expect(paramsOf({ base, random })).toEqual(first);
    expect(paramsOf({ base, random: { ...random, seed: 4 } })).not.toEqual(first);
    expect(first).toHaveLength(12);
    for (const trial of first) {
      expect(trial.temperature).toBe(4);
      expect(trial.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(trial.learningRate).toBeLessThanOrEqual(1e-1);
      expect([0.5, 2]).toContain(trial.width);
      expect(trial.alpha).toBeGreaterThanOrEqual(0.2);
      expect(trial.alpha).toBeLessThanOrEqual(0.8);
    }
    // Log-uniform: about half the draws below the geometric middle (10^-2.5).
    const low = first.filter((t) => t.learningRate < 10 ** -2.5).length;
    expect(low).toBeGreaterThan(2);
    expect(low).toBeLessThan(10);
  });

  it('refuse no grid and random at once, neither, an empty grid, too many trials and an inverted range', () => {
    expect(() => planTrials({ base })).toThrow(/exactly one/);
    expect(() => planTrials({ base, grid: { alpha: [0.5] }, random: { trials: 1, ranges: { alpha: { min: 0, max: 1 } } } })).toThrow(/exactly one/);
    expect(() => planTrials({ base, grid: {} })).toThrow(/names no parameter/);
    const many = Array.from({ length: 9 }, (_, i) => i + 1);
    expect(() => planTrials({ base, grid: { temperature: many, learningRate: many.map((v) => v / 100) } })).toThrow(/81 combinations/);
    expect(() => planTrials({ base, random: { trials: 2, ranges: { alpha: { min: 0.9, max: 0.1 } } } })).toThrow(/min \(0.9\) is above max/);
  });

  it('apply a trial to the base request: method, learning rate and scaled widths', () => {
    const request = trialRequest(base, { temperature: 2, alpha: 0.5, learningRate: 0.003, width: 0.5 });
    expect(request.method).toEqual({ kind: 'logits', temperature: 2, alpha: 0.5 });
    expect(request.training).toEqual({ epochs: 3, learningRate: 0.003, seed: 5 });
    expect(request.student.architecture).toEqual({ kind: 'mlp', hidden: [8, 4] });
    expect(scaleArchitecture({ kind: 'cnn', filters: [8, 16], dense: [3] }, 0.1)).toEqual({ kind: 'cnn', filters: [1, 2], dense: [1] });
  });

  it('compare methods: the baseline and each method with each seed, on the base job otherwise', () => {
    const methods = [{ kind: 'logits' as const }, { kind: 'pseudo-label' as const, targets: 'soft' as const }, { kind: 'logits' as const, temperature: 2 }];
    const trials = planTrials({ base, methods, seeds: [1, 2] });
    expect(trials.map((t) => [t.comparison!.method, t.comparison!.seed, t.baseline ?? false])).toEqual([
      ['baseline', 1, true],
      ['baseline', 2, true],
      ['logits#1', 1, false],
      ['logits#1', 2, false],
      ['pseudo-label', 1, false],
      ['pseudo-label', 2, false],
      ['logits#2', 1, false],
      ['logits#2', 2, false],
    ]);
    expect(trials[4]!.request).toEqual({ ...base, method: methods[1], training: { ...base.training, seed: 1 } });
    expect(trials[6]!.params).toEqual({ temperature: 2, alpha: 0.9, learningRate: 0.01, width: 1 });
    expect(planTrials({ base, methods, baseline: false })).toHaveLength(3);
    expect(planTrials({ base, methods })[0]!.comparison).toEqual({ method: 'baseline', seed: 5 });
    expect(methodLabels([{ kind: 'logits' }, { kind: 'features', pairs: [{ teacher: 'a', student: 'b' }] }])).toEqual(['logits', 'features']);
  });

  it('refuse seeds without methods, a comparison over too many trials, and a value the base method does not take', () => {
    expect(() => planTrials({ base, grid: { alpha: [0.5] }, seeds: [1] })).toThrow(/"seeds" belongs to a comparison/);
    const nine = Array.from({ length: 9 }, () => ({ kind: 'logits' as const }));
    expect(() => planTrials({ base, methods: nine.slice(0, 8), seeds: [1, 2, 3, 4, 5, 6, 7, 8] })).toThrow(/72 trials/);
    const pseudo: DistillJobRequest = { ...base, method: { kind: 'pseudo-label' } };
    expect(() => planTrials({ base: pseudo, grid: { alpha: [0.5] } })).toThrow(/"pseudo-label" takes no sweep value alpha/);
    expect(planTrials({ base: pseudo, grid: { learningRate: [0.1] } })[0]!.request.method).toEqual({ kind: 'pseudo-label' });
  });

  it("shows a method's alpha only where the sweep's alpha is its to set: DKD's alpha weighs another term", () => {
    const dkd: DistillJobRequest = { ...base, method: { kind: 'dkd', alpha: 2 } };
    expect(planTrials({ base: dkd, grid: { temperature: [2] } })[0]!.params).toMatchObject({ temperature: 2, alpha: 0 });
    expect(() => planTrials({ base: dkd, grid: { alpha: [0.5] } })).toThrow(/"dkd" takes no sweep value alpha \(it takes temperature\)/);
    expect(planTrials({ base, methods: [{ kind: 'dkd', alpha: 2 }] })[1]!.params.alpha).toBe(0);
  });
});
