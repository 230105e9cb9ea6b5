import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testRedisUrl } from './helpers/redis.ts';
import type { Job } from '@distillery/jobs';
import { startProcess, waitForHttp, type ServiceProcess } from '../scripts/processes.ts';
import { freePort } from '../scripts/redis.ts';

const API_KEY = 'test-key-' + 'x'.repeat(32);

// The service as users run it: the API and two workers as separate processes,
// talked to over HTTP only, distilling two teachers on real MNIST.
let base: string;
let dataDir: string;
const processes: ServiceProcess[] = [];

beforeAll(async () => {
  const redisUrl = testRedisUrl();
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  await redis.quit();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'distillery-e2e-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // A key given in configuration, as a script would start the service with.
  const env = { REDIS_URL: redisUrl, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', TFJS_BACKEND: 'auto', API_KEYS: `e2e:admin:${API_KEY}` };
  processes.push(startProcess('api', 'services/api/src/server.ts', env));
  processes.push(startProcess('worker-1', 'services/worker/src/main.ts', env));
  processes.push(startProcess('worker-2', 'services/worker/src/main.ts', env));
  await waitForHttp(`${base}/readyz`);
});

afterAll(async () => {
  const codes = await Promise.all(processes.map((p) => p.stop()));
  rmSync(dataDir, { recursive: true, force: true });
  expect(codes, processes.map((p) => p.output()).join('\n')).toEqual([0, 0, 0]);
});

async function call<T = any>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function finished(id: string, timeoutMs = 150_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await call<Job>('GET', `/v1/jobs/${id}`);
    if (['succeeded', 'failed', 'cancelled'].includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

it('distils two MNIST teachers into a student through HTTP, with two worker processes', async () => {
  const workers = await (async () => {
    for (;;) {
      const { body } = await call<{ items: { backend: string; pid: number }[] }>('GET', '/v1/workers');
      if (body.items.length === 2) return body.items;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  expect(workers.map((w) => w.backend)).toEqual(['wasm', 'wasm']);
  expect(new Set(workers.map((w) => w.pid)).size).toBe(2);

  const dataset = await call('POST', '/v1/datasets', { name: 'mnist-5k', source: { builtin: 'mnist', options: { trainSize: 5000, testSize: 1000 } } });
  expect(dataset.status).toBe(201);

  const teacherJobs = await Promise.all(
    [[128], [64, 64]].map((hidden, i) =>
      call('POST', '/v1/jobs', {
        type: 'train',
        dataset: dataset.body.id,
        model: { architecture: { kind: 'mlp', hidden } },
        training: { epochs: 2, batchSize: 64, learningRate: 0.002, seed: i + 1 },
      }),
    ),
  );
  const teachers = await Promise.all(teacherJobs.map((j) => finished(j.body.id)));
  for (const teacher of teachers) {
    expect(teacher.status).toBe('succeeded');
    expect(teacher.result!.metrics.testAccuracy).toBeGreaterThan(0.85);
  }

  const submitted = await call('POST', '/v1/jobs', {
    type: 'distill',
    dataset: dataset.body.id,
    teachers: [{ model: teachers[0]!.result!.model }, { model: teachers[1]!.result!.model, weight: 2 }],
    student: { architecture: { kind: 'mlp', hidden: [32] } },
    method: { kind: 'logits', temperature: 4, alpha: 0.9 },
    aggregation: { strategy: 'mean' },
    training: { epochs: 2, batchSize: 64, learningRate: 0.002, seed: 1 },
    baseline: true,
  });
  expect(submitted.status).toBe(202);
  const job = await finished(submitted.body.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  expect(job.stages.every((s) => s.status === 'succeeded')).toBe(true);
  const { metrics } = job.result!;
  expect(metrics.student!.testAccuracy).toBeGreaterThan(0.8);
  expect(metrics.baseline!.testAccuracy).toBeGreaterThan(0.5);
  expect(metrics.agreement).toBeGreaterThan(0.8);
  expect(metrics.compression!.parameterRatio).toBeGreaterThan(5);

  const student = await call('GET', `/v1/models/${job.result!.model}`);
  expect(student.body).toMatchObject({ format: 'tfjs-layers', inputShape: [28, 28, 1], numClasses: 10 });
  const files = await fetch(`${base}/v1/models/${job.result!.model}/files/model.json`, { headers: { authorization: `Bearer ${API_KEY}` } });
  expect(((await files.json()) as { format: string }).format).toBe('layers-model');
});
