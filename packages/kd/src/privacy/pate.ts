import { epsilonOf, PATE_ORDERS, type PrivacySpent, type RdpConversion } from './rdp.ts';
import { log1mExp, logAddExp, logNormalTail, logSumExp } from './special.ts';

/**
 * The privacy of PATE's noisy votes (Papernot et al., "Scalable Private
 * Learning with PATE", ICLR 2018). Each teacher votes one class; changing one
 * private example changes one teacher's vote, so one count goes down by one
 * and another up by one (L2 sensitivity √2). GNMax answers the argmax of the
 * counts plus N(0, σ²) noise: data-independently (α, α/σ²)-RDP per answer.
 * Where the teachers agree, the answer is nearly certain and costs far less:
 * the data-dependent bound of Theorem 6, from q, an upper bound on the chance
 * that the noise changes the answer. Confident-GNMax first checks, with
 * N(0, σ₁²) noise, that the largest count reaches a threshold (sensitivity 1:
 * α/(2σ₁²) per query), and answers only then.
 */

/** log of an upper bound on Pr[GNMax does not answer the plurality]: the union bound over the other classes (Prop. 7), capped at 1 − 1/classes. */
export function logqGnmax(counts: ArrayLike<number>, sigma: number): number {
  let top = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c]! > counts[top]!) top = c;
  const tails: number[] = [];
  for (let c = 0; c < counts.length; c++) if (c !== top) tails.push(logNormalTail(counts[top]! - counts[c]!, Math.SQRT2 * sigma));
  return Math.min(logSumExp(tails), Math.log(1 - 1 / counts.length));
}

/**
 * RDP of one GNMax answer at each order, given logq (logqGnmax): Theorem 6
 * where its conditions hold and the order is below μ₁, else α/σ². Never
 * above the data-independent bound.
 */
export function gnmaxRdp(logq: number, sigma: number, orders: readonly number[] = PATE_ORDERS): number[] {
  if (logq > 0) throw new RangeError(`logq must be ≤ 0, got ${logq}`);
  if (!(sigma > 0)) throw new RangeError(`σ must be positive, got ${sigma}`);
  const variance = sigma * sigma;
  const independent = orders.map((order) => order / variance);
  if (logq === -Infinity) return orders.map(() => 0);
  const mu2 = sigma * Math.sqrt(-logq);
  const mu1 = mu2 + 1;
  const eps1 = mu1 / variance;
  const eps2 = mu2 / variance;
  const valid = mu2 > 1 && logq <= (mu2 - 1) * eps2 - mu2 * (Math.log1p(1 / (mu1 - 1)) + Math.log1p(1 / (mu2 - 1))) && -logq > eps2;
  if (!valid) return independent;
  const log1mQ = log1mExp(logq);
  const logA = log1mQ - log1mExp((logq + eps2) * (1 - 1 / mu2));
  const logB = eps1 - logq / (mu1 - 1);
  return orders.map((order, i) => {
    if (order >= mu1) return independent[i]!;
    const dependent = logAddExp(log1mQ + (order - 1) * logA, logq + (order - 1) * logB) / (order - 1);
    return Math.min(independent[i]!, dependent);
  });
}

/** log Pr[the largest count plus N(0, σ₁²) reaches the threshold]. */
export function logPrAnswered(counts: ArrayLike<number>, threshold: number, sigma1: number): number {
  let top = -Infinity;
  for (let c = 0; c < counts.length; c++) top = Math.max(top, counts[c]!);
  return logNormalTail(threshold - Math.round(top), sigma1);
}

/** RDP of Confident-GNMax's threshold check: Theorem 6 on the less likely of answering and not (noise √2·σ₁ in GNMax's terms). */
export function thresholdRdp(logPr: number, sigma1: number, orders: readonly number[] = PATE_ORDERS): number[] {
  return gnmaxRdp(Math.min(logPr, log1mExp(logPr)), Math.SQRT2 * sigma1, orders);
}

export type PateAggregator = { kind: 'gnmax'; sigma: number } | { kind: 'confident-gnmax'; threshold: number; sigma1: number; sigma2: number };

export interface PateBudget {
  epsilon: number;
  delta: number;
}

export interface PateSpent {
  /** Safe to release: a function of the number of queries and answers only. */
  dataIndependent: PrivacySpent;
  /**
   * Usually far smaller, but a function of the private votes: releasing it
   * as is leaks about them (PATE releases it only through smooth-sensitivity
   * noise, which this does not add).
   */
  dataDependent: PrivacySpent;
}

/**
 * Keeps the running RDP of a PATE run, query by query, at PATE_ORDERS. The
 * budget applies to the data-independent ε, which depends only on how many
 * queries were asked and answered (both released), so stopping at it leaks
 * nothing; a data-dependent stop would.
 */
export class PateAccountant {
  private readonly independent: number[];
  private readonly dependent: number[];
  queries = 0;
  answered = 0;

  constructor(
    readonly aggregator: PateAggregator,
    readonly budget: PateBudget,
    readonly orders: readonly number[] = PATE_ORDERS,
    readonly conversion: RdpConversion = 'improved',
  ) {
    const sigmas = aggregator.kind === 'gnmax' ? [aggregator.sigma] : [aggregator.sigma1, aggregator.sigma2];
    if (!sigmas.every((s) => s > 0)) throw new RangeError('every σ must be positive');
    this.independent = orders.map(() => 0);
    this.dependent = orders.map(() => 0);
  }

  /** The data-independent RDP a query adds: the threshold check always, the answer when there is one. */
  private independentCost(order: number, answered: boolean): number {
    const a = this.aggregator;
    if (a.kind === 'gnmax') return order / (a.sigma * a.sigma);
    return order / (2 * a.sigma1 * a.sigma1) + (answered ? order / (a.sigma2 * a.sigma2) : 0);
  }

  /** Whether one more query, answered, keeps the data-independent ε within the budget. */
  canAnswer(): boolean {
    const next = this.orders.map((order, i) => this.independent[i]! + this.independentCost(order, true));
    return epsilonOf(this.orders, next, this.budget.delta, this.conversion).epsilon <= this.budget.epsilon;
  }

  /** Accounts one query with its vote counts; `answered` is whether Confident-GNMax's check passed (always, for GNMax). */
  record(counts: ArrayLike<number>, answered: boolean): void {
    const a = this.aggregator;
    const answerSigma = a.kind === 'gnmax' ? a.sigma : a.sigma2;
    const gnmax = answered ? gnmaxRdp(logqGnmax(counts, answerSigma), answerSigma, this.orders) : undefined;
    const threshold = a.kind === 'confident-gnmax' ? thresholdRdp(logPrAnswered(counts, a.threshold, a.sigma1), a.sigma1, this.orders) : undefined;
    this.orders.forEach((order, i) => {
      this.independent[i]! += this.independentCost(order, answered);
      this.dependent[i]! += (gnmax?.[i] ?? 0) + (threshold?.[i] ?? 0);
    });
    this.queries++;
    if (answered) this.answered++;
  }

  spent(): PateSpent {
    const { delta } = this.budget;
    return { dataIndependent: epsilonOf(this.orders, this.independent, delta, this.conversion), dataDependent: epsilonOf(this.orders, this.dependent, delta, this.conversion) };
  }
}
