import { describe, expect, it } from 'vitest';
import { gnmaxRdp, logPrAnswered, logqGnmax, PateAccountant, thresholdRdp } from './pate.ts';
import { mulberry32 } from '../random.ts';
import { answerWithNoisyVotes } from './noisy-votes.ts';
import { epsilonOf, PATE_ORDERS } from './rdp.ts';

// Expected values worked out from Papernot et al. 2018 (Theorem 6, Prop. 7 and 8) with the reference
// implementation's conventions (research/pate_2018/core.py): 250 teachers, 10 classes, δ = 1e-5.
const relative = (actual: number, expected: number, tolerance = 1e-6) => expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);
const ORDERS = [2, 4, 8, 16, 32, 64];
const counts = (...head: number[]) => [...head, ...new Array(10 - head.length).fill(0)];

describe('data-independent GNMax', () => {
  it('costs Q/σ² + 2·sqrt(Q·ln(1/δ))/σ at the best order', () => {
    const Q = 1000;
    const sigma = 40;
    const rdp = (orders: readonly number[]) => orders.map((order) => (Q * order) / (sigma * sigma));
    const closedForm = Q / sigma ** 2 + (2 * Math.sqrt(Q * Math.log(1e5))) / sigma;
    expect(closedForm).toBeCloseTo(5.989915, 6);
    const fine = Array.from({ length: 20_000 }, (_, i) => 1.001 + i / 1000);
    relative(epsilonOf(fine, rdp(fine), 1e-5, 'classic').epsilon, closedForm, 1e-7);
    expect(epsilonOf(PATE_ORDERS, rdp(PATE_ORDERS), 1e-5, 'classic')).toMatchObject({ order: 5.5 });
    relative(epsilonOf(PATE_ORDERS, rdp(PATE_ORDERS), 1e-5, 'classic').epsilon, 5.995928);
    relative(epsilonOf(PATE_ORDERS, rdp(PATE_ORDERS), 1e-5).epsilon, 5.377728);
  });
});

describe('data-dependent GNMax', () => {
  it('bounds the chance that the noise changes a confident answer, and charges it far less', () => {
    const logq = logqGnmax(counts(240, 5, 5), 40);
    relative(logq, -9.115466409, 1e-9);
    const expected = [3.583291e-5, 3.89379e-5, 4.750952e-5, 8.167781e-5, 4.014047e-4, 1.482716e-2];
    gnmaxRdp(logq, 40, ORDERS).forEach((value, i) => relative(value, expected[i]!));
    const hundred = gnmaxRdp(logq, 40).map((r) => 100 * r);
    relative(epsilonOf(PATE_ORDERS, hundred, 1e-5, 'classic').epsilon, 0.391929);
    relative(epsilonOf(PATE_ORDERS, hundred, 1e-5).epsilon, 0.261944);
  });

  it('falls back to α/σ² where the teachers disagree (q capped at 1 − 1/classes fails the theorem)', () => {
    const logq = logqGnmax(counts(100, 90, 60), 40);
    relative(logq, Math.log(0.9), 1e-12);
    expect(gnmaxRdp(logq, 40, ORDERS)).toEqual(ORDERS.map((order) => order / 1600));
  });

  it('is never above the data-independent bound, and refuses what is no probability or noise', () => {
    for (const votes of [counts(250), counts(200, 30, 20), counts(150, 100), counts(26, 25, 25, 25, 25, 25, 25, 25, 25, 24)]) {
      gnmaxRdp(logqGnmax(votes, 40), 40).forEach((value, i) => expect(value).toBeLessThanOrEqual(PATE_ORDERS[i]! / 1600));
    }
    expect(() => gnmaxRdp(0.1, 40)).toThrow(RangeError);
    expect(() => gnmaxRdp(-1, 0)).toThrow(/σ/);
  });
});

describe("Confident-GNMax's threshold check", () => {
  it('answers with the probability its noise gives, at α/(2σ₁²) or less', () => {
    relative(logPrAnswered(counts(240, 5, 5), 300, 200), -0.9621028182, 1e-9);
    expect(thresholdRdp(logPrAnswered(counts(240, 5, 5), 300, 200), 200, ORDERS)).toEqual(ORDERS.map((order) => order / 80000));
    relative(logPrAnswered(counts(100), 300, 50), -10.360101, 1e-6);
    const expected = [6.037266e-6, 6.335473e-6, 7.056272e-6, 9.197123e-6, 1.926924e-5, 1.593485e-4];
    thresholdRdp(logPrAnswered(counts(100), 300, 50), 50, ORDERS).forEach((value, i) => relative(value, expected[i]!));
  });
});

