import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CacheDeletion, CacheListing, DistilleryError, Problem } from '@distillery/contracts';
import { cacheEntryId } from '@distillery/registry';

const errors = { 401: Problem, 403: Problem, 429: Problem, 503: Problem };

/** Where cache entries live in the store: what DELETE /v1/cache clears, indexed or not. */
const CACHE_PREFIXES = ['logits', 'features', 'graph-teachers'];

export interface CacheRouteOptions {
  /** This API's CACHE_MAX_BYTES, shown with the listing (workers enforce theirs). */
  maxBytes: number;
}

/**
 * The teacher-output cache, for admins (auth.ts keeps /v1/cache for admin
 * keys): every tenant's entries, each with its tenant. Entries are per tenant
 * (artifactKeys.logits), so no tenant's job reads another's; the listing
 * stays an operator's view of the whole store, like /metrics. Entries written
 * before keys held the tenant are listed without one and cleared like any
 * other (DELETE /v1/cache also takes files the index does not know).
 */
export const cacheRoutes: FastifyPluginAsyncTypebox<CacheRouteOptions> = async (app, options) => {
  const index = app.registry.cache;

  app.get(
    '/v1/cache',
    {
      schema: {
        operationId: 'listCache',
        tags: ['cache'],
        summary: 'Teacher-output cache entries, least recently used first, with sizes and totals (admin keys only)',
        response: { 200: CacheListing, ...errors },
      },
    },
    async () => {
      const items = await index.list();
      return { items, count: items.length, totalBytes: await index.totalBytes(), maxBytes: options.maxBytes };
    },
  );

  app.delete(
    '/v1/cache/:entry',
    {
      schema: {
        operationId: 'deleteCacheEntry',
        tags: ['cache'],
        summary: 'Delete one cache entry; refused while an unfinished job reads it (admin keys only)',
        params: Type.Object({ entry: Type.String({ pattern: '^ce_[0-9a-f]{32}$', description: 'The entry id (`ce_…`) from the listing.' }) }),
        response: { 200: CacheDeletion, 404: Problem, 409: Problem, 400: Problem, ...errors },
      },
    },
    async (request) => {
      const { entry } = request.params;
      const found = await index.get(entry);
      if (!found) throw new DistilleryError('not_found', `cache entry ${entry} does not exist`);
      const claim = await index.claim(entry);
      if (claim.kind === 'pinned') {
        throw new DistilleryError('cache_entry_in_use', `cache entry ${entry} is read by unfinished job(s) ${claim.readers.join(', ')}; wait for them to finish or cancel them first`);
      }
      if (claim.kind === 'evicting') throw new DistilleryError('cache_entry_in_use', `cache entry ${entry} is being evicted right now; list the cache again`);
      try {
        // The key read before the claim: an eviction in between leaves the claim without one.
        await app.store.deletePrefix(found.key);
      } finally {
        await index.release(entry);
      }
      request.log.info({ entry, bytes: claim.bytes }, 'cache entry deleted');
      return { deleted: 1, freedBytes: claim.bytes, kept: [] };
    },
  );

  app.delete(
    '/v1/cache',
    {
      schema: {
        operationId: 'clearCache',
        tags: ['cache'],
        summary: 'Delete every cache entry no unfinished job reads, and any teacher output in the store the index does not know (admin keys only)',
        response: { 200: CacheDeletion, ...errors },
      },
    },
    async (request) => {
      const entries = new Map((await index.list()).map((entry) => [entry.id, { key: entry.key, indexed: true }]));
      // Files from before the index, or whose entry was lost, go too (their pins are found by the same id).
      for (const prefix of CACHE_PREFIXES) {
        for (const key of await app.store.list(prefix)) {
          const id = cacheEntryId(key);
          if (!entries.has(id)) entries.set(id, { key, indexed: false });
        }
      }
      let deleted = 0;
      let freedBytes = 0;
      const kept: { id: string; key: string; readers: string[] }[] = [];
      for (const [id, { key, indexed }] of entries) {
        const size = indexed ? 0 : await app.store.size(key).catch(() => 0);
        const claim = await index.claim(id);
        if (claim.kind === 'pinned') kept.push({ id, key, readers: claim.readers });
        if (claim.kind !== 'claimed') continue;
        try {
          await app.store.deletePrefix(key);
        } finally {
          await index.release(id);
        }
        deleted++;
        freedBytes += indexed ? claim.bytes : size;
      }
      request.log.info({ deleted, freedBytes, kept: kept.length }, 'cache cleared');
      return { deleted, freedBytes, kept };
    },
  );
};
