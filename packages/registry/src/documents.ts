import type { Redis } from 'ioredis';
import { pageIds, type Page } from './pages.ts';

/** Immutable JSON records (datasets, models) with a newest-first index. */
export class DocumentCollection<T extends { id: string }> {
  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (id: string) => string,
    private readonly index: string,
  ) {}

  async create(document: T): Promise<T> {
    await this.redis.multi().set(this.keyOf(document.id), JSON.stringify(document)).zadd(this.index, 0, document.id).exec();
    return document;
  }

  async get(id: string): Promise<T | undefined> {
    const raw = await this.redis.get(this.keyOf(id));
    return raw ? (JSON.parse(raw) as T) : undefined;
  }

  async getMany(ids: string[]): Promise<(T | undefined)[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map(this.keyOf));
    return raws.map((raw) => (raw ? (JSON.parse(raw) as T) : undefined));
  }

  /** Newest first; `where` filters (documents are read to test it, so a sparse filter scans further). */
  async list(options: { limit: number; after?: string | undefined; where?: ((document: T) => boolean) | undefined }): Promise<Page<T>> {
    const { where } = options;
    const keep = where
      ? async (ids: string[]) => (await this.getMany(ids)).map((document) => document !== undefined && where(document))
      : undefined;
    const page = await pageIds(this.redis, this.index, options, keep);
    const documents = await this.getMany(page.items);
    return { items: documents.filter((d): d is T => d !== undefined), ...(page.next ? { next: page.next } : {}) };
  }

  /** Removes the document and its index entry; false when there was no such document. */
  async delete(id: string): Promise<boolean> {
    const replies = await this.redis.multi().del(this.keyOf(id)).zrem(this.index, id).exec();
    if (!replies) throw new Error(`deleting ${id} was aborted`);
    for (const [error] of replies) if (error) throw error;
    return replies[0]![1] === 1 || replies[1]![1] === 1;
  }
}
