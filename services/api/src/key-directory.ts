import { DistilleryError, type ApiKey, type ApiKeyPage, type CreateApiKeyRequest, type CreatedApiKey } from '@distillery/contracts';
import { hashApiKey, keyIdOf, type Principal, type Registry, type StoredKeyInfo } from '@distillery/registry';
import type { ConfiguredKey } from './auth.ts';

/** Each API instance writes a key's last use at most this often: authentication stays one Redis read per request. */
export const LAST_USED_EVERY_MS = 60_000;
/** Past this many keys remembered, entries older than the interval are dropped (a revoked key's stays otherwise). */
const REMEMBERED_MAX = 10_000;
/** The shape of a configured key's id (keyIdOf); stored keys' ids are longer (storedKeyId). */
const CONFIGURED_ID = /^key_[0-9a-f]{12}$/;

interface ConfiguredEntry extends Principal {
  name: string;
}

/**
 * Every API key the service accepts, in one place: configured ones
 * (API_KEYS, API_KEYS_FILE; fixed for the life of the process) and stored
 * ones (Redis, by hash). Authentication, the /v1/keys routes and their rules
 * (a configured key is removed in configuration, the last admin key stays)
 * go through here.
 *
 * Nothing about stored keys is cached: each request reads the key's record,
 * so a revocation on any instance holds on all of them from the moment it is
 * answered.
 */
export class KeyDirectory {
  private readonly configured: ConfiguredEntry[] = [];
  private readonly configuredByHash = new Map<string, ConfiguredEntry>();
  /** When this instance last wrote each key's last use. */
  private readonly lastWritten = new Map<string, number>();
  private readonly now: () => number;

  constructor(
    private readonly registry: Registry,
    keys: ConfiguredKey[],
    options: { now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
    for (const [index, { key, tenant, role, name }] of keys.entries()) {
      const hash = hashApiKey(key);
      if (this.configuredByHash.has(hash)) continue; // the same key twice: the first entry says what it is
      const entry: ConfiguredEntry = { keyId: keyIdOf(hash), tenant, role, name: name ?? `configured key ${index + 1}` };
      this.configured.push(entry);
      this.configuredByHash.set(hash, entry);
    }
  }

  /** Admin keys in configuration: with one, every stored admin key may be revoked. */
  get configuredAdmins(): number {
    return this.configured.filter((entry) => entry.role === 'admin').length;
  }

  /**
   * Who `token` acts for, or undefined for no valid key. Once keys are
   * configured, the first start's admin key is refused even before start-up
   * has revoked it (checkFirstAdminKey): configuration is then what decides.
   */
  async authenticate(token: string): Promise<Principal | undefined> {
    const hash = hashApiKey(token);
    const configured = this.configuredByHash.get(hash);
    if (configured) return { keyId: configured.keyId, tenant: configured.tenant, role: configured.role };
    const stored = await this.registry.apiKeys.findInfoByHash(hash);
    if (!stored || (stored.origin === 'first-start' && this.configured.length > 0)) return undefined;
    return { keyId: stored.keyId, tenant: stored.tenant, role: stored.role };
  }

  /** Records that a key was used, at most once a minute per key on this instance. */
  async noteUse(principal: Principal): Promise<void> {
    const now = this.now();
    const last = this.lastWritten.get(principal.keyId);
    if (last !== undefined && now - last < LAST_USED_EVERY_MS) return;
    await this.registry.apiKeys.touch(principal.keyId, new Date(now));
    if (this.lastWritten.size >= REMEMBERED_MAX) {
      for (const [keyId, at] of this.lastWritten) if (now - at >= LAST_USED_EVERY_MS) this.lastWritten.delete(keyId);
    }
    this.lastWritten.set(principal.keyId, now);
  }

  async create(request: CreateApiKeyRequest): Promise<CreatedApiKey> {
    const { key, info } = await this.registry.apiKeys.create({ tenant: request.tenant, role: request.role, name: request.name }, this.now());
    return { ...storedView(info), key };
  }

  async get(id: string): Promise<ApiKey> {
    const configured = this.configured.find((entry) => entry.keyId === id);
    if (configured) return (await this.withLastUse([configuredView(configured)]))[0]!;
    const stored = await this.registry.apiKeys.get(id);
    if (!stored) throw notFound(id);
    return storedView(stored);
  }

  /**
   * Configured keys first, in configuration order, then stored keys newest
   * first. The cursor is the last id of a page, whichever part it is in.
   */
  async list(options: { limit: number; after?: string | undefined }): Promise<ApiKeyPage> {
    const { limit } = options;
    let start = 0;
    let storedAfter: string | undefined;
    if (options.after !== undefined) {
      const at = this.configured.findIndex((entry) => entry.keyId === options.after);
      start = at >= 0 ? at + 1 : this.configured.length;
      // Not a configured key's: a stored key's id (the listing checks it is one), or a configured key since removed.
      if (at < 0 && !CONFIGURED_ID.test(options.after)) storedAfter = options.after;
    }
    const items = await this.withLastUse(this.configured.slice(start, start + limit).map(configuredView));
    if (items.length === limit) {
      const more = start + limit < this.configured.length || (await this.registry.apiKeys.anyListed());
      return { items, ...(more ? { next: items[items.length - 1]!.id } : {}) };
    }
    const stored = await this.registry.apiKeys.list({ limit: limit - items.length, after: storedAfter });
    return { items: [...items, ...stored.items.map(storedView)], ...(stored.next ? { next: stored.next } : {}) };
  }

  /** Revokes a stored key at once on every instance; a configured key, or the last admin key, is refused with 409. */
  async revoke(id: string): Promise<ApiKey> {
    const configured = this.configured.find((entry) => entry.keyId === id);
    if (configured) {
      throw new DistilleryError(
        'key_configured',
        `key ${id} (${configured.name}) is configured: remove it from API_KEYS or API_KEYS_FILE and restart the API; DELETE revokes stored keys only`,
      );
    }
    const stored = await this.registry.apiKeys.get(id);
    if (!stored) throw notFound(id);
    const outcome = await this.registry.apiKeys.revoke(id, { adminsElsewhere: this.configuredAdmins });
    if (outcome === 'not_found') throw notFound(id);
    if (outcome === 'last_admin_key') {
      throw new DistilleryError(
        'last_admin_key',
        `key ${id} is the only admin key: create another (POST /v1/keys with role admin) or configure one in API_KEYS, then revoke this one`,
      );
    }
    this.lastWritten.delete(id);
    return storedView(stored);
  }

  private async withLastUse(items: ApiKey[]): Promise<ApiKey[]> {
    const used = await this.registry.apiKeys.lastUsed(items.map((item) => item.id));
    return items.map((item, i) => (used[i] ? { ...item, lastUsedAt: used[i] } : item));
  }
}

function notFound(id: string): DistilleryError {
  return new DistilleryError('key_not_found', `there is no key ${id}; list keys with GET /v1/keys`);
}

function configuredView(entry: ConfiguredEntry): ApiKey {
  return { id: entry.keyId, tenant: entry.tenant, role: entry.role, name: entry.name, source: 'configured' };
}

function storedView(info: StoredKeyInfo): ApiKey {
  return {
    id: info.keyId,
    tenant: info.tenant,
    role: info.role,
    ...(info.name !== undefined ? { name: info.name } : {}),
    source: 'stored',
    createdAt: info.createdAt,
    ...(info.lastUsedAt !== undefined ? { lastUsedAt: info.lastUsedAt } : {}),
  };
}
