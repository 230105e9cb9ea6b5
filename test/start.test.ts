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

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', DATA_DIR: dataDir, REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

it('exits with a one-line message when there is no Redis and no redis-server', async () => {
  const run = start({ REDIS_PORT: String(await freePort()), PATH: '/nonexistent' });
  expect(await run.exited).toBe(1);
  const lines = run.output().trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/no redis-server on PATH; install Redis .* or set REDIS_URL/);
});

it('starts redis-server with an append-only file under DATA_DIR, then the API (with a first admin key) and a worker', async () => {
  const redisPort = await freePort();
  const apiPort = await freePort();
  const run = start({ REDIS_PORT: String(redisPort), PORT: String(apiPort), HOST: '127.0.0.1' });
  try {
    await waitForHttp(`http://127.0.0.1:${apiPort}/readyz`, 60_000);
    const redis = new Redis(`redis://127.0.0.1:${redisPort}`);
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await redis.config('GET', 'dir')).toEqual(['dir', path.join(dataDir, 'redis')]);
    // No keys configured: the first start made an admin key, printed it once, and stored only its hash.
    const key = /^ {2}(dk_[A-Za-z0-9_-]{43})$/m.exec(run.output())?.[1];
    expect(key, run.output()).toBeDefined();
    const stored = await redis.keys('distillery:api-key:*');
    expect(stored).toHaveLength(1);
    expect(await redis.get(stored[0]!)).not.toContain(key);
    await redis.quit();
    expect((await fetch(`http://127.0.0.1:${apiPort}/v1/workers`)).status).toBe(401);
    const workers = async () =>
      ((await (await fetch(`http://127.0.0.1:${apiPort}/v1/workers`, { headers: { authorization: `Bearer ${key}` } })).json()) as { items: unknown[] }).items.length;
    for (let i = 0; i < 100 && (await workers()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await workers()).toBe(1);
  } finally {
    run.child.kill('SIGTERM');
    expect(await run.exited, run.output()).toBe(0);
  }
  expect(existsSync(path.join(dataDir, 'redis', 'appendonlydir'))).toBe(true);

  // The second start finds the stored key and makes no new one.
  const again = start({ REDIS_PORT: String(redisPort), PORT: String(apiPort), HOST: '127.0.0.1' });
  try {
    await waitForHttp(`http://127.0.0.1:${apiPort}/readyz`, 60_000);
  } finally {
    again.child.kill('SIGTERM');
    expect(await again.exited, again.output()).toBe(0);
  }
  expect(again.output()).not.toMatch(/dk_/);
});
