import { describeCacheKey } from '@distillery/contracts';
import type { JobContext } from './context.ts';

const PIN_RETRY_MS = 50;

/**
 * Pins cache entries for the job before it looks for them in the store: from
 * here until the job finishes, eviction leaves them alone. While one is being
 * evicted this waits for the eviction to end, so the job then finds it
 * missing and writes it afresh instead of reading a file being deleted.
 */
export async function pinCacheEntries(ctx: JobContext, keys: readonly string[]): Promise<void> {
  for (const key of new Set(keys)) {
    while (!(await ctx.registry.cache.pin(key, ctx.jobId))) {
      ctx.signal.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, PIN_RETRY_MS));
    }
  }
}

/**
 * Records that the job used these entries (found them, or wrote them) and,
 * after a write, evicts least recently used entries until the cache is within
 * CACHE_MAX_BYTES. Entries that unfinished jobs read (this one's included)
 * are never evicted, so the cache can stay above the bound until they finish;
 * the next write brings it back under.
 */
export async function recordCacheUse(ctx: JobContext, keys: readonly string[], use: 'write' | 'hit'): Promise<void> {
  for (const key of new Set(keys)) {
    await ctx.registry.cache.record(describeCacheKey(key), await ctx.store.size(key), use);
  }
  if (use === 'write') await evictCache(ctx);
}

/** Evicts least recently used, unpinned entries while the cache is above the worker's bound. */
export async function evictCache(ctx: JobContext): Promise<void> {
  const index = ctx.registry.cache;
  if ((await index.totalBytes()) <= ctx.cacheMaxBytes) return;
  let evicted = 0;
  let freed = 0;
  for (const id of await index.leastRecentlyUsed()) {
    // Read again each time: other workers may be evicting at the same time.
    if ((await index.totalBytes()) <= ctx.cacheMaxBytes) break;
    const claim = await index.claim(id);
    if (claim.kind !== 'claimed') continue;
    try {
      if (claim.key) await ctx.store.deletePrefix(claim.key);
    } finally {
      await index.release(id);
    }
    evicted++;
    freed += claim.bytes;
  }
  if (evicted > 0) {
    ctx.log.info({ evicted, freed, maxBytes: ctx.cacheMaxBytes }, 'evicted least recently used cache entries');
    await ctx.registry.jobs.log(ctx.jobId, `cache: evicted ${evicted} least recently used entr${evicted === 1 ? 'y' : 'ies'} (${freed} bytes) to stay within CACHE_MAX_BYTES (${ctx.cacheMaxBytes})`);
  }
}
