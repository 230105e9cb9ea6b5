/**
 * Queue overhead (issue 8, item 1).
 *
 * 1. Submission throughput: distill jobs per second through the real API
 *    process (autocannon POST /v1/jobs) against the raw BullMQ
 *    `FlowProducer.add` of the same flow shape, from this process, on the same
 *    Redis, at the same concurrency. No worker runs meanwhile, so jobs only
 *    queue up and no worker competes for the cores. The two sides are not
 *    symmetric on a small machine: the API side runs three processes (this
 *    one with autocannon, the API, Redis), the raw side two; that is part of
 *    what a submission through the service costs.
 * 2. Empty-job latency: with one worker process, the smallest real job
 *    submitted one at a time, from submission to succeeded.
 *
 * Everything runs against a Redis of its own on a free port (never
 * 127.0.0.1:6379, which may hold someone's data) and a temporary data folder,
 * both removed at the end, even on error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { FlowProducer, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { Value } from 'typebox/value';
import { architectureCost, type Dataset, type JobEvent, type Model } from '@distillery/contracts';
import { distillFlow, JobRequest, QueueNames, type DistillJobRequest, type Job } from '@distillery/jobs';
import { keys, LEGACY_TENANT, newId, Registry } from '@distillery/registry';
import { startProcess, waitForHttp, type ServiceProcess } from '../scripts/processes.ts';
import { freePort, startRedisServer } from '../scripts/redis.ts';
import { median, percentile, type Benchmark, type BenchFigure } from './lib/report.ts';

const GROUP = 'queue';

interface Sizes {
  /** Concurrent submitters: HTTP connections for the API, async loops for the raw side. */
  levels: number[];
  /** Each level runs this many slices on each side, alternating, ... */
  slices: number;
  /** ... of this many seconds. */
  sliceSeconds: number;
  /** Seconds of unmeasured submissions first, so both sides are JIT-compiled and Lua scripts loaded. */
  warmupSeconds: number;
  /** Empty jobs measured, one at a time. */
  jobs: number;
  /** Empty jobs run first and not counted: the worker's first job loads the dataset and compiles the wasm kernels. */
  warmupJobs: number;
}

const FULL: Sizes = { levels: [1, 10, 50], slices: 5, sliceSeconds: 1, warmupSeconds: 1, jobs: 100, warmupJobs: 3 };
const QUICK: Sizes = { levels: [1, 10], slices: 1, sliceSeconds: 1, warmupSeconds: 0.5, jobs: 20, warmupJobs: 2 };

/**
 * The smallest labelled dataset: the throughput part only needs a dataset the
 * API can check, and the empty job trains on it (8 samples, 2 features, 2
 * classes: one batch).
 */
const BLOBS = { builtin: 'blobs', options: { classes: 2, features: 2, trainSize: 8, testSize: 8 } };

/**
 * The "empty job": a real train job through the real worker path (status and
 * stage writes, dataset from the worker's cache, model build, one training
 * step, evaluation, model files saved, model record registered, succeeded),
 * with as little TensorFlow.js work as a valid request allows. A distill job is
 * four BullMQ jobs with teacher inference, so it is not "empty"; a train job is
 * one BullMQ job, so this measures the queue and bookkeeping cost of one job.
 */
const emptyJob = (dataset: string) => ({
  type: 'train',
  dataset,
  model: { architecture: { kind: 'mlp', hidden: [1] } },
  training: { epochs: 1, batchSize: 8, learningRate: 0.01, seed: 1 },
});

/** A two-teacher distill request, as a user would send it (the API fills the defaults in). */
const distillBody = (dataset: string, teachers: [string, string]) => ({
  type: 'distill',
  dataset,
  teachers: [{ model: teachers[0] }, { model: teachers[1], weight: 2 }],
  student: { architecture: { kind: 'mlp', hidden: [4] } },
  method: { kind: 'logits', temperature: 4, alpha: 0.9 },
  aggregation: { strategy: 'weighted' },
  training: { epochs: 1, batchSize: 8, learningRate: 0.01, seed: 1 },
});


// ---------------------------------------------------------------------------

