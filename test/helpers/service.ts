import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Model, WorkerInfo } from '@distillery/contracts';
import type { Job } from '@distillery/jobs';
import { startProcess, waitForHttp, type ServiceProcess } from '../../scripts/processes.ts';
import { freePort, redisAnswers } from '../../scripts/redis.ts';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A redis-server of the test's own, as the service needs it (noeviction), with
 * its append-only file fsynced on every write: stopping it loses nothing, so a
 * restart on the same folder brings back every queued job.
 */
export async function startDurableRedis(options: { port: number; dir: string }): Promise<ChildProcess> {
  mkdirSync(options.dir, { recursive: true });
  const child = spawn(
    'redis-server',
    [
      '--port', String(options.port), '--bind', '127.0.0.1', '--dir', options.dir,
      '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${options.port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    if (await redisAnswers(url)) return child;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not answer within 10 s');
}

/** SIGTERM: redis-server flushes its append-only file and exits; resolves with its exit code. */
export function stopRedis(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

export interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** The service over HTTP, as a user with an API key talks to it. */
export class ServiceClient {
  constructor(
    readonly base: string,
    private readonly key: string,
  ) {}

  async call<T = any>(method: string, url: string, body?: unknown): Promise<Reply<T>> {
    const response = await fetch(`${this.base}${url}`, {
      method,
      headers: { authorization: `Bearer ${this.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** POST that must succeed with `expected`; returns the body. */
  async create(url: string, body: unknown, expected: number): Promise<{ id: string }> {
    const reply = await this.call<{ id: string }>('POST', url, body);
    if (reply.status !== expected) throw new Error(`POST ${url} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /** Every item of a paginated listing (`items` + `next`). */
  async all<T>(url: string): Promise<T[]> {
    const items: T[] = [];
    let after: string | undefined;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const reply = await this.call<{ items: T[]; next?: string }>('GET', `${url}${separator}limit=200${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      if (reply.status !== 200) throw new Error(`GET ${url} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      items.push(...reply.body.items);
      after = reply.body.next;
    } while (after);
    return items;
  }

  jobs(): Promise<Job[]> {
    return this.all<Job>('/v1/jobs');
  }

  models(): Promise<Model[]> {
    return this.all<Model>('/v1/models');
  }

  async workers(): Promise<WorkerInfo[]> {
    const reply = await this.call<{ items: WorkerInfo[] }>('GET', '/v1/workers');
    if (reply.status !== 200) throw new Error(`GET /v1/workers answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body.items;
  }

  /** Polls GET /v1/jobs/:id until the job has finished. */
  async finished(id: string, timeoutMs = 60_000, pollMs = 50): Promise<Job> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await this.call<Job>('GET', `/v1/jobs/${id}`);
      if (['succeeded', 'failed', 'cancelled'].includes(body.status)) return body;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${body.status} after ${timeoutMs} ms`);
      await sleep(pollMs);
    }
  }
}

/** How many of `items` fall under each key. */
export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** The API (and workers) as real processes on the suite's Redis, emptied first, with a data folder of their own. */
export interface ProcessService {
  api: string;
  port: number;
  dataDir: string;
  processes: ServiceProcess[];
  /** Stops every process; resolves with their exit codes, then removes the data folder. */
  stop(): Promise<(number | null)[]>;
}

export async function startServiceProcesses(options: { redisUrl: string; workers?: number; env?: Record<string, string> }): Promise<ProcessService> {
  const redis = new Redis(options.redisUrl);
  await redis.flushdb();
  await redis.quit();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'distillery-service-'));
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const env = { REDIS_URL: options.redisUrl, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...options.env };
  const processes = [startProcess('api', 'services/api/src/server.ts', env)];
  for (let i = 0; i < (options.workers ?? 0); i++) processes.push(startProcess(`worker-${i + 1}`, 'services/worker/src/main.ts', env));
  await waitForHttp(`${api}/readyz`);
  return {
    api,
    port,
    dataDir,
    processes,
    stop: async () => {
      const codes = await Promise.all(processes.map((p) => p.stop()));
      rmSync(dataDir, { recursive: true, force: true });
      return codes;
    },
  };
}
