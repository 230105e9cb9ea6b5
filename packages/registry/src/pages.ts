import type { Redis } from 'ioredis';

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, absent on the last one. */
  next?: string;
}

/**
 * Pages newest-first through a sorted set whose members all have score 0, so
 * that they order by id, and ids order by creation time.
 */
export async function pageIds(
  redis: Redis,
  index: string,
  options: { limit: number; after?: string | undefined },
  keep: (ids: string[]) => Promise<boolean[]> = async (ids) => ids.map(() => true),
): Promise<Page<string>> {
  const items: string[] = [];
  let cursor = options.after;
  const chunk = Math.max(options.limit, 50);
  for (;;) {
    const max = cursor ? `(${cursor}` : '+';
    const ids = await redis.zrange(index, max, '-', 'BYLEX', 'REV', 'LIMIT', 0, chunk);
    if (ids.length === 0) return { items };
    const kept = await keep(ids);
    for (let i = 0; i < ids.length; i++) {
      if (!kept[i]) continue;
      items.push(ids[i]!);
      if (items.length === options.limit) {
        const more = i < ids.length - 1 || ids.length === chunk;
        return more ? { items, next: ids[i] } : { items };
      }
    }
    if (ids.length < chunk) return { items };
    cursor = ids[ids.length - 1];
  }
}
