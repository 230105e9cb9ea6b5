import type { Redis } from 'ioredis';

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, absent on the last one. */
  next?: string;
}

/**
 * Pages newest-first through a sorted set whose members all have score 0, so
 * that they order by id, and ids order by creation time. The cursor is the last
 * id of a page; the next page starts strictly below it.
 *
 * Each read asks for one id more than it scans for, so a short read says the
 * index is exhausted and a page that ends exactly at the end carries no `next`.
 * With `keep`, `next` is set when a further kept id was seen, or when the index
 * goes on past what was read (the following page may then turn out empty).
 */
export async function pageIds(
  redis: Redis,
  index: string,
  options: { limit: number; after?: string | undefined },
  keep: (ids: string[]) => Promise<boolean[]> = async (ids) => ids.map(() => true),
): Promise<Page<string>> {
  const limit = Math.max(1, Math.floor(options.limit));
  const chunk = Math.max(limit, 50);
  const items: string[] = [];
  let cursor = options.after;
  for (;;) {
    const max = cursor ? `(${cursor}` : '+';
    const ids = await redis.zrange(index, max, '-', 'BYLEX', 'REV', 'LIMIT', 0, chunk + 1);
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