export default (async ({ quick }) => {
  const sizes = quick ? QUICK : FULL;
  const cleanups: (() => Promise<unknown>)[] = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'distillery-bench-queue-'));
  cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));
  try {
    const redisPort = await freePort();
    const redisServer = await startRedisServer({ port: redisPort, dir: path.join(tmp, 'redis') });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          if (redisServer.exitCode !== null || redisServer.signalCode !== null) return resolve();
          redisServer.once('exit', () => resolve());
          redisServer.kill('SIGTERM');
        }),
    );
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const redis = new Redis(redisUrl);
    cleanups.push(() => redis.quit().catch(() => redis.disconnect()));
    const registry = new Registry(redis);

    const apiPort = await freePort();
    const base = `http://127.0.0.1:${apiPort}`;
    const env = { REDIS_URL: redisUrl, DATA_DIR: tmp, PORT: String(apiPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn', AUTH: 'off' };
    const api = startService('api', 'services/api/src/server.ts', { ...env, ...cpuProfileEnv('api', tmp) }, cleanups);
    await waitForHttp(`${base}/readyz`).catch((error: unknown) => {
      throw withOutput(error, api);
    });

    const dataset = await post<Dataset>(base, '/v1/datasets', { name: 'bench-blobs', source: BLOBS }, 201, api);
    const teachers = [teacherRecord(dataset, 'teacher-a', [8]), teacherRecord(dataset, 'teacher-b', [16])] as const;
    /** Back to an empty Redis holding only the records the requests name, so every run starts from the same state. */
    const resetRedis = async () => {
      await redis.flushall();
      await registry.datasets.create(dataset);
      for (const teacher of teachers) await registry.models.create(teacher);
    };

    const figures = await measureThroughput({ sizes, base, redis, redisPort, api, dataset, teachers: [teachers[0].id, teachers[1].id], resetRedis, cleanups });

    await resetRedis();
    figures.push(...(await measureLatency({ sizes, base, redisPort, env, api, dataset, registry, cleanups })));
    return figures;
  } finally {
    // In reverse order of creation: connections before the servers they talk to, the folder last.
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('bench queue: cleanup failed:', error));
  }
}) satisfies Benchmark;

// --- 1. Submission throughput ---------------------------------------------

async function measureThroughput(ctx: {
  sizes: Sizes;
  base: string;
  redis: Redis;
  redisPort: number;
  api: ServiceProcess;
  dataset: Dataset;
  teachers: [string, string];
  resetRedis: () => Promise<void>;
  cleanups: (() => Promise<unknown>)[];
}): Promise<BenchFigure[]> {
  const { sizes, base, api, resetRedis } = ctx;
  const body = distillBody(ctx.dataset.id, ctx.teachers);
  const bodyJson = JSON.stringify(body);
  // The API stores the request after validation filled its defaults in; the raw side stores exactly that.
  const request = Value.Default(JobRequest, structuredClone(body)) as DistillJobRequest;
  // One connection of its own, like the API's FlowProducer (which shares the API's one connection).
  const flows = new FlowProducer({ connection: { host: '127.0.0.1', port: ctx.redisPort } });
  ctx.cleanups.push(() => flows.close());

  await resetRedis();
  await submitViaApi(base, bodyJson, 10, sizes.warmupSeconds, api);
  await apiQuiet(ctx.redis);
  await addRaw(flows, request, 10, sizes.warmupSeconds);
  await checkSameJobs({ base, bodyJson, redis: ctx.redis, flows, request, api });

  const figures: BenchFigure[] = [];
  for (const concurrency of sizes.levels) {
    // The machine is shared and its load drifts, so each level alternates the
    // two sides in slices of a second rather than running one long stretch of
    // each; each slice starts from an empty Redis, so neither side pays for
    // the other's queued jobs.
    const rawSlices: Awaited<ReturnType<typeof addRaw>>[] = [];
    const apiSlices: Awaited<ReturnType<typeof submitViaApi>>[] = [];
    for (let slice = 0; slice < sizes.slices; slice++) {
      await resetRedis();
      rawSlices.push(await addRaw(flows, request, concurrency, sizes.sliceSeconds));
      await resetRedis();
      apiSlices.push(await submitViaApi(base, bodyJson, concurrency, sizes.sliceSeconds, api));
      await apiQuiet(ctx.redis);
    }
    const rawPerSecond = sum(rawSlices.map((s) => s.added)) / sum(rawSlices.map((s) => s.seconds));
    const apiPerSecond = sum(apiSlices.map((s) => s.accepted)) / sum(apiSlices.map((s) => s.seconds));
    figures.push({
      group: GROUP,
      name: `API distill submissions / FlowProducer.add (c=${concurrency})`,
      value: apiPerSecond / rawPerSecond,
      unit: 'x',
      target: { op: '>=', value: 0.6 },
      details: {
        concurrency,
        seconds: sizes.slices * sizes.sliceSeconds,
        apiPerSecond,
        rawPerSecond,
        apiSlicesPerSecond: apiSlices.map((s) => Math.round(s.accepted / s.seconds)),
        rawSlicesPerSecond: rawSlices.map((s) => Math.round(s.added / s.seconds)),
        apiLatencyP50Ms: median(apiSlices.map((s) => s.latencyP50Ms)),
        apiLatencyP99Ms: Math.max(...apiSlices.map((s) => s.latencyP99Ms)),
        rawLatencyP50Ms: median(rawSlices.flatMap((s) => s.latencies)),
        rawLatencyP99Ms: percentile(rawSlices.flatMap((s) => s.latencies), 99),
      },
    });
  }
  return figures;
}

