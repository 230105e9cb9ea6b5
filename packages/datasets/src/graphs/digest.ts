import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CSBM_DEFAULTS } from '@distillery/kd';
import type { CsbmOptions } from '@distillery/contracts';
import { DATASET_FORMAT_VERSION, canonicalJson } from '../options.ts';
import { CORA_FILE } from './cora.ts';

let cora: string | undefined;

/**
 * sha256 of a built-in graph's content, as an uploaded graph's dataset
 * digest is of its files: what trained graph teachers are cached by. Cora's
 * is its shipped file's; a generated graph's, its options with the defaults
 * filled in (the generator is seeded, so they fix every value).
 */
export function builtinGraphDigest(source: { builtin: 'cora' } | { builtin: 'csbm'; options?: CsbmOptions }): string {
  if (source.builtin === 'cora') return (cora ??= createHash('sha256').update(readFileSync(CORA_FILE)).digest('hex'));
  const identity = { builtin: 'csbm', version: DATASET_FORMAT_VERSION, options: { ...CSBM_DEFAULTS, ...source.options } };
  return createHash('sha256').update(canonicalJson(identity)).digest('hex');
}
