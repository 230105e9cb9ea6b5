import { createHash } from 'node:crypto';

export { mulberry32, normalSampler, shuffleInPlace } from '@distillery/kd/random';

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

