import type { Redis } from 'ioredis';
import { keys } from './keys.ts';

/** What a tenant uses, for quotas and rate limits. */
export class TenantUsage {
  constructor(private readonly redis: Redis) {}

  /** Counts one request of a key in the current fixed window; returns the count and when the window ends. */
  async countRequest(keyId: string, windowSeconds: number, now = Date.now()): Promise<{ count: number; resetSeconds: number }> {
    const window = Math.floor(now / 1000 / windowSeconds);
    const key = keys.rateWindow(keyId, window);
    const replies = await this.redis.multi().incr(key).expire(key, windowSeconds * 2).exec();
    const count = Number(replies?.[0]?.[1] ?? 0);
    const resetSeconds = Math.max(1, Math.ceil((window + 1) * windowSeconds - now / 1000));
    return { count, resetSeconds };
  }

  /** Failed authentications from `address` in the current window, without counting one. */
  async authFailures(address: string, windowSeconds: number, now = Date.now()): Promise<{ count: number; resetSeconds: number }> {
    const window = Math.floor(now / 1000 / windowSeconds);
    const count = Number((await this.redis.get(keys.authFailureWindow(address, window))) ?? 0);
    return { count, resetSeconds: Math.max(1, Math.ceil((window + 1) * windowSeconds - now / 1000)) };
  }

  /** Counts one failed authentication from `address` in the current window. */
  async countAuthFailure(address: string, windowSeconds: number, now = Date.now()): Promise<void> {
    const key = keys.authFailureWindow(address, Math.floor(now / 1000 / windowSeconds));
    await this.redis.multi().incr(key).expire(key, windowSeconds * 2).exec();
  }

  async storedBytes(tenant: string): Promise<number> {
    return Number((await this.redis.get(keys.storedBytes(tenant))) ?? 0);
  }

  /** Adds (or, negative, removes) stored bytes when a dataset or model is written or deleted. */
  async addStoredBytes(tenant: string, bytes: number): Promise<void> {
    if (bytes !== 0) await this.redis.incrby(keys.storedBytes(tenant), Math.round(bytes));
  }
}
