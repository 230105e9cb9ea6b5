import { readdirSync, type Dirent } from 'node:fs';
import { cacheEntryId } from '@distillery/registry';
import path from 'node:path';
import { ErrorCodes } from '@distillery/contracts';
import type { Redis } from 'ioredis';

/** What a response must be, whatever was sent: never a 5xx, and every error a documented problem document. */
export interface ResponseFacts {
  method: string;
  statusCode: number;
  contentType: string | undefined;
  body: string;
}

const PROBLEM_KEYS = new Set(['type', 'title', 'status', 'code', 'detail', 'field']);

/**
 * The violations of the response property, empty when it holds: status below
 * 500; a 4xx is `application/problem+json` with exactly `{type, title, status,
 * code, detail, field?}`, `status` equal to the HTTP status, and `code` one of
 * the ErrorCodes whose documented status is that status.
 */
export function responseViolations(response: ResponseFacts, options: { problemShape: boolean }): string[] {
  const { statusCode } = response;
  const violations: string[] = [];
  if (statusCode >= 500) violations.push(`answered ${statusCode}`);
  if (statusCode < 400 || !options.problemShape) return violations;
  if (!/^application\/problem\+json(;|$)/.test(response.contentType ?? '')) violations.push(`content-type ${response.contentType} is not application/problem+json`);
  if (response.method === 'HEAD') return violations; // no body to check
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    return [...violations, 'the error body is not JSON'];
  }
  if (problem === null || typeof problem !== 'object' || Array.isArray(problem)) return [...violations, 'the error body is not an object'];
  const extra = Object.keys(problem).filter((key) => !PROBLEM_KEYS.has(key));
  if (extra.length > 0) violations.push(`the problem has undocumented keys ${extra.join(', ')}`);
  for (const key of ['type', 'title', 'code', 'detail'] as const) {
    if (typeof problem[key] !== 'string') violations.push(`problem.${key} is ${JSON.stringify(problem[key])}, not a string`);
  }
  if (problem.status !== statusCode) violations.push(`problem.status ${JSON.stringify(problem.status)} differs from the HTTP status ${statusCode}`);
  if ('field' in problem && (typeof problem.field !== 'string' || !problem.field.startsWith('/'))) {
    violations.push(`problem.field ${JSON.stringify(problem.field)} is not a JSON pointer`);
  }
  const code = problem.code as string;
  if (typeof code === 'string') {
    if (!Object.hasOwn(ErrorCodes, code)) violations.push(`problem.code ${code} is not one of the ErrorCodes`);
    else if (ErrorCodes[code as keyof typeof ErrorCodes] !== statusCode) {
      violations.push(`problem.code ${code} is documented as ${ErrorCodes[code as keyof typeof ErrorCodes]}, answered with ${statusCode}`);
    }
    if (typeof problem.type === 'string' && !problem.type.endsWith(`/${code}`)) violations.push(`problem.type ${problem.type} does not name the code ${code}`);
  }
  return violations;
}

/**
 * Every file under a folder, temp files included: what a half-finished write
 * would leave. Read synchronously: it runs between cases, with nothing else to
 * do, and is three times faster than the promise-per-folder walk.
 */
