import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testRedisUrl } from './helpers/redis.ts';
import type { JobEvent, Model, WorkerInfo } from '@distillery/contracts';
import type { Job } from '@distillery/jobs';
import { createArtifactStore } from '@distillery/storage';
import { startProcess, waitForHttp, type ServiceProcess } from '../scripts/processes.ts';
import { freePort } from '../scripts/redis.ts';
import { startS3Server, type S3Server } from './helpers/s3.ts';

const API_KEY = 'test-key-' + 'x'.repeat(32);

// Workers on different hosts share nothing but Redis and the artifact store. Here the API and two
// worker processes each get a DATA_DIR of their own and the S3 store: one worker serves only the
// teacher queue, the other aggregation and training, so every artifact one writes and the other
// reads has to travel through S3.
let s3: S3Server;
let base: string;
const dataDirs: string[] = [];
const processes: ServiceProcess[] = [];
let teacherWorker: ServiceProcess;
let trainWorker: ServiceProcess;

beforeAll(async () => {
  const redisUrl = testRedisUrl();
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  await redis.quit();
  s3 = await startS3Server();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const start = (name: string, entry: string, env: Record<string, string>) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `distillery-${name}-`));
    dataDirs.push(dataDir);
    const service = startProcess(name, entry, { REDIS_URL: redisUrl, ARTIFACT_STORE: s3.url, ...s3.env, DATA_DIR: dataDir, ...env });
    processes.push(service);
    return service;
  };
  start('api', 'services/api/src/server.ts', { PORT: String(port), HOST: '127.0.0.1', API_KEYS: `s3test:admin:${API_KEY}` });
  teacherWorker = start('teacher-worker', 'services/worker/src/main.ts', { WORKER_QUEUES: 'teacher', TFJS_BACKEND: 'wasm' });
  trainWorker = start('train-worker', 'services/worker/src/main.ts', { WORKER_QUEUES: 'aggregate,train', TFJS_BACKEND: 'wasm' });
  await waitForHttp(`${base}/readyz`);
});

afterAll(async () => {
  const codes = await Promise.all(processes.map((p) => p.stop()));
  await s3?.close();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  expect(codes, processes.map((p) => `--- ${p.name}\n${p.output()}`).join('\n')).toEqual(processes.map(() => 0));
});

async function call<T>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const finished = (id: string) =>
  poll(`job ${id}`, async () => {
    const { body } = await call<Job>('GET', `/v1/jobs/${id}`);
    return ['succeeded', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
  });

/** Files anywhere under a folder. */
const filesUnder = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());

it('runs a distill job across two worker processes that share only Redis and S3', async () => {
  const workers = await poll('both workers', async () => {
    const { body } = await call<{ items: WorkerInfo[] }>('GET', '/v1/workers');
    return body.items.length === 2 ? body.items : undefined;
  });
  const byPid = new Map(workers.map((w) => [w.pid, w]));
  const teacherSide = byPid.get(teacherWorker.child.pid!)!;
  const trainSide = byPid.get(trainWorker.child.pid!)!;
  expect(teacherSide.queues).toEqual(['teacher']);
  expect(trainSide.queues).toEqual(['aggregate', 'train']);

  const dataset = await call<{ id: string }>('POST', '/v1/datasets', { name: 'iris', source: { builtin: 'iris' } });
  expect(dataset.status).toBe(201);
  // Trained on the train worker; its files go to S3, where the teacher worker finds them.
  const teacherJob = await call<{ id: string }>('POST', '/v1/jobs', {
    type: 'train',
    dataset: dataset.body.id,
    model: { architecture: { kind: 'mlp', hidden: [16] } },
    training: { epochs: 20, batchSize: 16, learningRate: 0.02, seed: 1 },
  });
  const teacher = await finished(teacherJob.body.id);
  expect(teacher.status, JSON.stringify(teacher.error)).toBe('succeeded');

  const submitted = await call<{ id: string }>('POST', '/v1/jobs', {
    type: 'distill',
    dataset: dataset.body.id,
    teachers: [{ model: teacher.result!.model }],
    student: { architecture: { kind: 'mlp', hidden: [4] } },
    method: { kind: 'logits', temperature: 2, alpha: 0.7 },
    training: { epochs: 10, batchSize: 16, learningRate: 0.02, seed: 1 },
  });
  expect(submitted.status).toBe(202);
  const job = await finished(submitted.body.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  expect(job.stages.map((s) => [s.name, s.status])).toEqual([
    ['teacher:0', 'succeeded'],
    ['aggregate', 'succeeded'],
    ['train', 'succeeded'],
  ]);

  // Stages record no worker; the job's log says which worker started each one.
  const events = (await call<{ items: JobEvent[] }>('GET', `/v1/jobs/${job.id}/events?limit=1000`)).body.items;
  const ranOn = Object.fromEntries(
    events.flatMap((e) => {
      const started = e.type === 'log' ? /^(\S+) started on worker (\S+) /.exec(String(e.data.message)) : null;
      return started ? [[started[1]!, started[2]!]] : [];
    }),
  );
  expect(ranOn).toEqual({ 'teacher:0': teacherSide.id, aggregate: trainSide.id, train: trainSide.id });

  // The student downloads through the API, byte for byte what is in the bucket.
  const student = (await call<Model>('GET', `/v1/models/${job.result!.model}`)).body;
  const bucket = createArtifactStore(s3.url, s3.env);
  expect(student.files.length).toBeGreaterThan(0);
  for (const file of student.files) {
    const response = await fetch(`${base}/v1/models/${student.id}/files/${file}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(response.status).toBe(200);
    const downloaded = Buffer.from(await response.arrayBuffer());
    expect(downloaded.equals(await bucket.get(`models/${student.id}/${file}`))).toBe(true);
  }
  expect(await bucket.list(`models/${teacher.result!.model}`)).toEqual(expect.arrayContaining([`models/${teacher.result!.model}/model.json`]));

  // Nothing went to local disk: the store is the only place artifacts live.
  for (const dir of dataDirs) expect(filesUnder(dir), dir).toEqual([]);

  // With the store gone, a download is a 503 the client can retry, not a 500.
  await s3.close();
  const down = await fetch(`${base}/v1/models/${student.id}/files/${student.files[0]}`, { headers: { authorization: `Bearer ${API_KEY}` } });
  expect(down.status).toBe(503);
  expect(await down.json()).toMatchObject({ code: 'store_unavailable' });
});
