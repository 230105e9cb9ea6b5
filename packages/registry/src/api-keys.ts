import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isIdOf } from './ids.ts';
import { keys } from './keys.ts';
import { pageIds, type Page } from './pages.ts';

export type Role = 'admin' | 'user';

/** Who a request acts for. `keyId` names the key in logs and rate limits; the key itself never leaves this module. */
export interface Principal {
  keyId: string;
  tenant: string;
  role: Role;
}

/** How a stored key came to be: the admin key of the first start, or POST /v1/keys. */
export type KeyOrigin = 'first-start' | 'api';

/** A stored key as listings show it: never the key, never its hash. */
export interface StoredKeyInfo extends Principal {
  name?: string;
  createdAt: string;
  lastUsedAt?: string;
  origin: KeyOrigin;
}

/** The record at keys.apiKey(hash). Records written before keys could be revoked lack `origin` and have a `key_<hash>` id. */
interface StoredKey extends Principal {
  name?: string;
  createdAt: string;
  origin?: KeyOrigin;
}

/** The name the first start gave its admin key, which is how records without `origin` are told apart. */
export const FIRST_ADMIN_KEY_NAME = 'first admin key';

/**
 * Keys are 32 random bytes, so one sha256 is enough to store them: there is
 * nothing to brute-force that a slow hash would protect (unlike passwords).
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A short, stable, non-secret name for a configured key: the first characters of its hash. */
export const keyIdOf = (hash: string) => `key_${hash.slice(0, 12)}`;

/**
 * A stored key's id: its creation time (so ids order by it, as every listed
 * record's do) and the first characters of its hash, like keyIdOf. Derived,
 * not random, so that two API instances indexing the same old record at
 * once give it the same id.
 */
export const storedKeyId = (hash: string, createdMs: number) => `key_${createdMs.toString(36).padStart(9, '0')}${hash.slice(0, 12)}`;

export function generateApiKey(): string {
  return `dk_${randomBytes(32).toString('base64url')}`;
}

/**
 * Deletes a stored key in one step, unless it is the last admin key.
 * KEYS: ids hash, admins set, index, hashes set, last-used hash, the key's record.
 * ARGV: id, sha256, admin keys that exist outside storage (configured), '1' to revoke even the last admin key.
 * Returns 1 when revoked, 0 when refused (the last admin key), -1 when there is no such key.
 */
