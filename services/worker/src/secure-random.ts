import { randomBytes } from 'node:crypto';
import { normalSampler } from '@distillery/kd';

/**
 * Noise for privacy mechanisms, from the operating system's secure source:
 * nobody who knows the code, the request or the seeds can replay it. (A
 * seeded generator would let anyone subtract the noise back out.)
 */

/** Uniform numbers in [0, 1), 53 random bits each. */
export function secureUniform(): () => number {
  let pool = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 8 > pool.length) {
      pool = randomBytes(8 * 4096);
      at = 0;
    }
    const value = Number(pool.readBigUInt64LE(at) >> 11n) / 2 ** 53;
    at += 8;
    return value;
  };
}

/** `count` standard normal samples at a time (Box–Muller over secureUniform). */
export function secureGaussian(): (count: number) => Float32Array {
  const normal = normalSampler(secureUniform());
  return (count) => Float32Array.from({ length: count }, normal);
}
