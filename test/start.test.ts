import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { waitForHttp } from '../scripts/processes.ts';
import { freePort } from '../scripts/redis.ts';

// `npm start` where no Redis answers: it starts one itself, or says how to get one.
const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'distillery-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * `npm start` as a user runs it, in a process group of its own as a terminal
 * gives it: a terminal's Ctrl-C signals that whole group at once.
 */
function start(env: Record<string, string>, command: 'npm' | 'node' = 'npm') {
  const args = command === 'npm' ? ['start'] : ['--import', 'tsx', path.join(root, 'scripts/start.ts')];
  const child = spawn(command === 'npm' ? 'npm' : process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', DATA_DIR: dataDir, REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

it('exits with a one-line message when there is no Redis and no redis-server', async () => {
  const run = start({ REDIS_PORT: String(await freePort()), PATH: '/nonexistent', LOG_LEVEL: 'warn' }, 'node');
  expect(await run.exited).toBe(1);
  const lines = run.output().trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/no redis-server on PATH; install Redis .* or set REDIS_URL/);
});

it('starts redis-server with an append-only file under DATA_DIR, then the API (with a first admin key) and a worker', async () => {
  const redisPort = await freePort();
  const apiPort = await freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  const run = start({ REDIS_PORT: String(redisPort), PORT: String(apiPort), HOST: '127.0.0.1' });
  let key: string | undefined;
  let jobId: string;
  try {
    await waitForHttp(`${api}/readyz`, 60_000);
    // Ready means the first key is already printed: no polling for it.
    key = /^ {2}(dk_[A-Za-z0-9_-]{43})$/m.exec(run.output())?.[1];
    expect(key, run.output()).toBeDefined();
    // Redis was still connecting when the API started: that is waited for, not reported.
    expect(run.output()).not.toMatch(/could not check for API keys|Stream isn't writeable/);
    const redis = new Redis(`redis://127.0.0.1:${redisPort}`);
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await redis.config('GET', 'dir')).toEqual(['dir', path.join(dataDir, 'redis')]);
    // No keys configured: the first start made an admin key, printed it once, and stored only its hash.
    const stored = await redis.keys('distillery:api-key:*');
    expect(stored).toHaveLength(1);
    expect(await redis.get(stored[0]!)).not.toContain(key);
    await redis.quit();
    expect((await fetch(`${api}/v1/workers`)).status).toBe(401);
    const call = callWith(api, key!);
    const workers = await waitUntil('the worker to register', async () => {
      const { items } = (await call('GET', '/v1/workers')) as { items: { pid: number }[] };
      return items.length > 0 ? items : undefined;
    });
    expect(workers).toHaveLength(1);

    // A job training when the user stops the service with Ctrl-C.
    const dataset = (await call('POST', '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { trainSize: 2000 } } })).id as string;
    jobId = (await call('POST', '/v1/jobs', { type: 'train', dataset, model: { architecture: { kind: 'mlp', hidden: [128, 128] } }, training: { epochs: 8, batchSize: 16 } })).id as string;
    await waitUntil('training to start', async () => ((await call('GET', `/v1/jobs/${jobId}`)) as { progress?: { epoch?: number } }).progress?.epoch);
    process.kill(-run.child.pid!, 'SIGINT');
    expect(await run.exited, run.output()).toBe(0);
    // npm exits only once the service is down: nothing answers, the worker process is gone.
    await expect(fetch(`${api}/healthz`)).rejects.toThrow();
    expect(() => process.kill(workers[0]!.pid, 0)).toThrow(/ESRCH/);
    // Each process got one signal and took the graceful path.
    expect(run.output()).not.toMatch(/second signal|exiting now|second SIGTERM/);
    expect(run.output()).toMatch(/returned to the queue on shutdown/);
  } finally {
    killGroup(run.child.pid!);
  }
  expect(existsSync(path.join(dataDir, 'redis', 'appendonlydir'))).toBe(true);

  // The second start finds the stored key and makes no new one; the job
  // resumes from the checkpoint the first start's worker wrote.
  const again = start({ REDIS_PORT: String(redisPort), PORT: String(apiPort), HOST: '127.0.0.1' });
  try {
    await waitForHttp(`${api}/readyz`, 60_000);
    const call = callWith(api, key!);
    const job = await waitUntil('the job to finish', async () => {
      const record = (await call('GET', `/v1/jobs/${jobId}`)) as { status: string };
      return ['succeeded', 'failed', 'cancelled'].includes(record.status) ? record : undefined;
    });
    expect(job.status).toBe('succeeded');
    const logs = ((await call('GET', `/v1/jobs/${jobId}/events?limit=1000`)) as { items: { type: string; data: { message: string } }[] }).items
      .filter((e) => e.type === 'log')
      .map((e) => e.data.message);
    expect(logs).toEqual([
      expect.stringMatching(/^train started .* attempt 1$/),
      expect.stringMatching(/^train returned to the queue: worker w_\w+ is shutting down$/),
      expect.stringMatching(/^train started .* attempt 1$/),
      expect.stringMatching(/^train resumes from its checkpoint after epoch \d+ \(step \d+\)$/),
      'train finished',
    ]);
    // A plain `kill <pid>` of npm (no group) stops the service gracefully too.
    again.child.kill('SIGTERM');
    expect(await again.exited, again.output()).toBe(0);
    await expect(fetch(`${api}/healthz`)).rejects.toThrow();
  } finally {
    killGroup(again.child.pid!);
  }
  expect(again.output()).not.toMatch(/dk_/);
  expect(again.output()).not.toMatch(/second signal|exiting now|second SIGTERM/);

  // A start with API_KEYS: the printed admin key is revoked (one log line says so), the configured key works.
  const configuredKey = `ops-admin-${'c'.repeat(32)}`;
  const configured = start({ REDIS_PORT: String(redisPort), PORT: String(apiPort), HOST: '127.0.0.1', API_KEYS: `ops:admin:${configuredKey}` });
  try {
    await waitForHttp(`${api}/readyz`, 60_000);
    const refused = await fetch(`${api}/v1/jobs`, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(401);
    expect(configured.output().match(/API keys are configured, so the admin key created at first start \(key_[0-9a-z]+\) was revoked/g)).toHaveLength(1);
    const keys = (await callWith(api, configuredKey)('GET', '/v1/keys')) as { items: { source: string }[] };
    expect(keys.items.map((item) => item.source)).toEqual(['configured']);
    configured.child.kill('SIGTERM');
    expect(await configured.exited, configured.output()).toBe(0);
  } finally {
    killGroup(configured.child.pid!);
  }
  expect(configured.output()).not.toContain(configuredKey);
});

/** Whatever is left of a start that failed: its group (Redis, the API and the worker run in groups of their own and stop with it). */
function killGroup(pid: number) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function callWith(api: string, key: string) {
  return async (method: string, url: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${api}${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
}

/** Polls `check` until it returns a value, for at most two minutes. */
async function waitUntil<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== 0) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