const REVOKE = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return -1 end
if ARGV[4] ~= '1' and tonumber(ARGV[3]) == 0 and redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 and redis.call('SCARD', KEYS[2]) <= 1 then return 0 end
redis.call('DEL', KEYS[6])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('SREM', KEYS[4], ARGV[2])
redis.call('HDEL', KEYS[5], ARGV[1])
return 1
`;

interface KeyScripts {
  distilleryApiKeyRevoke(...args: [string, string, string, string, string, string, string, string, number, '0' | '1']): Promise<number>;
}

export type RevokeOutcome = 'revoked' | 'last_admin_key' | 'not_found';

/**
 * API keys created by the service (POST /v1/keys, the first-start admin key),
 * stored by hash in Redis. Authentication reads the record by hash on every
 * request, with no cache: a revoked key fails on every API instance from the
 * moment revoke() returns.
 */
export class ApiKeys {
  private readonly redis: Redis & KeyScripts;

  constructor(redis: Redis) {
    redis.defineCommand('distilleryApiKeyRevoke', { numberOfKeys: 6, lua: REVOKE });
    this.redis = redis as Redis & KeyScripts;
  }

  async count(): Promise<number> {
    return this.redis.scard(keys.apiKeys);
  }

  /** Stored admin keys (after indexLegacy(), the older records too). */
  async adminCount(): Promise<number> {
    return this.redis.scard(keys.apiKeyAdmins);
  }

  /** Creates a key and returns it: the only time it exists outside the caller's hands. */
  async create(details: { tenant: string; role: Role; name?: string | undefined; origin?: KeyOrigin }, now = Date.now()): Promise<{ key: string; info: StoredKeyInfo; principal: Principal }> {
    const key = generateApiKey();
    const hash = hashApiKey(key);
    const stored: StoredKey = {
      keyId: storedKeyId(hash, now),
      tenant: details.tenant,
      role: details.role,
      ...(details.name !== undefined ? { name: details.name } : {}),
      createdAt: new Date(now).toISOString(),
      origin: details.origin ?? 'api',
    };
    await this.index(this.redis.multi().set(keys.apiKey(hash), JSON.stringify(stored)).sadd(keys.apiKeys, hash), hash, stored).exec();
    return { key, info: infoOf(stored), principal: principalOf(stored) };
  }

  /** The stored key whose sha256 is `hash` (see hashApiKey). */
  async findByHash(hash: string): Promise<Principal | undefined> {
    const found = await this.findInfoByHash(hash);
    return found ? principalOf(found) : undefined;
  }

  /** findByHash with what the record says besides who the key acts for (its origin, name and creation time). */
  async findInfoByHash(hash: string): Promise<StoredKeyInfo | undefined> {
    const raw = await this.redis.get(keys.apiKey(hash));
    return raw ? infoOf(JSON.parse(raw) as StoredKey) : undefined;
  }

  async get(id: string): Promise<StoredKeyInfo | undefined> {
    const [info] = await this.describe([id]);
    return info;
  }

  /** Stored keys, newest first, paged like every listing (`after` is the last id of the previous page). */
  async list(options: { limit: number; after?: string | undefined }): Promise<Page<StoredKeyInfo>> {
    const page = await pageIds(this.redis, { key: keys.apiKeyIndex, idKind: 'key' }, options);
    const items = (await this.describe(page.items)).filter((info): info is StoredKeyInfo => info !== undefined);
    return { items, ...(page.next ? { next: page.next } : {}) };
  }

  /** Whether any stored key is listed (a listing that ends with the configured keys needs to know). */
  async anyListed(): Promise<boolean> {
    return (await this.redis.zcard(keys.apiKeyIndex)) > 0;
  }

  /**
   * Revokes a stored key: its record is deleted, so the next request with it
   * is refused on every instance. Refused for the last admin key unless
   * `adminsElsewhere` (configured admin keys) is above 0 or `force` is set.
   */
  async revoke(id: string, options: { adminsElsewhere: number; force?: boolean }): Promise<RevokeOutcome> {
    const hash = await this.redis.hget(keys.apiKeyIds, id);
    if (!hash) return 'not_found';
    const result = await this.redis.distilleryApiKeyRevoke(
      keys.apiKeyIds,
      keys.apiKeyAdmins,
      keys.apiKeyIndex,
      keys.apiKeys,
      keys.apiKeyLastUsed,
      keys.apiKey(hash),
      id,
      hash,
      options.adminsElsewhere,
      options.force ? '1' : '0',
    );
    return result === 1 ? 'revoked' : result === 0 ? 'last_admin_key' : 'not_found';
  }

  /** Records when a key (stored or configured) was last used; callers keep this to about once a minute per key. */
  async touch(keyId: string, at: Date): Promise<void> {
    await this.redis.hset(keys.apiKeyLastUsed, keyId, at.toISOString());
  }

  async lastUsed(keyIds: string[]): Promise<(string | undefined)[]> {
    if (keyIds.length === 0) return [];
    return (await this.redis.hmget(keys.apiKeyLastUsed, ...keyIds)).map((value) => value ?? undefined);
  }

  /**
   * Brings records written before keys could be listed and revoked into the
   * index: each gets an id ordered by its creation time (the old `key_<hash>`
   * id named it in rate limits only), and `origin` (the first start's admin
   * key was the only key the service created). Idempotent; run at start-up.
   * Returns every stored key.
   */
  async indexLegacy(): Promise<StoredKeyInfo[]> {
    const hashes = await this.redis.smembers(keys.apiKeys);
    if (hashes.length === 0) return [];
    const raws = await this.redis.mget(...hashes.map((hash) => keys.apiKey(hash)));
    const records = raws.map((raw) => (raw ? (JSON.parse(raw) as StoredKey) : undefined));
    const indexed = await this.redis.hmget(keys.apiKeyIds, ...records.map((record) => record?.keyId ?? '-'));
    const all: StoredKeyInfo[] = [];
    for (const [i, record] of records.entries()) {
      if (!record) continue;
      const hash = hashes[i]!;
      let stored = record;
      if (!isIdOf('key', stored.keyId) || stored.origin === undefined) {
        const created = Date.parse(stored.createdAt);
        stored = {
          ...stored,
          keyId: isIdOf('key', stored.keyId) ? stored.keyId : storedKeyId(hash, Number.isFinite(created) ? created : 0),
          origin: stored.origin ?? (stored.name === FIRST_ADMIN_KEY_NAME ? 'first-start' : 'api'),
        };
        await this.index(this.redis.multi().set(keys.apiKey(hash), JSON.stringify(stored)), hash, stored).exec();
      } else if (indexed[i] !== hash) {
        await this.index(this.redis.multi(), hash, stored).exec();
      }
      all.push(infoOf(stored));
    }
    return all;
  }

  private index(multi: ReturnType<Redis['multi']>, hash: string, stored: StoredKey) {
    multi.hset(keys.apiKeyIds, stored.keyId, hash).zadd(keys.apiKeyIndex, 0, stored.keyId);
    return stored.role === 'admin' ? multi.sadd(keys.apiKeyAdmins, stored.keyId) : multi;
  }

  private async describe(ids: string[]): Promise<(StoredKeyInfo | undefined)[]> {
    if (ids.length === 0) return [];
    const hashes = await this.redis.hmget(keys.apiKeyIds, ...ids);
    const present = hashes.filter((hash): hash is string => hash !== null);
    const raws = present.length > 0 ? await this.redis.mget(...present.map((hash) => keys.apiKey(hash))) : [];
    const byHash = new Map(present.map((hash, i) => [hash, raws[i]] as const));
    const used = await this.lastUsed(ids);
    return ids.map((_, i) => {
      const raw = hashes[i] ? byHash.get(hashes[i]!) : undefined;
      if (!raw) return undefined;
      const info = infoOf(JSON.parse(raw) as StoredKey);
      return used[i] ? { ...info, lastUsedAt: used[i] } : info;
    });
  }
}

function principalOf({ keyId, tenant, role }: Principal): Principal {
  return { keyId, tenant, role };
}

function infoOf(stored: StoredKey): StoredKeyInfo {
  return {
    ...principalOf(stored),
    ...(stored.name !== undefined ? { name: stored.name } : {}),
    createdAt: stored.createdAt,
    origin: stored.origin ?? (stored.name === FIRST_ADMIN_KEY_NAME ? 'first-start' : 'api'),
  };
}
