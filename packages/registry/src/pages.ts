import { DistilleryError } from '@distillery/contracts';
import type { Redis } from 'ioredis';
import { isIdOf, type IdKind } from './ids.ts';

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, absent on the last one. */
  next?: string;
}

/** What a listing of each kind of id is called in the error a wrong cursor gets. */
const LISTED: Record<IdKind, string> = { j: 'jobs', sw: 'sweeps', ds: 'datasets', m: 'models', w: 'workers', key: 'API keys' };

/**
 * A cursor is the last id of the page before it, so one this listing never
 * gave (a typo, a cursor of another listing, bytes that are no id) is
 * refused: taken as a position it would answer a plausible page that is
 * silently wrong. A well-formed id past the end is a position like any
 * other, and gives an empty page.
 */
export function checkCursor(after: string, kind: IdKind): void {
  if (isIdOf(kind, after)) return;
  const shown = JSON.stringify(after.length > 40 ? `${after.slice(0, 37)}...` : after);
  throw new DistilleryError(
    'invalid_request',
    `after ${shown} is not a cursor of the ${LISTED[kind]} listing; pass the next value of a previous page (its ids start with ${kind}_), or leave after out for the first page`,
    '/after',
  );
}

/**
 * Pages newest-first through a sorted set whose members all have score 0, so
 * that they order by id, and ids order by creation time. The cursor is the last
 * id of a page (checked with checkCursor); the next page starts strictly below it.
 *
 * Each read asks for one id more than it scans for, so a short read says the
 * index is exhausted and a page that ends exactly at the end carries no `next`.
 * With `keep`, `next` is set when a further kept id was seen, or when the index
 * goes on past what was read (the following page may then turn out empty).
 */
export async function pageIds(
  redis: Redis,
  index: { key: string; idKind: IdKind },
  options: { limit: number; after?: string | undefined },
  keep: (ids: string[]) => Promise<boolean[]> = async (ids) => ids.map(() => true),
): Promise<Page<string>> {
  if (options.after !== undefined) checkCursor(options.after, index.idKind);
  const limit = Math.max(1, Math.floor(options.limit));
  const chunk = Math.max(limit, 50);
  const items: string[] = [];
  let cursor = options.after;
  for (;;) {
    const max = cursor ? `(${cursor}` : '+';
    const ids = await redis.zrange(index.key, max, '-', 'BYLEX', 'REV', 'LIMIT', 0, chunk + 1);
    const exhausted = ids.length <= chunk;
    if (ids.length === 0) return { items };
    const kept = await keep(ids);
    for (let i = 0; i < ids.length; i++) {
      if (!kept[i]) continue;
      // A kept id past a full page: there is more.
      if (items.length === limit) return { items, next: items[items.length - 1]! };
      items.push(ids[i]!);
    }
    if (exhausted) return { items };
    if (items.length === limit) return { items, next: items[items.length - 1]! };
    cursor = ids[ids.length - 1];
  }
}
