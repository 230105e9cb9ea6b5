import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { answerFrameworkError, app, requestIdOf, type AccessOptions, type UploadLimits } from '@distillery/api';
import type { Job } from '@distillery/jobs';
import { createArtifactStore, type ArtifactStore } from '@distillery/storage';
import { startWorkerRuntime, type WorkerConfig, type WorkerRuntime } from '@distillery/worker';
import { Redis } from 'ioredis';
import pino from 'pino';
import { testRedisUrl } from './redis.ts';

export interface Stack {
  api: FastifyInstance;
  redis: Redis;
  redisUrl: string;
  /** The folder of the default fs store (created even when `artifactStore` points elsewhere). */
  artifactDir: string;
  /** The store the API and the workers share. */
  store: ArtifactStore;
  workers: WorkerRuntime[];
  startWorker(overrides?: Partial<WorkerConfig>): Promise<WorkerRuntime>;
  close(): Promise<void>;
}

/**
 * The API (driven with inject) and in-process workers over the test Redis and a
 * fresh artifact folder. The Redis database is flushed first: each test file
 * starts from an empty service.
 */
export async function startStack(
  options: { workers?: number; worker?: Partial<WorkerConfig>; uploads?: Partial<UploadLimits>; artifactStore?: string; access?: AccessOptions } = {},
): Promise<Stack> {
  const redisUrl = testRedisUrl();
  const artifactDir = mkdtempSync(path.join(os.tmpdir(), 'distillery-artifacts-'));
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  const api = Fastify({ logger: false, frameworkErrors: answerFrameworkError, genReqId: requestIdOf });
  const artifactStore = options.artifactStore ?? `fs://${artifactDir}`;
  const store = createArtifactStore(artifactStore);
  // Authentication is off unless a test asks for keys: most tests are about something else.
  await api.register(app, { redis, store, access: options.access ?? { auth: 'off' }, ...(options.uploads ? { uploads: options.uploads } : {}) });
  await api.ready();
  const workers: WorkerRuntime[] = [];
  const startWorker = async (overrides: Partial<WorkerConfig> = {}) => {
    const config: WorkerConfig = {
      redisUrl,
      artifactStore,
      backend: 'wasm',
      queues: ['teacher', 'aggregate', 'train'],
      lockDurationMs: 30_000,
      logLevel: 'silent',
      ...options.worker,
      ...overrides,
    };
    const runtime = await startWorkerRuntime(config, pino({ level: 'silent' }));
    workers.push(runtime);
    return runtime;
  };
  for (let i = 0; i < (options.workers ?? 1); i++) await startWorker();
  return {
    api,
    redis,
    redisUrl,
    artifactDir,
    store,
    workers,
    startWorker,
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await api.close();
      await redis.quit();
      rmSync(artifactDir, { recursive: true, force: true });
    },
  };
}

/** Polls GET /v1/jobs/:id until the job finishes. */
export async function waitForJob(api: FastifyInstance, id: string, timeoutMs = 120_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await api.inject({ method: 'GET', url: `/v1/jobs/${id}` })).json() as Job;
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** POSTs JSON and returns status and body. */
export async function post(api: FastifyInstance, url: string, payload: unknown) {
  const response = await api.inject({ method: 'POST', url, payload: payload as object });
  return { status: response.statusCode, body: response.json() as Record<string, any> };
}
