import { log1mExp, logAddExp, logBinomial, logErfc, logSumExp } from './special.ts';

/**
 * Rényi differential privacy (Mironov 2017): a mechanism is (α, ε_α)-RDP for
 * each order α > 1; RDP adds up over mechanisms at each order, and converts
 * to (ε, δ)-DP at the best order. Orders are fixed grids, documented here,
 * so that a reported ε can be recomputed.
 */

/**
 * The orders of DP-SGD accounting: 1.1 … 10.9 in steps of 0.1, 11 … 63, and
 * 128, 256, 512, 1024 (Google's dp_accounting default grid). For ε between 1
 * and 10 at δ = 1e-5 the best order lies between about 2 and 13.
 */
export const DP_SGD_ORDERS: readonly number[] = [
  ...Array.from({ length: 99 }, (_, i) => 1 + (i + 1) / 10),
  ...Array.from({ length: 53 }, (_, i) => 11 + i),
  128, 256, 512, 1024,
];

/**
 * The orders of PATE accounting (Papernot et al. 2018's scripts): 2 … 100.5
 * in steps of 0.5, then 100 orders spaced evenly in log from 100 to 500. A
 * few queries are best accounted at high orders (one GNMax answer at σ = 40
 * is best near 136), hence the long tail.
 */
export const PATE_ORDERS: readonly number[] = [
  ...Array.from({ length: 198 }, (_, i) => 2 + i / 2),
  ...Array.from({ length: 100 }, (_, i) => 10 ** (2 + (Math.log10(5) * i) / 99)),
];

/**
 * How RDP turns into (ε, δ): `classic` is Mironov's ε = ε_α + log(1/δ)/(α − 1),
 * what the PATE papers report; `improved` (Canonne, Kamath & Steinke 2020;
 * Asoodeh et al. 2020) is ε_α + log(1 − 1/α) − log(δα)/(α − 1), always at
 * least as tight, what current DP libraries report.
 */
export type RdpConversion = 'classic' | 'improved';

export interface PrivacySpent {
  epsilon: number;
  delta: number;
  /** The order that gave ε. */
  order: number;
}

/** The (ε, δ) guarantee of an RDP curve `rdp[i]` at `orders[i]`, at the best order. */
export function epsilonOf(orders: readonly number[], rdp: readonly number[], delta: number, conversion: RdpConversion = 'improved'): PrivacySpent {
  if (orders.length !== rdp.length) throw new RangeError(`${orders.length} orders but ${rdp.length} RDP values`);
  if (!(delta > 0 && delta < 1)) throw new RangeError(`δ must be in (0, 1), got ${delta}`);
  let best: PrivacySpent = { epsilon: Infinity, delta, order: NaN };
  orders.forEach((order, i) => {
    if (!(order > 1)) throw new RangeError(`RDP orders must be above 1, got ${order}`);
    const r = rdp[i]!;
    let epsilon: number;
    if (conversion === 'classic') epsilon = r + Math.log(1 / delta) / (order - 1);
    // A divergence this small already implies δ by Pinsker-type bounds: ε = 0.
    else if (r <= 0 || delta * delta + Math.expm1(-r) > 0) epsilon = 0;
    else epsilon = order > 1.01 ? r + Math.log1p(-1 / order) - Math.log(delta * order) / (order - 1) : Infinity;
    if (epsilon < best.epsilon) best = { epsilon: Math.max(0, epsilon), delta, order };
  });
  return best;
}

/** RDP of the Gaussian mechanism with L2 sensitivity Δ and noise std σ: αΔ²/(2σ²). */
export function gaussianRdp(order: number, sigma: number, sensitivity = 1): number {
  return (order * sensitivity * sensitivity) / (2 * sigma * sigma);
}

/**
 * RDP at `order` of one step of the subsampled Gaussian mechanism: each
 * example is in the batch with probability `q` (Poisson sampling), the
 * clipped sum (sensitivity 1) gets noise of std `sigma`. Mironov, Talwar &
 * Zhang 2019: log A_α / (α − 1), A_α the α-th moment of the privacy loss,
 * a finite binomial sum at integer orders and two converging series split
 * at z₀ at fractional ones (the generalised binomial coefficients keep
 * their signs: the exact value, not the looser bound with |C(α, i)|).
 */
export function subsampledGaussianRdp(q: number, sigma: number, order: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`the sampling rate must be in [0, 1], got ${q}`);
  if (!(order > 1)) throw new RangeError(`RDP orders must be above 1, got ${order}`);
  if (q === 0) return 0;
  if (sigma === 0 || order === Infinity) return Infinity;
  if (q === 1) return gaussianRdp(order, sigma);
  const logA = Number.isInteger(order) ? logMomentInteger(q, sigma, order) : logMomentFractional(q, sigma, order);
  return logA / (order - 1);
}

function logMomentInteger(q: number, sigma: number, order: number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  const terms: number[] = [];
  for (let i = 0; i <= order; i++) terms.push(logBinomial(order, i) + i * logQ + (order - i) * log1mQ + (i * i - i) / (2 * sigma * sigma));
  return logSumExp(terms);
}

/** The sign of the generalised binomial coefficient C(α, i): negative once an odd number of the factors α − k are. */
function binomialSign(order: number, i: number): number {
  let sign = 1;
  for (let k = 0; k < i; k++) if (order - k < 0) sign = -sign;
  return sign;
}

function logMomentFractional(q: number, sigma: number, order: number): number {
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  let positive = [-Infinity, -Infinity];
  let negative = [-Infinity, -Infinity];
  for (let i = 0; i < 10_000; i++) {
    const j = order - i;
    const logCoefficient = logBinomial(order, i);
    const first = logCoefficient + i * logQ + j * log1mQ + (i * i - i) / (2 * sigma * sigma) + Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const second = logCoefficient + j * logQ + i * log1mQ + (j * j - j) / (2 * sigma * sigma) + Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    if (binomialSign(order, i) > 0) positive = [logAddExp(positive[0]!, first), logAddExp(positive[1]!, second)];
    else negative = [logAddExp(negative[0]!, first), logAddExp(negative[1]!, second)];
    if (Math.max(first, second) < -30) break;
  }
  const net = (pos: number, neg: number) => (neg === -Infinity ? pos : pos + log1mExp(neg - pos));
  return logAddExp(net(positive[0]!, negative[0]!), net(positive[1]!, negative[1]!));
}

/**
 * The RDP curve of DP-SGD: `steps` steps of the subsampled Gaussian mechanism
 * at sampling rate `q` and noise multiplier `sigma` (noise std over clip norm).
 */
export function dpSgdRdp(q: number, sigma: number, steps: number, orders: readonly number[] = DP_SGD_ORDERS): number[] {
  return orders.map((order) => steps * subsampledGaussianRdp(q, sigma, order));
}
