import { createHash } from 'node:crypto';

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: a tiny, fast 32-bit PRNG. Not for cryptography; chosen because it is
 * deterministic across platforms and Node versions (only 32-bit integer maths).
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** Fisher-Yates shuffle, in place. */
export function shuffleInPlace<T extends { length: number; [index: number]: unknown }>(items: T, random: Random): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const held = items[i];
    items[i] = items[j];
    items[j] = held;
  }
  return items;
}