/**
 * autocannon stops at its deadline without waiting for the requests in
 * flight, and the API finishes them anyway. Waits until every job record has
 * its flow and nothing new arrives for 100 ms, so no late submission lands
 * after the next reset (and, at the end, no stray distill job reaches the
 * worker of the latency part).
 */
async function apiQuiet(redis: Redis): Promise<void> {
  let last = -1;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(100)) {
    const [records, flows] = await Promise.all([redis.zcard(keys.jobs(LEGACY_TENANT)), redis.zcard(`bull:${QueueNames.train}:waiting-children`)]);
    if (records === last && records === flows) return;
    last = records;
  }
  throw new Error('the API kept submitting jobs 10 s after the load stopped');
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** autocannon against POST /v1/jobs: `concurrency` keep-alive connections, one request in flight on each. */
async function submitViaApi(base: string, body: string, concurrency: number, seconds: number, api: ServiceProcess) {
  const result = await autocannon({
    url: `${base}/v1/jobs`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: concurrency,
    pipelining: 1,
    duration: seconds,
  });
  const accepted = result.statusCodeStats?.['202']?.count ?? 0;
  // A benchmark of error responses would measure the wrong thing: stop and say so.
  if (result.non2xx > 0 || result.errors > 0 || accepted !== result['2xx']) {
    throw withOutput(new Error(`API submissions at c=${concurrency}: ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors`), api);
  }
  return { accepted, seconds: result.duration, latencyP50Ms: result.latency.p50, latencyP99Ms: result.latency.p99 };
}

