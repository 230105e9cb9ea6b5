import { randomBytes } from 'node:crypto';

export type IdKind = 'ds' | 'm' | 'j' | 'w' | 'sw' | 'key';

/**
 * Ids sort by creation time as plain strings (a fixed-width base-36 timestamp,
 * then randomness), so listings can page newest-first with a lexicographic
 * cursor. BullMQ refuses custom job ids with ':' or that are integers, and
 * these contain neither.
 */
export function newId(kind: IdKind): string {
  return `${kind}_${Date.now().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}

/** Whether `value` has the shape newId gives ids of `kind` (it may name no record). */
export function isIdOf(kind: IdKind, value: string): boolean {
  return new RegExp(`^${kind}_[0-9a-z]{9}[0-9a-f]{12}$`).test(value);
}