export async function filesUnder(root: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Redis keys that change without any request writing a record: per-request
 * counters (rate windows) and what workers write. Everything else the service
 * owns (records, indices, usage totals, BullMQ queues) must change only
 * through a request that answered 2xx.
 */
const VOLATILE_KEYS = [/^distillery:rate:/, /^distillery:metrics:/, /^distillery:workers?(:|$)/, /^distillery:api-key/, /^bull:[^:]+:events$/, /^bull:[^:]+:meta$/];
/** Sets that reads prune as they go (ids of jobs that have finished since): they may shrink on any request, never grow. */
const PRUNED_ON_READ = [/^distillery:used-by:/, /^distillery:tenant:[^:]+:unfinished-jobs$/];

/**
 * Every key with its type and size, as one string, in one round trip: the
 * script walks the keyspace on the server, so a fingerprint costs about the
 * same with ten keys as with ten thousand.
 */
const FINGERPRINT = String.raw`
local out = {}
local cursor = '0'
repeat
  local reply = redis.call('SCAN', cursor, 'COUNT', 1000)
  cursor = reply[1]
  for _, key in ipairs(reply[2]) do
    local kind = redis.call('TYPE', key)['ok']
    local size = 0
    if kind == 'string' then size = redis.call('STRLEN', key)
    elseif kind == 'hash' then size = redis.call('HLEN', key)
    elseif kind == 'zset' then size = redis.call('ZCARD', key)
    elseif kind == 'set' then size = redis.call('SCARD', key)
    elseif kind == 'list' then size = redis.call('LLEN', key)
    elseif kind == 'stream' then size = redis.call('XLEN', key) end
    out[#out + 1] = key .. '\t' .. kind .. ':' .. size
  end
until cursor == '0'
table.sort(out)
return table.concat(out, '\n')
`;

export interface Fingerprint {
  /** `key\ttype:size` lines, sorted, volatile keys left out. */
  keys: string;
  files: string[];
}

/** The service's stored state: every Redis key with its type and size, and every file of the store. */
export async function stateFingerprint(redis: Redis, artifactDir: string): Promise<Fingerprint> {
  const listing = (await redis.eval(FINGERPRINT, 0)) as string;
  const keys = listing
    .split('\n')
    .filter((line) => line !== '' && !VOLATILE_KEYS.some((pattern) => pattern.test(line.slice(0, line.indexOf('\t')))))
    .join('\n');
  return { keys, files: await filesUnder(artifactDir) };
}

const parse = (keys: string) => new Map(keys.split('\n').filter(Boolean).map((line) => line.split('\t') as [string, string]));
const sizeOf = (value: string) => Number(value.slice(value.indexOf(':') + 1));

/** What changed between two fingerprints, for a failure message; empty when nothing did (pruning aside). */
export function stateDifference(before: Fingerprint, after: Fingerprint): string[] {
  const changes: string[] = [];
  if (before.keys !== after.keys) {
    const old = parse(before.keys);
    const now = parse(after.keys);
    for (const [key, value] of now) {
      const was = old.get(key);
      const pruned = PRUNED_ON_READ.some((pattern) => pattern.test(key)) && was !== undefined && sizeOf(value) < sizeOf(was);
      if (was === undefined) changes.push(`redis key ${key} appeared (${value})`);
      else if (was !== value && !pruned) changes.push(`redis key ${key} changed ${was} -> ${value}`);
    }
    for (const key of old.keys()) if (!now.has(key) && !PRUNED_ON_READ.some((pattern) => pattern.test(key))) changes.push(`redis key ${key} disappeared`);
  }
  if (before.files.join('\n') !== after.files.join('\n')) {
    const oldFiles = new Set(before.files);
    const newFiles = new Set(after.files);
    for (const file of after.files) if (!oldFiles.has(file)) changes.push(`file ${file} appeared`);
    for (const file of before.files) if (!newFiles.has(file)) changes.push(`file ${file} disappeared`);
  }
  return changes;
}

/** The store as the API sees it: enough of ArtifactStore for the orphan check. */
interface KeyLister {
  list(prefix: string): Promise<string[]>;
}

const KEY_SEGMENT = /^[A-Za-z0-9._-]+$/;
const RECORD_KEY = { models: 'model', datasets: 'dataset' } as const;

/**
 * Half-objects, whatever made them: a file nobody's record names (or a temp
 * file left by a write that died), an upload scratch folder left behind, an
 * index entry without its record, a record whose files are gone.
 */
export async function storeOrphans(redis: Redis, store: KeyLister, artifactDir: string): Promise<string[]> {
  const orphans: string[] = [];
  for (const file of await filesUnder(artifactDir)) {
    if (!file.split(path.sep).every((segment) => KEY_SEGMENT.test(segment))) orphans.push(`stray file ${file} (not a store key: a temp file?)`);
  }
  for (const key of await store.list('')) {
    const [top, id] = key.split('/');
    const kind = RECORD_KEY[top as keyof typeof RECORD_KEY];
    if (top === 'logits' || top === 'features') {
      // The teacher-output cache: its files are records of the cache index.
      if (!(await redis.exists(`distillery:cache:entry:${cacheEntryId(key)}`))) orphans.push(`cache file ${key} has no cache entry`);
    } else if (!kind) orphans.push(`file ${key} outside models/, datasets/ and the cache`);
    else if (!(await redis.exists(`distillery:${kind}:${id}`))) orphans.push(`file ${key} has no ${kind} record`);
  }
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', 'distillery:*', 'COUNT', 1000);
    cursor = next;
    for (const name of batch) {
      const index = /:(datasets|models|jobs)$/.exec(name);
      if (index && (await redis.type(name)) === 'zset') {
        const kind = { datasets: 'dataset', models: 'model', jobs: 'job' }[index[1] as 'datasets'];
        for (const id of await redis.zrange(name, '0', '-1')) if (!(await redis.exists(`distillery:${kind}:${id}`))) orphans.push(`index ${name} lists ${id}, which has no record`);
      }
      const record = /^distillery:(model|dataset):([^:]+)$/.exec(name);
      if (record) {
        const document = JSON.parse((await redis.get(name)) ?? '{}') as { files?: string[] };
        const prefix = `${record[1]}s/${record[2]}`;
        const stored = new Set(await store.list(prefix));
        for (const file of document.files ?? []) {
          const key = record[1] === 'model' ? `${prefix}/${file}` : file;
          if (!stored.has(key)) orphans.push(`${record[1]} ${record[2]} names ${file}, which is not stored`);
        }
      }
    }
  } while (cursor !== '0');
  return orphans;
}
