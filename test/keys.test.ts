import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { app, ensureFirstAdminKey, KeyDirectory, LAST_USED_EVERY_MS, reconcileStoredKeys, type AccessOptions } from '@distillery/api';
import { hashApiKey, keyIdOf, keys, Registry } from '@distillery/registry';
import { createArtifactStore } from '@distillery/storage';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from './helpers/redis.ts';
import { startStack, type Stack } from './helpers/stack.ts';

// API keys made, listed and revoked through the API, against real Redis:
// revocation holds on every instance at once, configured keys and the last
// admin key cannot be revoked, and the first start's admin key stops working
// once keys are configured.
const secret = (name: string) => `${name}-key-${'s'.repeat(32)}`;
const OPS = secret('ops');
const ACME = secret('acme');
const limits = { requestsPerMinute: 100_000, concurrentJobs: 10, storedBytes: 1e9 };
const access: AccessOptions = {
  auth: 'keys',
  keys: [
    { tenant: 'ops', role: 'admin', key: OPS, name: 'API_KEYS entry 1' },
    { tenant: 'acme', role: 'user', key: ACME, name: 'API_KEYS entry 2' },
  ],
  limits,
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 0, access });
});
afterAll(async () => stack?.close());

async function call(api: FastifyInstance, apiKey: string | undefined, method: string, url: string, payload?: object) {
  const response = await api.inject({
    method: method as 'GET',
    url,
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    ...(payload ? { payload } : {}),
  });
  const json = String(response.headers['content-type'] ?? '').includes('json');
  return { status: response.statusCode, body: json ? JSON.parse(response.body) : response.body, headers: response.headers, text: response.body };
}

const create = (body: object, by = OPS) => call(stack.api, by, 'POST', '/v1/keys', body);

/** Another API instance over the same Redis, as a second replica behind a load balancer would be. */
async function secondInstance(options: AccessOptions = access, redisUrl = stack.redisUrl): Promise<{ api: FastifyInstance; close(): Promise<void> }> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const api = Fastify({ logger: false });
  await api.register(app, { redis, store: stack.store, access: options });
  await api.ready();
  return {
    api,
    close: async () => {
      await api.close();
      await redis.quit();
    },
  };
}

/** One of this test worker's spare Redis databases, emptied: for tests that count every stored admin key. */
async function freshDatabase(spare: number): Promise<{ url: string; redis: Redis; registry: Registry }> {
  const url = testRedisUrl(spare);
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  return { url, redis, registry: new Registry(redis) };
}

/** Every key the service keeps in Redis, with its value, as one text. */
async function storedText(redis: Redis): Promise<string> {
  const parts: string[] = [];
  for (const name of await redis.keys('distillery:*')) {
    const type = await redis.type(name);
    const value =
      type === 'string' ? await redis.get(name)
      : type === 'hash' ? JSON.stringify(await redis.hgetall(name))
      : type === 'set' ? JSON.stringify(await redis.smembers(name))
      : type === 'zset' ? JSON.stringify(await redis.zrange(name, '0', '-1'))
      : type;
    parts.push(`${name}=${value}`);
  }
  return parts.join('\n');
}

