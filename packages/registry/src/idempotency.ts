import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from './keys.ts';

/** The answer a creating request gave, kept so that its retries get it again. */
export interface IdempotentAnswer {
  status: number;
  /** The JSON body, as sent. */
  body: string;
  location?: string | undefined;
}

type StoredRecord = { fingerprint: string; state: 'pending' } | { fingerprint: string; state: 'done'; answer: IdempotentAnswer };

/** What a request carrying an Idempotency-Key is to do. */
export type IdempotencyClaim =
  /** The key is new: run the request, then complete() or release() it. */
  | { kind: 'claimed' }
  /** The key answered this request before: send that answer again. */
  | { kind: 'replay'; answer: IdempotentAnswer }
  /** A request with this key and this body is running now. */
  | { kind: 'pending' }
  /** The key was used for a different request. */
  | { kind: 'reused' };

/** How long a finished request's answer is kept for its retries. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** How long a claim outlives a request that never finished (its process died): then the key is free again. */
export const IDEMPOTENCY_PENDING_SECONDS = 120;

/**
 * Idempotency keys of creating requests, per tenant (Stripe's convention): a
 * key is claimed atomically (SET NX), so of concurrent retries one runs and
 * the others wait for its answer. Keys are stored hashed: they are the
 * client's strings, of any content.
 */
export class IdempotencyKeys {
  constructor(private readonly redis: Redis) {}

  #key(tenant: string, idempotencyKey: string): string {
    return keys.idempotency(tenant, createHash('sha256').update(idempotencyKey).digest('hex'));
  }

  async claim(tenant: string, idempotencyKey: string, fingerprint: string): Promise<IdempotencyClaim> {
    const key = this.#key(tenant, idempotencyKey);
    for (;;) {
      const pending: StoredRecord = { fingerprint, state: 'pending' };
      if ((await this.redis.set(key, JSON.stringify(pending), 'EX', IDEMPOTENCY_PENDING_SECONDS, 'NX')) === 'OK') return { kind: 'claimed' };
      const stored = await this.redis.get(key);
      if (stored === null) continue; // expired or released in between: claim again
      const record = JSON.parse(stored) as StoredRecord;
      if (record.fingerprint !== fingerprint) return { kind: 'reused' };
      return record.state === 'done' ? { kind: 'replay', answer: record.answer } : { kind: 'pending' };
    }
  }

  /** Keeps the answer for the key's retries, for IDEMPOTENCY_TTL_SECONDS. */
  async complete(tenant: string, idempotencyKey: string, fingerprint: string, answer: IdempotentAnswer): Promise<void> {
    const record: StoredRecord = { fingerprint, state: 'done', answer };
    await this.redis.set(this.#key(tenant, idempotencyKey), JSON.stringify(record), 'EX', IDEMPOTENCY_TTL_SECONDS);
  }

  /** Frees the key of a request that created nothing (it failed): a retry runs again. */
  async release(tenant: string, idempotencyKey: string): Promise<void> {
    await this.redis.del(this.#key(tenant, idempotencyKey));
  }
}
