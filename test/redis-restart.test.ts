import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Job } from '@distillery/jobs';
import { startProcess, waitForHttp, type ServiceProcess } from '../scripts/processes.ts';
import { freePort } from '../scripts/redis.ts';
import { countBy, ServiceClient, sleep, startDurableRedis, stopRedis } from './helpers/service.ts';

// Redis stopped for real and started again on the same port and data folder,
// under the API and two worker processes with a backlog of queued jobs. Each
// worker first takes a longer "busy" job, so the small jobs are all still
// queued when Redis goes away and the busy jobs are mid-training: both the
// backlog and work in flight have to survive the outage.
const JOBS = Number(process.env.RESTART_TEST_JOBS ?? 100);
const WORKERS = 2;
/** Long enough that the outage stays inside the job lock (30 s): a running job keeps its lock. */
const OUTAGE_MS = 5000;
const API_KEY = 'restart-admin-' + 'k'.repeat(32);

let dataDir: string;
let redisDir: string;
let redisPort: number;
let redisServer: ChildProcess | undefined;
let client: ServiceClient;
const processes: ServiceProcess[] = [];
const timings: Record<string, number> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'distillery-restart-'));
  redisDir = path.join(dataDir, 'redis');
  redisPort = await freePort();
  redisServer = await startDurableRedis({ port: redisPort, dir: redisDir });
  const apiPort = await freePort();
  client = new ServiceClient(`http://127.0.0.1:${apiPort}`, API_KEY);
  const env = {
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    DATA_DIR: dataDir,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    TFJS_BACKEND: 'wasm',
    API_KEYS: `restart:admin:${API_KEY}`,
    // The backlog is the point here: lift the per-tenant limit of 100 unfinished jobs.
    QUOTA_CONCURRENT_JOBS: String(JOBS + 100),
  };
  processes.push(startProcess('api', 'services/api/src/server.ts', env));
  for (let i = 1; i <= WORKERS; i++) processes.push(startProcess(`worker-${i}`, 'services/worker/src/main.ts', env));
  await waitForHttp(`${client.base}/readyz`);
  for (const deadline = Date.now() + 60_000; (await client.workers()).length < WORKERS; ) {
    if (Date.now() > deadline) throw new Error(`workers did not register:\n${logs()}`);
    await sleep(200);
  }
});

afterAll(async () => {
  const codes = await Promise.all(processes.map((p) => p.stop()));
  if (redisServer) await stopRedis(redisServer);
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`redis-restart: ${JSON.stringify(timings)}`);
  expect(codes, logs()).toEqual(processes.map(() => 0));
});

const logs = () => processes.map((p) => `--- ${p.name} ---\n${p.output().slice(-3000)}`).join('\n');

/** BullMQ's own counts for the train queue, read straight from Redis. */
async function trainQueueCounts(): Promise<Record<string, number>> {
  const queue = new Queue('train', { connection: { host: '127.0.0.1', port: redisPort } });
  try {
    return await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed');
  } finally {
    await queue.close();
  }
}

/** Submits `count` requests with a few in flight at a time; returns the job ids in order. */
async function submitAll(count: number, request: (i: number) => unknown, inFlight = 8): Promise<string[]> {
  const ids: string[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        ids[i] = (await client.create('/v1/jobs', request(i), 202)).id;
      }
    }),
  );
  return ids;
}