describe('POST /v1/keys', () => {
  it('creates a key for a tenant and role, shown once, that then works as that tenant', async () => {
    const created = await create({ tenant: 'acme', role: 'user', name: 'ci' });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ tenant: 'acme', role: 'user', name: 'ci', source: 'stored' });
    expect(created.body.key).toMatch(/^dk_[A-Za-z0-9_-]{43}$/);
    expect(created.body.id).toMatch(/^key_[0-9a-z]{21}$/);
    expect(Date.parse(created.body.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(created.headers.location).toBe(`/v1/keys/${created.body.id}`);
    expect(created.headers['cache-control']).toBe('no-store');
    // Acme's own records, whichever of acme's keys asks.
    const dataset = await call(stack.api, created.body.key, 'POST', '/v1/datasets', { name: 'made-with-new-key', source: { builtin: 'iris' } });
    expect(dataset.status, dataset.text).toBe(201);
    expect((await call(stack.api, ACME, 'GET', '/v1/datasets')).body.items.map((d: { id: string }) => d.id)).toContain(dataset.body.id);
    // Only its hash is stored.
    const stored = await storedText(stack.redis);
    expect(stored).toContain(hashApiKey(created.body.key));
    expect(stored).not.toContain(created.body.key);
    expect(await stack.redis.exists(keys.apiKey(hashApiKey(created.body.key)))).toBe(1);
  });

  it('creates admin keys that can manage keys, and refuses bodies that are not a tenant and a role', async () => {
    const admin = await create({ tenant: 'ops', role: 'admin' });
    expect(admin.status).toBe(201);
    expect(admin.body).not.toHaveProperty('name');
    expect((await call(stack.api, admin.body.key, 'GET', '/v1/keys')).status).toBe(200);
    for (const body of [{ tenant: 'Acme!', role: 'user' }, { tenant: 'acme', role: 'root' }, { tenant: 'acme' }, { tenant: 'acme', role: 'user', name: '' }, { tenant: 'acme', role: 'user', key: 'chosen-by-me' }]) {
      const refused = await create(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.code).toBe('invalid_request');
    }
  });
});

describe('GET /v1/keys', () => {
  it('lists configured keys first, then stored ones newest first, never a key or its hash', async () => {
    const made: { id: string; key: string }[] = [];
    for (let i = 0; i < 3; i++) {
      made.push((await create({ tenant: 'globex', role: 'user', name: `listed-${i}` })).body);
      await new Promise((resolve) => setTimeout(resolve, 3)); // ids order by creation time, to the millisecond
    }
    const listing = await call(stack.api, OPS, 'GET', '/v1/keys?limit=200');
    expect(listing.status).toBe(200);
    const items = listing.body.items as Record<string, unknown>[];
    expect(items.slice(0, 2)).toEqual([
      expect.objectContaining({ id: keyIdOf(hashApiKey(OPS)), tenant: 'ops', role: 'admin', source: 'configured', name: 'API_KEYS entry 1' }),
      expect.objectContaining({ id: keyIdOf(hashApiKey(ACME)), tenant: 'acme', role: 'user', source: 'configured', name: 'API_KEYS entry 2' }),
    ]);
    expect(items[0]).not.toHaveProperty('createdAt');
    const stored = items.filter((item) => item.source === 'stored');
    expect(stored.map((item) => item.id)).toEqual([...stored.map((item) => item.id as string)].sort().reverse());
    expect(stored.slice(0, 3).map((item) => item.name)).toEqual(['listed-2', 'listed-1', 'listed-0']);
    for (const item of items) expect(Object.keys(item).sort()).toEqual(expect.arrayContaining(['id', 'role', 'source', 'tenant']));
    for (const item of items) expect(Object.keys(item).every((field) => ['id', 'tenant', 'role', 'name', 'source', 'createdAt', 'lastUsedAt'].includes(field))).toBe(true);
    for (const key of [...made.map((m) => m.key as string), OPS, ACME]) {
      expect(listing.text).not.toContain(key);
      expect(listing.text).not.toContain(hashApiKey(key));
    }
    const one = await call(stack.api, OPS, 'GET', `/v1/keys/${made[0]!.id}`);
    expect(one.body).toEqual(items.find((item) => item.id === made[0]!.id));
    expect(await call(stack.api, OPS, 'GET', '/v1/keys/key_0000000000000000000000')).toMatchObject({ status: 404, body: { code: 'key_not_found' } });
  });

  it('pages with limit, after and next across configured and stored keys, and refuses a cursor no page gave', async () => {
    const everything = (await call(stack.api, OPS, 'GET', '/v1/keys?limit=200')).body.items.map((item: { id: string }) => item.id);
    expect(everything.length).toBeGreaterThan(4);
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = await call(stack.api, OPS, 'GET', `/v1/keys?limit=${limit}${after ? `&after=${after}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.body.items.map((item: { id: string }) => item.id));
        after = page.body.next;
        if (!after) break;
      }
      expect(seen, `limit ${limit}`).toEqual(everything);
    }
    const wrong = await call(stack.api, OPS, 'GET', '/v1/keys?after=j_0mwzwclana16319dec16b');
    expect(wrong).toMatchObject({ status: 400, body: { code: 'invalid_request', field: '/after' } });
  });
});

