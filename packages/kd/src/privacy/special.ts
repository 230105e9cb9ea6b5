/**
 * The special functions the privacy accountants need, in log space where
 * their values under- or overflow: JavaScript has no lgamma or erfc, and
 * the PATE bounds read erfc far into its tail, where an approximation with
 * only absolute accuracy (Abramowitz–Stegun 7.1.26) is useless.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log |Γ(x)| (Lanczos, g = 7: about 15 significant digits; the reflection formula below 1/2, where Γ may be negative). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** log |C(n, k)| for real n and integer k ≥ 0: the magnitude of the generalised binomial coefficient (its sign changes once k passes n + 1). */
export function logBinomial(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** log(e^a + e^b), exact at −∞. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(-Math.abs(a - b)));
}

export function logSumExp(values: readonly number[]): number {
  const high = Math.max(...values);
  if (high === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - high);
  return high + Math.log(sum);
}

/** log(1 − e^x) for x ≤ 0, accurate on both sides of −log 2. */
export function log1mExp(x: number): number {
  if (x > 0) throw new RangeError(`log1mExp needs x ≤ 0, got ${x}`);
  if (x === 0) return -Infinity;
  return x < -Math.LN2 ? Math.log1p(-Math.exp(x)) : Math.log(-Math.expm1(x));
}

/** erf(x) for |x| < 0.5 by its Taylor series (alternating, but its terms shrink fast there). */
function erfSmall(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 40; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/**
 * log of the continued fraction erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
 * x ≥ 0.5, by the modified Lentz method: relative accuracy all the way into the tail.
 */
function logErfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 10_000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const step = c * d;
    f *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return -x * x - 0.5 * Math.log(Math.PI) - Math.log(f);
}

/** log erfc(x), with relative accuracy for large x (erfc(30) is 2.6e-393, far below the smallest double). */
export function logErfc(x: number): number {
  if (x >= 0.5) return logErfcFraction(x);
  if (x > -0.5) return Math.log1p(-erfSmall(x));
  // erfc(x) = 2 − erfc(−x) for negative x.
  return Math.log(2 - Math.exp(logErfcFraction(-x)));
}

/** log Pr[N(0, scale²) > x]. */
export function logNormalTail(x: number, scale = 1): number {
  return Math.log(0.5) + logErfc(x / (scale * Math.SQRT2));
}