/** `concurrency` async loops, each adding the flow and awaiting it before the next, for `seconds`. */
async function addRaw(flows: FlowProducer, request: DistillJobRequest, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + seconds * 1000;
  const loop = async () => {
    for (let now = performance.now(); now < end; now = performance.now()) {
      await flows.add(distillFlow.build(newId('j'), request));
      const done = performance.now();
      // Like autocannon, count only what finished within the window.
      if (done <= end) latencies.push(done - now);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { added: latencies.length, seconds, latencies };
}

/**
 * Submits one job through the API and adds one flow here, and compares what
 * BullMQ stored for each of their four jobs (data and options; ids have a
 * fixed width, so equal content has equal length).
 */
async function checkSameJobs(ctx: { base: string; bodyJson: string; redis: Redis; flows: FlowProducer; request: DistillJobRequest; api: ServiceProcess }) {
  const { id: apiId } = await post<{ id: string }>(ctx.base, '/v1/jobs', JSON.parse(ctx.bodyJson), 202, ctx.api);
  const rawId = newId('j');
  await ctx.flows.add(distillFlow.build(rawId, ctx.request));
  const stored = async (id: string) => {
    const keys = [`${QueueNames.train}:${id}`, `${QueueNames.aggregate}:${id}-aggregate`, `${QueueNames.teacher}:${id}-teacher-0`, `${QueueNames.teacher}:${id}-teacher-1`];
    return Promise.all(keys.map(async (key) => (await ctx.redis.hmget(`bull:${key}`, 'name', 'data', 'opts')).map((v) => v?.length ?? -1).join('/')));
  };
  const [viaApi, raw] = [await stored(apiId), await stored(rawId)];
  if (JSON.stringify(viaApi) !== JSON.stringify(raw)) {
    throw new Error(`the raw flow drifted from the API's (job name/data/opts lengths): API ${viaApi.join(', ')}; raw ${raw.join(', ')}`);
  }
}

// --- 2. Empty-job latency ----------------------------------------------------

interface JobTiming {
  clientMs: number;
  serverMs: number;
  /** Consecutive intervals from submission to the client hearing of completion; they add up to about clientMs. */
  parts: Record<string, number>;
}

async function measureLatency(ctx: {
  sizes: Sizes;
  base: string;
  redisPort: number;
  env: Record<string, string>;
  api: ServiceProcess;
  dataset: Dataset;
  registry: Registry;
  cleanups: (() => Promise<unknown>)[];
}): Promise<BenchFigure[]> {
  const { sizes, base, api, registry } = ctx;
  const connection = { host: '127.0.0.1', port: ctx.redisPort };
  // Completion as a client learns it without polling the API (which would load
  // the API on the same two cores): BullMQ's 'completed' event, which comes
  // after the worker has written `succeeded` to the job record.
  const events = new QueueEvents(QueueNames.train, { connection });
  ctx.cleanups.push(() => events.close());
  const queue = new Queue(QueueNames.train, { connection });
  ctx.cleanups.push(() => queue.close());
  const completed = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  events.on('completed', ({ jobId }) => {
    completed.set(jobId, performance.now());
    waiters.get(jobId)?.();
  });
  events.on('failed', ({ jobId, failedReason }) => console.error(`bench queue: job ${jobId} failed: ${failedReason}`));
  await events.waitUntilReady();

  const worker = startService('worker', 'services/worker/src/main.ts', { ...ctx.env, TFJS_BACKEND: 'wasm' }, ctx.cleanups);
  for (const deadline = Date.now() + 60_000; (await registry.workers.list()).length === 0; ) {
    if (Date.now() > deadline || worker.child.exitCode !== null) throw withOutput(new Error('the worker did not start within 60 s'), worker);
    await sleep(50);
  }

  const body = emptyJob(ctx.dataset.id);
  const timings: JobTiming[] = [];
  for (let i = 0; i < sizes.warmupJobs + sizes.jobs; i++) {
    const submittedAt = Date.now();
    const started = performance.now();
    const { id } = await post<{ id: string }>(base, '/v1/jobs', body, 202, api);
    const heardAt = completed.get(id) ?? (await waitFor(id, waiters, completed, 30_000, worker));
    const clientMs = heardAt - started;
    const heardWallClock = submittedAt + clientMs;
    // Outside the measured interval: what the server recorded, to break the time down.
    const job = await get<Job>(base, `/v1/jobs/${id}`);
    if (job.status !== 'succeeded') throw withOutput(new Error(`empty job ${id} ended ${job.status}: ${JSON.stringify(job.error)}`), worker);
    if (i < sizes.warmupJobs) continue;
    timings.push(await breakDown(job, await registry.jobs.events(id, { limit: 100 }), queue, submittedAt, clientMs, heardWallClock));
  }

  const client = timings.map((t) => t.clientMs);
  const server = timings.map((t) => t.serverMs);
  const partNames = Object.keys(timings[0]!.parts);
  const details = {
    jobs: timings.length,
    emptyJob: body,
    backend: 'wasm',
    clientP50Ms: median(client),
    clientP99Ms: percentile(client, 99),
    serverP50Ms: median(server),
    serverP99Ms: percentile(server, 99),
    /** Median of each interval, in order; see breakDown(). */
    medianPartsMs: Object.fromEntries(partNames.map((name) => [name, median(timings.map((t) => t.parts[name]!))])),
    p99PartsMs: Object.fromEntries(partNames.map((name) => [name, percentile(timings.map((t) => t.parts[name]!), 99)])),
  };
  return [
    {
      group: GROUP,
      name: 'empty train job, submit -> succeeded, p50',
      value: median(client),
      unit: 'ms',
      target: { op: '<=', value: 50 },
      details,
    },
    { group: GROUP, name: 'empty train job, submit -> succeeded, p99', value: percentile(client, 99), unit: 'ms', details: { jobs: timings.length } },
  ];
}

/**
 * Splits one job's time at the points the server recorded (ms resolution, one
 * machine, one clock): the job record's times, its events, and BullMQ's own
 * job timestamps.
 */
async function breakDown(job: Job, events: JobEvent[], queue: Queue, submittedAt: number, clientMs: number, heardAt: number): Promise<JobTiming> {
  const bull = await queue.getJob(job.id);
  const at = (event: JobEvent | undefined, what: string) => {
    if (!event) throw new Error(`job ${job.id} has no ${what} event`);
    return Date.parse(event.at);
  };
  const created = Date.parse(job.createdAt);
  const running = Date.parse(job.startedAt!);
  const finished = Date.parse(job.finishedAt!);
  const processorStart = at(events.find((e) => e.type === 'log' && String(e.data.message).includes('started')), 'start log');
  const trained = at(events.find((e) => e.type === 'progress' && e.data.epoch !== undefined), 'epoch progress');
  const stageDone = at(events.find((e) => e.type === 'stage' && e.data.status === 'succeeded'), 'stage succeeded');
  const queued = bull?.timestamp ?? created;
  const pickedUp = bull?.processedOn ?? running;
  return {
    clientMs,
    serverMs: finished - created,
    parts: {
      // HTTP, validation, dataset check, size check, until the record's createdAt.
      'submit -> record created': created - submittedAt,
      // The record's MULTI, then Queue.add (its Lua script).
      'record -> BullMQ job added': queued - created,
      // Waiting in the queue until the worker's BullMQ Worker takes it.
      'added -> worker picked it up': pickedUp - queued,
      // Contract check, status read, transition to running.
      'picked up -> record running': running - pickedUp,
      // Stage, progress and log writes before the processor.
      'running -> processor start': processorStart - running,
      // Dataset (from the worker's cache), model build, one epoch, evaluation, progress write.
      'processor: load, build, train 1 epoch': trained - processorStart,
      // Model files saved, model record registered, stage written.
      'processor: save model, register, stage': stageDone - trained,
      // The succeeded transition.
      'stage -> record succeeded': finished - stageDone,
      // The 'finished' log write, BullMQ moveToCompleted, the event reaching this process.
      'record succeeded -> client hears': heardAt - finished,
    },
  };
}

// --- helpers -----------------------------------------------------------------

/** A plausible record of a trained teacher: the API only checks that it exists and fits the dataset. */
function teacherRecord(dataset: Dataset, name: string, hidden: number[]): Model {
  const architecture = { kind: 'mlp' as const, hidden };
  const { parameters } = architectureCost(architecture, dataset.inputShape, dataset.numClasses);
  return {
    id: newId('m'),
    tenant: LEGACY_TENANT,
    name,
    format: 'tfjs-layers',
    architecture,
    inputShape: dataset.inputShape,
    numClasses: dataset.numClasses,
    parameters,
    bytes: parameters * 4,
    digest: `sha256:${'0'.repeat(64)}`,
    files: ['model.json', 'weights.bin'],
    output: 'logits',
    license: 'proprietary',
    distillation: 'allowed',
    readableOutputs: [],
    createdAt: new Date().toISOString(),
  };
}

/** A service process whose stop (SIGTERM, then waiting for its exit) is registered for cleanup. */
function startService(name: string, entry: string, env: Record<string, string>, cleanups: (() => Promise<unknown>)[]): ServiceProcess {
  const service = startProcess(name, entry, env);
  cleanups.push(async () => {
    const code = await service.stop();
    if (code !== 0 && code !== null) console.error(`bench queue: ${name} exited with ${code}:\n${service.output().slice(-2000)}`);
  });
  return service;
}

/**
 * BENCH_QUEUE_CPU_PROF=<folder> records a CPU profile of the API process, for
 * finding where a submission's time goes (open it in Chrome DevTools or
 * speedscope). Node 20 refuses `--cpu-prof` in NODE_OPTIONS, so a preload
 * written to the temporary folder starts V8's profiler through node:inspector
 * and writes `<folder>/<name>.cpuprofile` when the process exits. Off by
 * default: profiling slows the API.
 */
function cpuProfileEnv(name: string, tmp: string): Record<string, string> {
  const dir = process.env.BENCH_QUEUE_CPU_PROF;
  if (!dir) return {};
  const out = path.join(path.resolve(dir), `${name}.cpuprofile`);
  const preload = path.join(tmp, `cpu-profile-${name}.mjs`);
  writeFileSync(
    preload,
    `import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
// A session on the main thread answers synchronously, so this works in 'exit'.
process.on('exit', () => session.post('Profiler.stop', (error, result) => {
  if (error) return;
  mkdirSync(${JSON.stringify(path.dirname(out))}, { recursive: true });
  writeFileSync(${JSON.stringify(out)}, JSON.stringify(result.profile));
}));
`,
  );
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(preload).href}`.trim() };
}

function waitFor(id: string, waiters: Map<string, () => void>, completed: Map<string, number>, timeoutMs: number, worker: ServiceProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(id);
      reject(withOutput(new Error(`empty job ${id} did not complete within ${timeoutMs} ms`), worker));
    }, timeoutMs);
    waiters.set(id, () => {
      clearTimeout(timer);
      waiters.delete(id);
      resolve(completed.get(id)!);
    });
  });
}

async function post<T>(base: string, url: string, body: unknown, expected: number, service: ServiceProcess): Promise<T> {
  const response = await fetch(`${base}${url}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const text = await response.text();
  if (response.status !== expected) throw withOutput(new Error(`POST ${url}: ${response.status} ${text}`), service);
  return JSON.parse(text) as T;
}

async function get<T>(base: string, url: string): Promise<T> {
  const response = await fetch(`${base}${url}`);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function withOutput(error: unknown, service: ServiceProcess): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message}\n--- ${service.name} output (last 2000 characters) ---\n${service.output().slice(-2000)}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
