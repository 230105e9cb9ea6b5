import { DistilleryError } from '@distillery/contracts';

const SEGMENT = /^[A-Za-z0-9._-]+$/;
const MAX_KEY_LENGTH = 1024;
// Leaves room under the usual 255-byte file-name limit for the temp-file suffix put() adds.
const MAX_SEGMENT_LENGTH = 200;

/**
 * Checks that a key is a relative POSIX path of plain segments. The charset alone rules out
 * backslashes, NUL, percent-escapes and absolute paths; `.` and `..` are refused separately because
 * they are made of allowed characters but would alias or escape the store's root.
 */
export function assertValidKey(key: string, what = 'key'): void {
  if (typeof key !== 'string' || key.length === 0) throw invalidKey(key, what, 'it is empty');
  if (key.length > MAX_KEY_LENGTH) throw invalidKey(key, what, `it is longer than ${MAX_KEY_LENGTH} characters`);
  for (const segment of key.split('/')) {
    if (segment === '') throw invalidKey(key, what, 'it has an empty segment (a leading, trailing or doubled /)');
    if (segment === '.' || segment === '..') throw invalidKey(key, what, `it has a '${segment}' segment`);
    if (segment.length > MAX_SEGMENT_LENGTH) throw invalidKey(key, what, `a segment is longer than ${MAX_SEGMENT_LENGTH} characters`);
    if (!SEGMENT.test(segment)) throw invalidKey(key, what, 'segments may only hold A-Z, a-z, 0-9, ".", "_" and "-"');
  }
}

/** Whether a single directory entry could be part of a key; temp files deliberately cannot. */
export function isKeySegment(name: string): boolean {
  return SEGMENT.test(name) && name !== '.' && name !== '..';
}

function invalidKey(key: unknown, what: string, reason: string): DistilleryError {
  return new DistilleryError('invalid_request', `Invalid artifact ${what} ${JSON.stringify(key)}: ${reason}.`);
}
