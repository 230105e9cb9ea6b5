import { createHash } from 'node:crypto';
import type { CacheEntry } from '@distillery/contracts';
import type { Redis } from 'ioredis';
import { keys } from './keys.ts';

/** How long an eviction may hold an entry before its marker lapses (a worker that died mid-eviction). */
const EVICTING_TTL_MS = 60_000;

/** What a cache entry is, as its writer knows it. */
export interface CacheEntryDescription {
  key: string;
  /** The tenant whose jobs write and read it; absent for an entry written before entries were per tenant. */
  tenant?: string;
  model: string;
  dataset: string;
  what: string;
}

/** The entry id for an artifact key: derived, so any process finds the same entry (and its pins) from the key alone. */
export function cacheEntryId(key: string): string {
  return `ce_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/**
 * Pins an entry for a job: eviction skips entries with unfinished readers.
 * Refused (0) while the entry is being evicted, so that a reader never takes
 * a file that is about to be deleted for a hit.
 *
 * KEYS: readers set, evicting marker. ARGV: job id.
 */
const PIN = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
`;

/**
 * Records a write or a hit: creates the entry (or updates its size), moves it
 * to the most recently used end, and keeps the total in step.
 *
 * KEYS: entry hash, lru zset, total bytes.
 * ARGV: id, key, model, dataset, what, bytes, now (ms), now (ISO), '1' for a hit, '1' for a write, tenant ('' for none).
 */
const RECORD = `
local old = tonumber(redis.call('HGET', KEYS[1], 'bytes') or '-1')
local bytes = tonumber(ARGV[6])
if old < 0 then
  redis.call('HSET', KEYS[1], 'id', ARGV[1], 'key', ARGV[2], 'model', ARGV[3], 'dataset', ARGV[4], 'what', ARGV[5], 'bytes', bytes, 'createdAt', ARGV[8], 'hits', 0)
  if ARGV[11] ~= '' then redis.call('HSET', KEYS[1], 'tenant', ARGV[11]) end
  redis.call('INCRBY', KEYS[3], bytes)
else
  redis.call('HSET', KEYS[1], 'bytes', bytes)
  if ARGV[10] == '1' then redis.call('HSET', KEYS[1], 'createdAt', ARGV[8], 'hits', 0) end
  redis.call('INCRBY', KEYS[3], bytes - old)
end
if ARGV[9] == '1' then redis.call('HINCRBY', KEYS[1], 'hits', 1) end
redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[8])
redis.call('ZADD', KEYS[2], ARGV[7], ARGV[1])
return 1
`;

/**
 * Claims an entry for deletion unless an unfinished job reads it: the index
 * entry goes and an eviction marker is set, which holds off new readers until
 * the caller has deleted the file and called release. Readers whose jobs
 * finished are dropped on the way. Job statuses are read from the job hashes
 * (keys built here: a single Redis, as BullMQ's own scripts assume).
 *
 * KEYS: entry hash, readers set, evicting marker, lru zset, total bytes.
 * ARGV: id, job key prefix, marker ttl (ms).
 * Returns {'claimed', bytes, key}, {'pinned', job ids...} or {'evicting'}.
 */
const CLAIM = `
if redis.call('EXISTS', KEYS[3]) == 1 then return {'evicting'} end
local busy = {'pinned'}
for _, job in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local status = redis.call('HGET', ARGV[2] .. job, 'status')
  if status == 'queued' or status == 'running' then table.insert(busy, job) else redis.call('SREM', KEYS[2], job) end
end
if #busy > 1 then return busy end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[3])
local bytes = tonumber(redis.call('HGET', KEYS[1], 'bytes') or '0')
local key = redis.call('HGET', KEYS[1], 'key') or ''
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[4], ARGV[1])
if bytes > 0 then redis.call('DECRBY', KEYS[5], bytes) end
return {'claimed', bytes, key}
`;

interface CacheScripts {
  distilleryCachePin(readers: string, evicting: string, jobId: string): Promise<number>;
  distilleryCacheRecord(entry: string, lru: string, total: string, ...args: (string | number)[]): Promise<number>;
  distilleryCacheClaim(entry: string, readers: string, evicting: string, lru: string, total: string, id: string, jobPrefix: string, ttl: number): Promise<(string | number)[]>;
}

export type CacheClaim = { kind: 'claimed'; bytes: number; key: string } | { kind: 'pinned'; readers: string[] } | { kind: 'evicting' };

/**
 * The index of the teacher-output cache, in Redis: which entries exist, whose
 * they are, their size, when they were last used, and which jobs read them.
 * Entries are artifacts keyed by what they hold and by tenant
 * (artifactKeys.logits, .features); the files live in the artifact store,
 * this only says what is there. Entries from before keys held the tenant
 * stay listed and counted, are never read again, and so are the least
 * recently used: eviction takes them first.
 *
 * Safety of eviction: a job pins each entry before it checks the store for it
 * and keeps the pin until the job finishes (succeeded, failed or cancelled),
 * so nothing it reads, from its teacher stage to its training, is deleted
 * under it. Deletion claims the entry atomically against the pins and holds
 * off new pins until the file is gone.
 */
export class CacheIndex {
  private readonly redis: Redis & CacheScripts;

  constructor(redis: Redis) {
    redis.defineCommand('distilleryCachePin', { numberOfKeys: 2, lua: PIN });
    redis.defineCommand('distilleryCacheRecord', { numberOfKeys: 3, lua: RECORD });
    redis.defineCommand('distilleryCacheClaim', { numberOfKeys: 5, lua: CLAIM });
    this.redis = redis as Redis & CacheScripts;
  }

  /** Pins the entry at `key` for `jobId`; false while it is being evicted (wait, then pin again). */
  async pin(key: string, jobId: string): Promise<boolean> {
    const id = cacheEntryId(key);
    return (await this.redis.distilleryCachePin(keys.cacheReaders(id), keys.cacheEvicting(id), jobId)) === 1;
  }

  /** Records that a job wrote (`written`) or found (a hit) the entry; `bytes` is its size in the store. */
  async record(entry: CacheEntryDescription, bytes: number, use: 'write' | 'hit', now = new Date()): Promise<void> {
    const id = cacheEntryId(entry.key);
    await this.redis.distilleryCacheRecord(
      keys.cacheEntry(id),
      keys.cacheLru,
      keys.cacheBytes,
      id,
      entry.key,
      entry.model,
      entry.dataset,
      entry.what,
      Math.round(bytes),
      now.getTime(),
      now.toISOString(),
      use === 'hit' ? '1' : '0',
      use === 'write' ? '1' : '0',
      entry.tenant ?? '',
    );
  }

  async totalBytes(): Promise<number> {
    return Number((await this.redis.get(keys.cacheBytes)) ?? 0);
  }

  /** Entry ids, least recently used first. */
  async leastRecentlyUsed(limit = -1): Promise<string[]> {
    return this.redis.zrange(keys.cacheLru, '0', String(limit < 0 ? -1 : limit - 1));
  }

  /** Every entry, least recently used first, with its unfinished readers. */
  async list(): Promise<CacheEntry[]> {
    return this.getMany(await this.leastRecentlyUsed());
  }

  async get(id: string): Promise<CacheEntry | undefined> {
    return (await this.getMany([id]))[0];
  }

  private async getMany(ids: string[]): Promise<CacheEntry[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(keys.cacheEntry(id)).smembers(keys.cacheReaders(id));
    const replies = (await pipeline.exec()) ?? [];
    const raw = ids.map((_, i) => ({ fields: replies[2 * i]?.[1] as Record<string, string>, readers: (replies[2 * i + 1]?.[1] as string[]) ?? [] }));
    const statuses = await this.statuses([...new Set(raw.flatMap((r) => r.readers))]);
    const unfinished = (jobId: string) => statuses.get(jobId) === 'queued' || statuses.get(jobId) === 'running';
    return raw
      .filter(({ fields }) => fields?.id)
      .map(({ fields, readers }) => {
        const active = readers.filter(unfinished).sort();
        return {
          id: fields.id!,
          key: fields.key!,
          ...(fields.tenant ? { tenant: fields.tenant } : {}),
          model: fields.model ?? '',
          dataset: fields.dataset ?? '',
          what: fields.what ?? '',
          bytes: Number(fields.bytes ?? 0),
          createdAt: fields.createdAt ?? '',
          lastUsedAt: fields.lastUsedAt ?? '',
          hits: Number(fields.hits ?? 0),
          inUse: active.length > 0,
          readers: active,
        };
      });
  }

  private async statuses(jobIds: string[]): Promise<Map<string, string | null>> {
    if (jobIds.length === 0) return new Map();
    const pipeline = this.redis.pipeline();
    for (const jobId of jobIds) pipeline.hget(keys.job(jobId), 'status');
    const replies = (await pipeline.exec()) ?? [];
    return new Map(jobIds.map((jobId, i) => [jobId, (replies[i]?.[1] as string | null) ?? null]));
  }

  /**
   * Claims the entry at `key` (or with id `id`) for deletion: on 'claimed' the
   * caller deletes the file and then calls release(id), whatever happens.
   */
  async claim(id: string): Promise<CacheClaim> {
    const reply = await this.redis.distilleryCacheClaim(
      keys.cacheEntry(id),
      keys.cacheReaders(id),
      keys.cacheEvicting(id),
      keys.cacheLru,
      keys.cacheBytes,
      id,
      keys.job(''),
      EVICTING_TTL_MS,
    );
    const [kind, ...rest] = reply;
    if (kind === 'claimed') return { kind, bytes: Number(rest[0]), key: String(rest[1]) };
    if (kind === 'pinned') return { kind, readers: rest.map(String) };
    return { kind: 'evicting' };
  }

  /** Ends an eviction: the file is gone, readers may pin the key again (and will find it missing). */
  async release(id: string): Promise<void> {
    await this.redis.del(keys.cacheEvicting(id));
  }
}
