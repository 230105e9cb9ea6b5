import { randomBytes } from 'node:crypto';

/**
 * Ids sort by creation time as plain strings (a fixed-width base-36 timestamp,
 * then randomness), so listings can page newest-first with a lexicographic
 * cursor. BullMQ refuses custom job ids with ':' or that are integers, and
 * these contain neither.
 */
export function newId(kind: 'ds' | 'm' | 'j' | 'w' | 'sw'): string {
  return `${kind}_${Date.now().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}
