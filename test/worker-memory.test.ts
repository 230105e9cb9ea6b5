import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testRedisUrl } from './helpers/redis.ts';
import type { WorkerInfo } from '@distillery/contracts';
import { startProcess, waitForHttp, type ServiceProcess } from '../scripts/processes.ts';
import { freePort } from '../scripts/redis.ts';
import { ServiceClient, sleep } from './helpers/service.ts';

// 50 small jobs in a row through one real worker process: the live tensor count
// must not move and the resident memory must level off. The worker reports both
// only in its heartbeat (every 5 s), so after chosen jobs the test waits for a
// heartbeat stamped after that job finished, from a worker running nothing.
const JOBS = 50;
/** Every 5th job by default (about 30 s of waiting for heartbeats); MEMORY_TEST_SAMPLE_EVERY=1 samples all 50. */
const SAMPLE_EVERY = Number(process.env.MEMORY_TEST_SAMPLE_EVERY ?? 5);
const sampled = (job: number) => job === 1 || job % SAMPLE_EVERY === 0 || job === JOBS;
/** Jobs 3, 8, 13, ... distil job 1's model into a student, each on a transfer set of its own. */
const isDistill = (job: number) => job % 5 === 3;
const API_KEY = 'memory-admin-' + 'k'.repeat(32);
const MiB = 1024 * 1024;

interface Sample {
  /** Jobs finished when the sample was taken. */
  job: number;
  type: 'none' | 'train' | 'distill';
  rssMiB: number;
  tensors: number;
  tensorBytes: number;
  jobMs: number;
}

let dataDir: string;
let client: ServiceClient;
const processes: ServiceProcess[] = [];

beforeAll(async () => {
  const redisUrl = testRedisUrl();
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  await redis.quit();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'distillery-memory-'));
  const port = await freePort();
  client = new ServiceClient(`http://127.0.0.1:${port}`, API_KEY);
  const env = { REDIS_URL: redisUrl, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', TFJS_BACKEND: 'wasm', API_KEYS: `memory:admin:${API_KEY}` };
  processes.push(startProcess('api', 'services/api/src/server.ts', env));
  processes.push(startProcess('worker', 'services/worker/src/main.ts', env));
  await waitForHttp(`${client.base}/readyz`);
});

afterAll(async () => {
  const codes = await Promise.all(processes.map((p) => p.stop()));
  rmSync(dataDir, { recursive: true, force: true });
  expect(codes, logs()).toEqual([0, 0]);
});

const logs = () => processes.map((p) => `--- ${p.name} ---\n${p.output().slice(-3000)}`).join('\n');

/** The worker's next heartbeat stamped after `after` while it runs no job (it beats every 5 s). */
async function idleHeartbeat(after: number): Promise<WorkerInfo> {
  for (const deadline = Date.now() + 30_000; ; ) {
    const [worker] = await client.workers();
    if (worker && Date.parse(worker.seenAt) > after && worker.currentJobs.length === 0) return worker;
    if (Date.now() > deadline) throw new Error(`no idle heartbeat within 30 s\n${logs()}`);
    await sleep(100);
  }
}

function sample(job: number, type: Sample['type'], memory: WorkerInfo['memory'], jobMs: number): Sample {
  return { job, type, rssMiB: Number((memory.rssBytes / MiB).toFixed(1)), tensors: memory.tensors, tensorBytes: memory.tensorBytes, jobMs };
}

it(`keeps live tensors flat and resident memory level over ${JOBS} consecutive jobs on one worker`, async () => {
  const started = Date.now();
  const blobs = (name: string, options: Record<string, unknown>) =>
    client.create('/v1/datasets', { name, source: { builtin: 'blobs', options: { classes: 3, features: 4, ...options } } }, 201);
  const labelled = (await blobs('blobs', { trainSize: 300, testSize: 100 })).id;
  let teacher: string | undefined;
  // Job 0: the heartbeat the worker sent before it ran anything.
  const { memory: initial } = await idleHeartbeat(0);
  const samples: Sample[] = [sample(0, 'none', initial, 0)];

  for (let job = 1; job <= JOBS; job++) {
    const type = isDistill(job) ? 'distill' : 'train';
    const training = { epochs: 2, batchSize: 32, seed: job };
    const request =
      type === 'train'
        ? { type, dataset: labelled, model: { architecture: { kind: 'mlp', hidden: [4] } }, training }
        : {
            type,
            dataset: labelled,
            teachers: [{ model: teacher! }],
            student: { architecture: { kind: 'mlp', hidden: [4] } },
            // A new transfer set each time: the teacher really runs, and the worker's dataset cache keeps evicting.
            transfer: { dataset: (await blobs(`transfer-${job}`, { trainSize: 300, testSize: 1, seed: 1000 + job, labelled: false })).id },
            training,
            baseline: true,
          };
    const submitted = Date.now();
    const { id } = await client.create('/v1/jobs', request, 202);
    const result = await client.finished(id);
    expect(result.status, `job ${job} (${type}): ${JSON.stringify(result.error)}`).toBe('succeeded');
    if (job === 1) teacher = result.result!.model;
    const jobMs = Date.now() - submitted;
    if (!sampled(job)) continue;
    samples.push(sample(job, type, (await idleHeartbeat(Date.now())).memory, jobMs));
  }
  console.log(`worker-memory (${((Date.now() - started) / 1000).toFixed(1)} s):\n${samples.map((s) => JSON.stringify(s)).join('\n')}`);

  const at = (job: number) => samples.find((s) => s.job === job)!;
  // Leak check: every tensor a job makes is gone once it has finished.
  expect(at(JOBS).tensors, JSON.stringify(samples)).toBe(at(0).tensors);
  expect(at(JOBS).tensors, JSON.stringify(samples)).toBe(at(1).tensors);
  expect(at(JOBS).tensors, JSON.stringify(samples)).toBe(at(5).tensors);
  // Resident memory after 50 jobs at most 20% above where it stood after the first 5. Only
  // growth is bounded: V8 collects lazily, and once its memory reducer runs a major GC in an
  // idle moment RSS falls well below the job-5 level (by 25% when sampled after every job).
  expect(at(JOBS).rssMiB, JSON.stringify(samples)).toBeLessThanOrEqual(1.2 * at(5).rssMiB);
});