describe('DELETE /v1/keys/:id', () => {
  it('revokes a stored key: the very next request with it is 401, on this instance and on another', async () => {
    const other = await secondInstance();
    try {
      const { key, id } = (await create({ tenant: 'acme', role: 'user', name: 'to revoke' })).body;
      expect((await call(stack.api, key, 'GET', '/v1/jobs')).status).toBe(200);
      expect((await call(other.api, key, 'GET', '/v1/jobs')).status).toBe(200);
      const revoked = await call(stack.api, OPS, 'DELETE', `/v1/keys/${id}`);
      expect(revoked.status, revoked.text).toBe(204);
      for (const api of [stack.api, other.api]) {
        const refused = await call(api, key, 'GET', '/v1/jobs');
        expect(refused).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
        expect(refused.headers['www-authenticate']).toContain('invalid_token');
      }
      expect((await call(stack.api, OPS, 'GET', '/v1/keys?limit=200')).body.items.map((item: { id: string }) => item.id)).not.toContain(id);
      expect(await call(other.api, OPS, 'DELETE', `/v1/keys/${id}`)).toMatchObject({ status: 404, body: { code: 'key_not_found' } });
      expect(await call(stack.api, OPS, 'GET', `/v1/keys/${id}`)).toMatchObject({ status: 404, body: { code: 'key_not_found' } });
    } finally {
      await other.close();
    }
  });

  it('refuses to revoke a configured key with 409 key_configured; the key keeps working', async () => {
    for (const configured of [OPS, ACME]) {
      const id = keyIdOf(hashApiKey(configured));
      const refused = await call(stack.api, OPS, 'DELETE', `/v1/keys/${id}`);
      expect(refused).toMatchObject({ status: 409, body: { code: 'key_configured' } });
      expect(refused.body.detail).toContain('API_KEYS');
      expect((await call(stack.api, configured, 'GET', '/v1/jobs')).status).toBe(200);
    }
  });

  it('lets an admin revoke its own key when another admin key exists, after which it is refused', async () => {
    const { key, id } = (await create({ tenant: 'ops', role: 'admin', name: 'rotating' })).body;
    expect((await call(stack.api, key, 'DELETE', `/v1/keys/${id}`)).status).toBe(204);
    expect((await call(stack.api, key, 'GET', '/v1/keys')).status).toBe(401);
  });
});

