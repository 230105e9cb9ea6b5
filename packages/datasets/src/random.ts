import { createHash } from 'node:crypto';

export { mulberry32, shuffleInPlace } from '@distillery/kd/random';

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * A 32-bit seed derived from any parts (e.g. a user seed and a stream name), so that
 * independent streams of one user seed do not overlap, and seeds beyond 32 bits or
 * negative ones still map to well-mixed states.
 */
export function deriveSeed(...parts: Array<string | number>): number {
  return createHash('sha256').update(JSON.stringify(parts)).digest().readUInt32LE(0);
}

/** Standard normal samples N(0, 1) via Box-Muller; the second value of each pair is kept for the next call. */
export function normalSampler(random: Random): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
