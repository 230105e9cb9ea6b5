import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testRedisUrl } from './helpers/redis.ts';
import type { JobEvent, WorkerInfo } from '@distillery/contracts';
import { mulberry32 } from '@distillery/kd';
import { encodeNpy } from '@distillery/storage';
import { startProcess, waitForHttp, type ServiceProcess } from '../scripts/processes.ts';
import { freePort } from '../scripts/redis.ts';
import { ServiceClient, sleep } from './helpers/service.ts';

// `npm start` (scripts/start.ts) with the submission memory check lifted, so a
// job that overflows a wasm worker's 4 GiB heap reaches a worker: 2048 tokens
// give 4 x 2048^2 attention scores per sample, 1 GiB per tensor at batch 16.
// The trap leaves that worker's backend broken; the job must fail for good
// (a retry would trap again), and the worker must make way for a fresh one.
const API_KEY = 'retire-admin-' + 'k'.repeat(32);
const TOKENS = 2048;

let dataDir: string;
let client: ServiceClient;
let service: ServiceProcess;

beforeAll(async () => {
  const redisUrl = testRedisUrl();
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  await redis.quit();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'distillery-retire-'));
  const port = await freePort();
  client = new ServiceClient(`http://127.0.0.1:${port}`, API_KEY);
  service = startProcess('service', 'scripts/start.ts', {
    REDIS_URL: redisUrl,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    TFJS_BACKEND: 'wasm',
    API_KEYS: `retire:admin:${API_KEY}`,
    JOB_MEMORY_LIMIT_BYTES: String(1024 ** 4),
    LOG_LEVEL: 'warn',
  });
  await waitForHttp(`${client.base}/readyz`, 60_000);
});

afterAll(async () => {
  const code = await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
  expect(code, service.output().slice(-3000)).toBe(0);
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${service.output().slice(-3000)}`);
    await sleep(200);
  }
}

/** Long sequences of one feature, uploaded as NPY. */
async function uploadSequences(): Promise<string> {
  const random = mulberry32(5);
  const form = new FormData();
  form.set('name', 'long sequences');
  form.set('format', 'npy');
  const part = (field: string, array: Float32Array | Int32Array, shape: number[]) => form.append(field, new Blob([encodeNpy(array, shape)]), `${field}.npy`);
  part('x', Float32Array.from({ length: 32 * TOKENS }, () => random()), [32, TOKENS, 1]);
  part('y', Int32Array.from({ length: 32 }, (_, i) => i % 2), [32]);
  part('testX', Float32Array.from({ length: 8 * TOKENS }, () => random()), [8, TOKENS, 1]);
  part('testY', Int32Array.from({ length: 8 }, (_, i) => i % 2), [8]);
  const response = await fetch(`${client.base}/v1/datasets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${API_KEY}` } });
  const body = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.id;
}

it("fails a job that overflows the worker's heap once, as out_of_memory; a fresh worker replaces the broken one and runs the next job", async () => {
  const [first] = await waitFor('the worker to register', async () => {
    const workers = await client.workers();
    return workers.length === 1 ? workers : undefined;
  });
  const sequences = await uploadSequences();
  const overflowing = await client.create(
    '/v1/jobs',
    { type: 'train', dataset: sequences, model: { architecture: { kind: 'transformer', layers: 1, heads: 4, dim: 8 } }, training: { epochs: 1, batchSize: 16 } },
    202,
  );
  const failed = await client.finished(overflowing.id, 180_000, 500);
  expect(failed.status, JSON.stringify(failed.error)).toBe('failed');
  expect(failed.error?.code, failed.error?.message).toBe('out_of_memory');
  const events = (await client.call<{ items: JobEvent[] }>('GET', `/v1/jobs/${overflowing.id}/events?limit=1000`)).body.items;
  const logs = events.filter((e) => e.type === 'log').map((e) => (e.data as { message: string }).message);
  expect(logs.filter((m) => /started on worker/.test(m)), logs.join('\n')).toHaveLength(1);
  expect(logs.join('\n')).not.toMatch(/will be retried/);

  // The broken worker exits and `npm start` starts another in its place.
  const [fresh] = await waitFor('a fresh worker to register', async () => {
    const workers = await client.workers();
    return workers.length === 1 && workers[0]!.id !== first!.id ? workers : undefined;
  });
  expect(fresh).toMatchObject<Partial<WorkerInfo>>({ status: 'ready', currentJobs: [] });
  expect(() => process.kill(first!.pid, 0)).toThrow(/ESRCH/);
  expect(service.output()).toMatch(/worker retired \(its TensorFlow\.js backend broke\); starting a fresh one/);

  const blobs = await client.create('/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { trainSize: 200, testSize: 50 } } }, 201);
  const small = await client.create('/v1/jobs', { type: 'train', dataset: blobs.id, model: { architecture: { kind: 'mlp', hidden: [8] } }, training: { epochs: 1 } }, 202);
  const done = await client.finished(small.id, 60_000, 200);
  expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
});