describe('who may manage keys', () => {
  it('answers 403 to a user key and 401 to no key, on every /v1/keys route', async () => {
    const { key: storedUser, id } = (await create({ tenant: 'acme', role: 'user' })).body;
    const routes: [string, string, object?][] = [
      ['POST', '/v1/keys', { tenant: 'acme', role: 'admin' }],
      ['GET', '/v1/keys'],
      ['GET', `/v1/keys/${id}`],
      ['DELETE', `/v1/keys/${id}`],
    ];
    // Every documented /v1/keys operation is tried.
    const document = (await stack.api.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/v1/keys'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(new Set(routes.map(([method, url]) => `${method} ${url.replace(id, '{id}')}`))).toEqual(new Set(documented));
    for (const [method, url, body] of routes) {
      for (const user of [ACME, storedUser]) {
        expect(await call(stack.api, user, method, url, body), `${method} ${url}`).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      }
      expect((await call(stack.api, undefined, method, url, body)).status, `${method} ${url}`).toBe(401);
    }
    expect((await call(stack.api, storedUser, 'GET', '/v1/jobs')).status).toBe(200); // still a working key
  });
});

describe('the last admin key', () => {
  it('is never revoked: 409 last_admin_key, until another admin key exists', async () => {
    // Only a user key is configured, so stored admin keys are all the admin keys there are.
    const { url, redis, registry } = await freshDatabase(1);
    const only = await secondInstance({ auth: 'keys', keys: [{ tenant: 'acme', role: 'user', key: ACME }], limits }, url);
    try {
      const first = await registry.apiKeys.create({ tenant: 'ops', role: 'admin', name: 'first' });
      const refused = await call(only.api, first.key, 'DELETE', `/v1/keys/${first.principal.keyId}`);
      expect(refused).toMatchObject({ status: 409, body: { code: 'last_admin_key' } });
      expect((await call(only.api, first.key, 'GET', '/v1/keys')).status).toBe(200);
      const second = await call(only.api, first.key, 'POST', '/v1/keys', { tenant: 'ops', role: 'admin', name: 'second' });
      // A user key never counts as an admin: revoking it is fine, and leaves the admin count as it was.
      const user = await call(only.api, first.key, 'POST', '/v1/keys', { tenant: 'acme', role: 'user' });
      expect((await call(only.api, first.key, 'DELETE', `/v1/keys/${user.body.id}`)).status).toBe(204);
      expect((await call(only.api, second.body.key, 'DELETE', `/v1/keys/${first.principal.keyId}`)).status).toBe(204);
      expect(await call(only.api, second.body.key, 'DELETE', `/v1/keys/${second.body.id}`)).toMatchObject({ status: 409, body: { code: 'last_admin_key' } });
      // Two admins revoking each other at once: one of them stays.
      const third = await call(only.api, second.body.key, 'POST', '/v1/keys', { tenant: 'ops', role: 'admin' });
      const answers = await Promise.all([
        call(only.api, second.body.key, 'DELETE', `/v1/keys/${third.body.id}`),
        call(only.api, third.body.key, 'DELETE', `/v1/keys/${second.body.id}`),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([204, 409]);
      expect(await registry.apiKeys.adminCount()).toBe(1);
    } finally {
      await only.close();
      await redis.quit();
    }
  });
});

describe('the first start admin key', () => {
  it('is revoked at start-up once API_KEYS is configured, and refused even before that, with one log line', async () => {
    const { url, redis, registry } = await freshDatabase(2);
    try {
      const unconfigured: AccessOptions = { auth: 'keys', keys: [], limits };
      const firstKey = await ensureFirstAdminKey(registry, unconfigured);
      expect(firstKey).toMatch(/^dk_/);
      expect(await ensureFirstAdminKey(registry, unconfigured)).toBeUndefined(); // a later start finds it
      const before = await secondInstance(unconfigured, url);
      expect((await call(before.api, firstKey, 'GET', '/v1/keys')).status).toBe(200);
      await before.close();

      // The next start has API_KEYS: the key is refused from the first request on, and start-up revokes it.
      const configured: AccessOptions = { auth: 'keys', keys: [{ tenant: 'ops', role: 'admin', key: OPS }], limits };
      const after = await secondInstance(configured, url);
      try {
        expect((await call(after.api, firstKey, 'GET', '/v1/jobs')).status).toBe(401);
        const lines: string[] = [];
        const log = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
        expect(await ensureFirstAdminKey(registry, configured, log)).toBeUndefined();
        const said = lines.map((line) => JSON.parse(line).msg as string);
        expect(said).toHaveLength(1);
        expect(said[0]).toMatch(/^API keys are configured, so the admin key created at first start \(key_[0-9a-z]{21}\) was revoked$/);
        expect(await redis.exists(keys.apiKey(hashApiKey(firstKey!)))).toBe(0);
        const listed = (await call(after.api, OPS, 'GET', '/v1/keys')).body.items;
        expect(listed.map((item: { source: string }) => item.source)).toEqual(['configured']);
        // Nothing more to do on the start after.
        expect(await reconcileStoredKeys(registry, configured)).toEqual({ revoked: [] });
      } finally {
        await after.close();
      }
    } finally {
      await redis.quit();
    }
  });

  it('is revoked too when an older version stored it (no origin, an id from its hash, not indexed)', async () => {
    const { redis, registry } = await freshDatabase(3);
    try {
      const legacyKey = `dk_${'l'.repeat(43)}`;
      const hash = hashApiKey(legacyKey);
      const record = { keyId: keyIdOf(hash), tenant: 'default', role: 'admin', name: 'first admin key', createdAt: '2026-01-02T03:04:05.000Z' };
      await redis.multi().set(keys.apiKey(hash), JSON.stringify(record)).sadd(keys.apiKeys, hash).exec();
      const createdByApi = await registry.apiKeys.create({ tenant: 'acme', role: 'user', name: 'kept' });
      // Without keys configured it is indexed (listed, revocable) and kept.
      expect(await reconcileStoredKeys(registry, { auth: 'keys', keys: [], limits })).toEqual({ revoked: [] });
      const listed = await registry.apiKeys.list({ limit: 10 });
      expect(listed.items.map((item) => [item.name, item.origin])).toEqual([
        ['kept', 'api'],
        ['first admin key', 'first-start'],
      ]);
      expect(listed.items[1]!.keyId).toBe(`key_${Date.parse(record.createdAt).toString(36).padStart(9, '0')}${hash.slice(0, 12)}`);
      // With keys configured it goes; the key made through the API stays.
      const outcome = await reconcileStoredKeys(registry, { auth: 'keys', keys: [{ tenant: 'ops', role: 'admin', key: OPS }], limits });
      expect(outcome.revoked).toEqual([listed.items[1]!.keyId]);
      expect(await registry.apiKeys.findByHash(hash)).toBeUndefined();
      expect(await registry.apiKeys.findByHash(hashApiKey(createdByApi.key))).toBeDefined();
    } finally {
      await redis.quit();
    }
  });
});

describe('last use', () => {
  it('is shown once a key is used, and written at most once a minute per key', async () => {
    const { key, id } = (await create({ tenant: 'acme', role: 'user', name: 'last-used' })).body;
    const shown = async () => (await call(stack.api, OPS, 'GET', `/v1/keys/${id}`)).body.lastUsedAt as string | undefined;
    expect(await shown()).toBeUndefined();
    const start = Date.now();
    expect((await call(stack.api, key, 'GET', '/v1/jobs')).status).toBe(200);
    const first = await shown();
    expect(first).toBeDefined();
    expect(Date.parse(first!)).toBeGreaterThanOrEqual(start - 1000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await call(stack.api, key, 'GET', '/v1/jobs');
    expect(await shown()).toBe(first); // within the minute: not written again
    // Configured keys have a last use too.
    await call(stack.api, ACME, 'GET', '/v1/jobs');
    const listed = (await call(stack.api, OPS, 'GET', '/v1/keys')).body.items;
    expect(listed.find((item: { id: string }) => item.id === keyIdOf(hashApiKey(ACME))).lastUsedAt).toBeDefined();
  });

  it('is written again once a minute has passed (a directory with a clock of its own)', async () => {
    let now = Date.parse('2026-03-01T10:00:00.000Z');
    const directory = new KeyDirectory(stack.api.registry, [], { now: () => now });
    const { key, principal } = await stack.api.registry.apiKeys.create({ tenant: 'acme', role: 'user' });
    const lastUsed = async () => (await stack.api.registry.apiKeys.get(principal.keyId))?.lastUsedAt;
    const use = async () => directory.noteUse((await directory.authenticate(key))!);
    await use();
    expect(await lastUsed()).toBe('2026-03-01T10:00:00.000Z');
    now += LAST_USED_EVERY_MS - 1;
    await use();
    expect(await lastUsed()).toBe('2026-03-01T10:00:00.000Z');
    now += 1;
    await use();
    expect(await lastUsed()).toBe('2026-03-01T10:01:00.000Z');
  });
});
