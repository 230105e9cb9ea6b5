import type { Redis } from 'ioredis';
import type { IdKind } from './ids.ts';
import { LEGACY_TENANT } from './keys.ts';
import { pageIds, type Page } from './pages.ts';

/** Immutable JSON records (datasets, models), each owned by a tenant, with a newest-first index per tenant. */
export class DocumentCollection<T extends { id: string; tenant: string }> {
  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (id: string) => string,
    private readonly indexOf: (tenant: string) => string,
    /** The kind of the ids (newId) the collection holds: a listing's cursor must be one. */
    private readonly idKind: IdKind,
  ) {}

  async create(document: T): Promise<T> {
    await this.redis.multi().set(this.keyOf(document.id), JSON.stringify(document)).zadd(this.indexOf(document.tenant), 0, document.id).exec();
    return document;
  }

  /** The record if it exists and belongs to `tenant`: another tenant's record looks exactly like a missing one. */
  async getOwned(id: string, tenant: string): Promise<T | undefined> {
    const document = await this.get(id);
    return document?.tenant === tenant ? document : undefined;
  }

  async get(id: string): Promise<T | undefined> {
    return parse<T>(await this.redis.get(this.keyOf(id)));
  }

  async getMany(ids: string[]): Promise<(T | undefined)[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map(this.keyOf));
    return raws.map((raw) => parse<T>(raw));
  }

  /** Newest first; `where` filters (documents are read to test it, so a sparse filter scans further). */
  async list(tenant: string, options: { limit: number; after?: string | undefined; where?: ((document: T) => boolean) | undefined }): Promise<Page<T>> {
    const { where } = options;
    const keep = where
      ? async (ids: string[]) => (await this.getMany(ids)).map((document) => document !== undefined && where(document))
      : undefined;
    const page = await pageIds(this.redis, { key: this.indexOf(tenant), idKind: this.idKind }, options, keep);
    const documents = await this.getMany(page.items);
    return { items: documents.filter((d): d is T => d !== undefined), ...(page.next ? { next: page.next } : {}) };
  }

  /** Removes the document and its index entry; false when there was no such document. */
  async delete(document: T): Promise<boolean> {
    const { id } = document;
    const replies = await this.redis.multi().del(this.keyOf(id)).zrem(this.indexOf(document.tenant), id).exec();
    if (!replies) throw new Error(`deleting ${id} was aborted`);
    for (const [error] of replies) if (error) throw error;
    return replies[0]![1] === 1 || replies[1]![1] === 1;
  }
}

function parse<T extends { tenant: string }>(raw: string | null): T | undefined {
  if (!raw) return undefined;
  const document = JSON.parse(raw) as T;
  document.tenant ??= LEGACY_TENANT;
  return document;
}