function expect503(reply: { status: number; headers: Headers; body: any }, what: string): void {
  expect(reply.status, `${what}: ${JSON.stringify(reply.body)}`).toBe(503);
  expect(reply.headers.get('retry-after'), what).toMatch(/^\d+$/);
  expect(reply.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
  expect(reply.body, what).toMatchObject({ status: 503, code: 'redis_unavailable', type: expect.any(String), detail: expect.any(String) });
}

it(`keeps ${JOBS} queued jobs and the jobs in flight through a real Redis stop and restart`, async () => {
  const started = Date.now();
  const pidsBefore = (await client.workers()).map((w) => w.pid).sort();
  const blobs = await client.create(
    '/v1/datasets',
    { name: 'blobs', source: { builtin: 'blobs', options: { classes: 3, features: 4, trainSize: 300, testSize: 100 } } },
    201,
  );
  const small = (i: number) => ({
    type: 'train',
    dataset: blobs.id,
    model: { architecture: { kind: 'mlp', hidden: [4] } },
    training: { epochs: 2, batchSize: 32, seed: i + 1 },
  });
  // One busy job per worker: each worker serves the train queue one job at a time.
  const busy = await submitAll(
    WORKERS,
    (i) => ({
      type: 'train',
      dataset: blobs.id,
      model: { architecture: { kind: 'mlp', hidden: [128, 128] } },
      training: { epochs: 40, batchSize: 8, seed: 100 + i },
    }),
    WORKERS,
  );
  for (const deadline = Date.now() + 30_000; ; ) {
    const jobs = await Promise.all(busy.map((id) => client.call<Job>('GET', `/v1/jobs/${id}`)));
    if (jobs.every((j) => j.body.progress?.epoch)) break;
    if (Date.now() > deadline) throw new Error(`busy jobs did not start training: ${JSON.stringify(jobs.map((j) => j.body.status))}\n${logs()}`);
    await sleep(50);
  }
  const submitStarted = Date.now();
  const ids = await submitAll(JOBS, small);
  timings.submitMs = Date.now() - submitStarted;

  // ---- Before: every small job queued, the busy ones running.
  const before = countBy(await client.jobs(), (j) => j.status);
  const countsBefore = await trainQueueCounts();
  timings.queuedBefore = before.queued ?? 0;
  timings.runningBefore = before.running ?? 0;
  expect(before, 'job statuses before the outage (the busy jobs must still be training)').toEqual({ queued: JOBS, running: WORKERS });
  expect(countsBefore).toMatchObject({ wait: JOBS, active: WORKERS, failed: 0 });

  // ---- Redis goes away for real. With appendfsync always nothing written is lost.
  const outageStarted = Date.now();
  expect(await stopRedis(redisServer!)).toBe(0);
  redisServer = undefined;
  // Redis 7 keeps a folder of append-only files, Redis 6 a single file.
  expect(existsSync(path.join(redisDir, 'appendonlydir')) || existsSync(path.join(redisDir, 'appendonly.aof'))).toBe(true);

  const oneJob = ids[0]!;
  expect503(await client.call('GET', '/v1/jobs'), 'GET /v1/jobs');
  expect503(await client.call('GET', `/v1/jobs/${oneJob}`), 'GET /v1/jobs/:id');
  expect503(await client.call('POST', '/v1/jobs', small(JOBS)), 'POST /v1/jobs');
  expect503(await client.call('GET', '/v1/workers'), 'GET /v1/workers');
  const readyz = await fetch(`${client.base}/readyz`);
  expect(readyz.status).toBe(503);
  expect(readyz.headers.get('retry-after')).toMatch(/^\d+$/);
  expect((await fetch(`${client.base}/healthz`)).status).toBe(200);
  // Still so after a while: no process gives up on Redis and exits.
  await sleep(OUTAGE_MS - (Date.now() - outageStarted));
  expect503(await client.call('GET', '/v1/jobs'), 'GET /v1/jobs after a while');
  expect((await fetch(`${client.base}/healthz`)).status).toBe(200);
  for (const p of processes) expect(p.child.exitCode, `${p.name} exited during the outage\n${logs()}`).toBeNull();

  // ---- Back on the same port and folder.
  redisServer = await startDurableRedis({ port: redisPort, dir: redisDir });
  timings.outageMs = Date.now() - outageStarted;
  const restarted = Date.now();
  await waitForHttp(`${client.base}/readyz`, 10_000);
  timings.apiReadyAfterRestartMs = Date.now() - restarted;
  // Nothing was lost with the server: the refused submission left no record either.
  const afterRestart = await client.jobs();
  expect(afterRestart.length).toBe(JOBS + WORKERS);
  expect(afterRestart.filter((j) => j.status === 'failed' || j.status === 'cancelled')).toEqual([]);

  // ---- Every job completes, once.
  let jobs: Job[] = [];
  for (const deadline = Date.now() + 120_000; ; ) {
    jobs = await client.jobs();
    if (jobs.every((j) => ['succeeded', 'failed', 'cancelled'].includes(j.status))) break;
    if (Date.now() > deadline) throw new Error(`jobs still unfinished: ${JSON.stringify(countBy(jobs, (j) => j.status))}\n${logs()}`);
    await sleep(250);
  }
  timings.drainMs = Date.now() - restarted;
  const after = countBy(jobs, (j) => j.status);
  timings.succeededAfter = after.succeeded ?? 0;
  expect(after).toEqual({ succeeded: JOBS + WORKERS });
  expect(new Set(jobs.map((j) => j.id))).toEqual(new Set([...busy, ...ids]));
  // The busy jobs were still training when Redis went away: work in flight survived the outage too.
  for (const id of busy) {
    const job = jobs.find((j) => j.id === id)!;
    expect(Date.parse(job.finishedAt!)).toBeGreaterThan(outageStarted);
    timings[`busyJobSeconds${busy.indexOf(id) + 1}`] = Number(((Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000).toFixed(1));
  }

  // One model per job: no job ran twice and left a second result behind.
  const models = await client.models();
  const resultModels = jobs.map((j) => j.result!.model);
  expect(new Set(resultModels).size).toBe(JOBS + WORKERS);
  expect(models.length).toBe(JOBS + WORKERS);
  expect(new Set(models.map((m) => m.id))).toEqual(new Set(resultModels));
  expect(readdirSync(path.join(dataDir, 'artifacts', 'models')).length).toBe(JOBS + WORKERS);
  for (const job of jobs) {
    const events = await client.call<{ items: { type: string; data: { message?: string } }[] }>('GET', `/v1/jobs/${job.id}/events?limit=1000`);
    const messages = events.body.items.filter((e) => e.type === 'log').map((e) => e.data.message ?? '');
    expect(messages.filter((m) => m.startsWith('train started')), `${job.id}: ${messages.join(' | ')}`).toHaveLength(1);
    expect(messages.filter((m) => m === 'train finished'), `${job.id}: ${messages.join(' | ')}`).toHaveLength(1);
  }

  // The queue is empty, and the workers that served it are the same processes, reconnected.
  expect(await trainQueueCounts()).toMatchObject({ wait: 0, active: 0, delayed: 0, prioritized: 0, 'waiting-children': 0, failed: 0, completed: JOBS + WORKERS });
  for (const deadline = Date.now() + 15_000; ; ) {
    const workers = await client.workers();
    const fresh = workers.filter((w) => Date.parse(w.seenAt) > restarted);
    if (fresh.length === WORKERS) {
      expect(fresh.map((w) => w.pid).sort()).toEqual(pidsBefore);
      break;
    }
    if (Date.now() > deadline) throw new Error(`workers did not report after the restart: ${JSON.stringify(workers)}`);
    await sleep(250);
  }
  timings.testMs = Date.now() - started;
});
