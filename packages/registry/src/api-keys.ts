import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from './keys.ts';

export type Role = 'admin' | 'user';

/** Who a request acts for. `keyId` names the key in logs and rate limits; the key itself never leaves this module. */
export interface Principal {
  keyId: string;
  tenant: string;
  role: Role;
}

interface StoredKey extends Principal {
  name: string;
  createdAt: string;
}

/**
 * Keys are 32 random bytes, so one sha256 is enough to store them: there is
 * nothing to brute-force that a slow hash would protect (unlike passwords).
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A short, stable, non-secret name for a key: the first characters of its hash. */
export const keyIdOf = (hash: string) => `key_${hash.slice(0, 12)}`;

export function generateApiKey(): string {
  return `dk_${randomBytes(32).toString('base64url')}`;
}

/** API keys created by the service (the first-start admin key), stored by hash in Redis. */
export class ApiKeys {
  constructor(private readonly redis: Redis) {}

  async count(): Promise<number> {
    return this.redis.scard(keys.apiKeys);
  }

  /** Creates a key and returns it: the only time it exists outside the caller's hands. */
  async create(details: { tenant: string; role: Role; name: string }): Promise<{ key: string; principal: Principal }> {
    const key = generateApiKey();
    const hash = hashApiKey(key);
    const stored: StoredKey = { keyId: keyIdOf(hash), ...details, createdAt: new Date().toISOString() };
    await this.redis.multi().set(keys.apiKey(hash), JSON.stringify(stored)).sadd(keys.apiKeys, hash).exec();
    return { key, principal: { keyId: stored.keyId, tenant: stored.tenant, role: stored.role } };
  }

  /** The stored key whose sha256 is `hash` (see hashApiKey). */
  async findByHash(hash: string): Promise<Principal | undefined> {
    const raw = await this.redis.get(keys.apiKey(hash));
    if (!raw) return undefined;
    const { keyId, tenant, role } = JSON.parse(raw) as StoredKey;
    return { keyId, tenant, role };
  }
}
