import * as tf from '@tensorflow/tfjs';
import { scaledToGlobalNorm, type GradientHook } from '../training/gradients.ts';
import { DP_SGD_ORDERS, dpSgdRdp, epsilonOf, type PrivacySpent } from './rdp.ts';

export interface DpSgdOptions {
  clipNorm: number;
  noiseMultiplier: number;
  /**
   * `count` standard normal samples. Private only if nobody can predict them:
   * a service draws them from a secure source (a seeded generator is for tests).
   */
  gaussian: (count: number) => Float32Array;
}

/**
 * DP-SGD as a gradient hook: every example of the batch gets its own
 * gradient (a backward pass each), clipped to a global L2 norm of
 * `clipNorm`; the clipped gradients are summed, given N(0, (σ·C)²) noise per
 * coordinate, and divided by the batch size. What the optimizer applies then
 * depends on any one example by at most C before the noise.
 */
export function dpSgdHook(options: DpSgdOptions): GradientHook {
  const { clipNorm, noiseMultiplier } = options;
  if (!(clipNorm > 0 && noiseMultiplier > 0)) throw new RangeError('DP-SGD needs a positive clip norm and noise multiplier');
  return (grads, context) => {
    const names = Object.keys(grads);
    let sums: tf.NamedTensorMap = Object.fromEntries(names.map((name) => [name, tf.zerosLike(grads[name]!)]));
    for (const row of context.rows) {
      // One example at a time inside its own tidy: only the running sums outlive it.
      const next = tf.tidy(() => {
        const clipped = scaledToGlobalNorm(context.gradientsOf(Int32Array.of(row)), clipNorm);
        return Object.fromEntries(names.map((name) => [name, tf.add(sums[name]!, clipped[name]!)]));
      });
      tf.dispose(Object.values(sums));
      sums = next;
    }
    const batch = context.rows.length;
    return Object.fromEntries(
      names.map((name) => {
        const sum = sums[name]!;
        const noise = tf.tensor(options.gaussian(sum.size), sum.shape, 'float32');
        return [name, tf.div(tf.add(sum, tf.mul(noise, noiseMultiplier * clipNorm)), batch)];
      }),
    );
  };
}

/**
 * ε after `steps` DP-SGD steps at sampling rate `q` (batch size over
 * examples), from the RDP accountant of the Poisson-subsampled Gaussian
 * mechanism (Mironov, Talwar & Zhang 2019) at DP_SGD_ORDERS.
 */
export function dpSgdEpsilon(q: number, noiseMultiplier: number, steps: number, delta: number): PrivacySpent {
  return epsilonOf(DP_SGD_ORDERS, dpSgdRdp(Math.min(1, q), noiseMultiplier, steps), delta);
}