describe('the PATE accountant', () => {
  it('adds both bounds query by query', () => {
    const accountant = new PateAccountant({ kind: 'confident-gnmax', threshold: 300, sigma1: 200, sigma2: 40 }, { epsilon: 100, delta: 1e-5 }, PATE_ORDERS, 'classic');
    for (let q = 0; q < 100; q++) accountant.record(counts(240, 5, 5), true);
    const spent = accountant.spent();
    relative(spent.dataDependent.epsilon, 0.437881);
    relative(spent.dataIndependent.epsilon, 1.777184);
    expect([accountant.queries, accountant.answered]).toEqual([100, 100]);
  });

  it('stops answering where the next answer would pass the budget', () => {
    const accountant = new PateAccountant({ kind: 'gnmax', sigma: 40 }, { epsilon: 2, delta: 1e-5 });
    while (accountant.canAnswer()) accountant.record(counts(240, 5, 5), true);
    const answered = accountant.answered;
    expect(answered).toBeGreaterThan(50);
    expect(accountant.spent().dataIndependent.epsilon).toBeLessThanOrEqual(2);
    const curve = (n: number) => PATE_ORDERS.map((order) => (n * order) / 1600);
    expect(epsilonOf(PATE_ORDERS, curve(answered + 1), 1e-5).epsilon).toBeGreaterThan(2);
    expect(accountant.spent().dataDependent.epsilon).toBeLessThan(accountant.spent().dataIndependent.epsilon / 2);
  });

  it('charges an unanswered Confident-GNMax query only its threshold check', () => {
    const accountant = new PateAccountant({ kind: 'confident-gnmax', threshold: 300, sigma1: 200, sigma2: 40 }, { epsilon: 8, delta: 1e-5 });
    accountant.record(counts(100, 90, 60), false);
    const alone = epsilonOf(PATE_ORDERS, PATE_ORDERS.map((order) => order / 80000), 1e-5);
    expect(accountant.spent().dataIndependent).toEqual(alone);
    expect(() => new PateAccountant({ kind: 'gnmax', sigma: 0 }, { epsilon: 8, delta: 1e-5 })).toThrow(/σ/);
  });
});

describe('noisy votes', () => {
  // 50 teachers on 400 queries of 10 classes: most agree on class k % 10, some vote at random.
  const teachers = 50;
  const queries = 400;
  const random = (() => {
    let s = 7;
    return () => ((s = (s * 16807) % 2147483647) / 2147483647);
  })();
  const truth = Int32Array.from({ length: queries }, (_, k) => k % 10);
  const votes = Array.from({ length: teachers }, () => Int32Array.from(truth, (label) => (random() < 0.8 ? label : Math.floor(random() * 10))));

  it('answers with the plurality nearly always where the teachers agree, and repeats itself from its seed', () => {
    const run = answerWithNoisyVotes({ votes, numClasses: 10, aggregator: { kind: 'gnmax', sigma: 5 }, budget: { epsilon: 1000, delta: 1e-5 }, random: mulberry32(3) });
    expect(run).toMatchObject({ asked: queries, answered: queries, exhausted: false });
    expect([...run.plurality]).toEqual([...truth]);
    expect(run.answers.filter((a, k) => a === truth[k]).length).toBeGreaterThan(0.98 * queries);
    expect(answerWithNoisyVotes({ votes, numClasses: 10, aggregator: { kind: 'gnmax', sigma: 5 }, budget: { epsilon: 1000, delta: 1e-5 }, random: mulberry32(3) }).answers).toEqual(run.answers);
  });

  it('stops at the budget, and Confident-GNMax declines the queries below its threshold', () => {
    const budgeted = answerWithNoisyVotes({ votes, numClasses: 10, aggregator: { kind: 'gnmax', sigma: 20 }, budget: { epsilon: 2, delta: 1e-5 }, random: mulberry32(1) });
    expect(budgeted.exhausted).toBe(true);
    expect(budgeted.answers.slice(budgeted.asked).every((a) => a === -1)).toBe(true);
    expect(budgeted.spent.dataIndependent.epsilon).toBeLessThanOrEqual(2);
    // A threshold above what any query's top count reaches declines everything, at the threshold check's cost only.
    const declined = answerWithNoisyVotes({ votes, numClasses: 10, aggregator: { kind: 'confident-gnmax', threshold: 1000, sigma1: 100, sigma2: 20 }, budget: { epsilon: 8, delta: 1e-5 }, random: mulberry32(1) });
    expect(declined).toMatchObject({ asked: queries, answered: 0 });
    expect(() => answerWithNoisyVotes({ votes: [Int32Array.of(0, 10)], numClasses: 10, aggregator: { kind: 'gnmax', sigma: 20 }, budget: { epsilon: 8, delta: 1e-5 }, random: mulberry32(1) })).toThrow(/voted 10/);
  });
});
