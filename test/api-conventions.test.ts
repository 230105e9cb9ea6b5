import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layersModelFiles } from './fixtures/model-files.ts';
import { startStack, type Stack } from './helpers/stack.ts';

// The conventions clients expect of a job service (Idempotency-Key on creating POSTs,
// X-Request-Id and rate-limit headers), over real HTTP against the API and a real Redis
// (no workers: the jobs only need to be created, not run).
const KEYS = { a: 'tenant-a-key-' + 'a'.repeat(32), b: 'tenant-b-key-' + 'b'.repeat(32) };
let stack: Stack;
let base: string;
let dataset: string;
let teacher: string;

beforeAll(async () => {
  stack = await startStack({
    workers: 0,
    access: {
      auth: 'keys',
      keys: [
        { tenant: 'a', role: 'user', key: KEYS.a },
        { tenant: 'b', role: 'user', key: KEYS.b },
      ],
      limits: { requestsPerMinute: 100_000, concurrentJobs: 100, storedBytes: 1e9 },
    },
  });
  base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
  dataset = (await send('/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { trainSize: 100, testSize: 50 } } })).body.id;
  // A teacher for the sweeps (an untrained one does: the sweeps are only created).
  await tf.setBackend('cpu');
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 16, activation: 'relu' }), tf.layers.dense({ units: 3 })] });
  const form = new FormData();
  form.set('name', 'teacher');
  for (const [name, bytes] of await layersModelFiles(model, 1)) form.append('files', new Blob([bytes]), name);
  model.dispose();
  const uploaded = await fetch(`${base}/v1/models`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.a}` }, body: form });
  expect(uploaded.status).toBe(201);
  teacher = ((await uploaded.json()) as { id: string }).id;
});
afterAll(() => stack.close());

async function send(url: string, body: unknown, options: { key?: string; tenant?: keyof typeof KEYS } = {}) {
  const response = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${KEYS[options.tenant ?? 'a']}`,
      'content-type': 'application/json',
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

const jobCount = async (tenant: keyof typeof KEYS = 'a') =>
  ((await (await fetch(`${base}/v1/jobs?limit=200`, { headers: { authorization: `Bearer ${KEYS[tenant]}` } })).json()) as { items: unknown[] }).items.length;

const trainJob = (seed: number) => ({ type: 'train', dataset, model: { architecture: { kind: 'mlp', hidden: [8] } }, training: { epochs: 1, seed } });

describe('Idempotency-Key', () => {
  it('answers a retry with the first answer, status, body and location, and creates nothing more', async () => {
    const before = await jobCount();
    const first = await send('/v1/jobs', trainJob(1), { key: 'retry-1' });
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // The same request with its JSON keys in another order is the same request.
    const { type, ...rest } = trainJob(1);
    const retry = await send('/v1/jobs', { ...rest, type }, { key: 'retry-1' });
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(`/v1/jobs/${first.body.id}`);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await jobCount()).toBe(before + 1);
    // Without a key, the same body is a new job.
    expect((await send('/v1/jobs', trainJob(1))).body.id).not.toBe(first.body.id);
  });

  it('refuses the key for a different request, saying to use a new key', async () => {
    await send('/v1/jobs', trainJob(2), { key: 'retry-2' });
    const other = await send('/v1/jobs', trainJob(3), { key: 'retry-2' });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'idempotency_key_reused', field: '/headers/idempotency-key', detail: expect.stringMatching(/use a new key/) });
    const elsewhere = await send('/v1/datasets', { name: 'iris', source: { builtin: 'iris' } }, { key: 'retry-2' });
    expect(elsewhere.body.code).toBe('idempotency_key_reused');
  });

  it('creates one job for concurrent retries with one key', async () => {
    const before = await jobCount();
    const answers = await Promise.all(Array.from({ length: 12 }, () => send('/v1/jobs', trainJob(4), { key: 'parallel' })));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(202));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(11);
    expect(await jobCount()).toBe(before + 1);
  });

  it('keeps no error: a failed request created nothing, so its retry runs again', async () => {
    const refused = await send('/v1/jobs', { ...trainJob(5), dataset: 'ds_doesnotexist' }, { key: 'after-error' });
    expect(refused.status).toBe(422);
    const fixed = await send('/v1/jobs', trainJob(5), { key: 'after-error' });
    expect(fixed.status).toBe(202);
  });

  it('keeps each tenant’s keys apart', async () => {
    const a = await send('/v1/jobs', trainJob(6), { key: 'shared-key' });
    const datasetB = (await send('/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { trainSize: 100, testSize: 50 } } }, { tenant: 'b' })).body.id;
    const b = await send('/v1/jobs', { ...trainJob(6), dataset: datasetB }, { key: 'shared-key', tenant: 'b' });
    expect(b.status).toBe(202);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
  });

  it('replays dataset and sweep creation too, and refuses keys it cannot honour', async () => {
    const source = { name: 'iris', source: { builtin: 'iris' } };
    const first = await send('/v1/datasets', source, { key: 'dataset-1' });
    const again = await send('/v1/datasets', source, { key: 'dataset-1' });
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: { id: first.body.id } });

    const distill = { type: 'distill', dataset, teachers: [{ model: teacher }], student: { architecture: { kind: 'mlp', hidden: [4] } }, training: { epochs: 1, seed: 7 } };
    const sweep = { base: distill, grid: { temperature: [1, 4] } };
    const sweepFirst = await send('/v1/sweeps', sweep, { key: 'sweep-1' });
    const sweepAgain = await send('/v1/sweeps', sweep, { key: 'sweep-1' });
    expect(sweepFirst.status, JSON.stringify(sweepFirst.body)).toBe(202);
    expect(sweepAgain.body.id).toBe(sweepFirst.body.id);

    const badKey = await send('/v1/jobs', trainJob(8), { key: 'has spaces' });
    expect(badKey).toMatchObject({ status: 400, body: { code: 'invalid_request' } });

    const form = new FormData();
    form.set('name', 'm');
    form.append('files', new Blob(['{}']), 'model.json');
    const upload = await fetch(`${base}/v1/models`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.a}`, 'idempotency-key': 'upload-1' }, body: form });
    expect(upload.status).toBe(400);
    expect(await upload.json()).toMatchObject({ code: 'invalid_request', detail: expect.stringMatching(/not honoured on multipart uploads yet/) });
  });
});

describe('headers on every answer', () => {
  const get = (url: string, headers: Record<string, string> = {}) => fetch(`${base}${url}`, { headers: { authorization: `Bearer ${KEYS.b}`, ...headers } });

  it('sends X-Request-Id, passing on a plain one the client sent and replacing anything else', async () => {
    const fresh = await get('/v1/jobs');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get('/v1/jobs', { 'x-request-id': 'proxy-1234.abc' })).headers.get('x-request-id')).toBe('proxy-1234.abc');
    expect((await get('/v1/jobs', { 'x-request-id': 'has spaces and "quotes"' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // Refusals carry it too.
    const refused = await fetch(`${base}/v1/jobs`, { headers: { 'x-request-id': 'no-key-here' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toBe('no-key-here');
  });

  it('sends the key’s rate-limit budget (RateLimit-Limit, -Remaining, -Reset), counting down', async () => {
    const first = await get('/v1/jobs');
    const second = await get('/v1/jobs');
    expect(first.headers.get('ratelimit-limit')).toBe('100000');
    expect(Number(first.headers.get('ratelimit-remaining')) - Number(second.headers.get('ratelimit-remaining'))).toBe(1);
    expect(Number(second.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(Number(second.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60);
  });
});
