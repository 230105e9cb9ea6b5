import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, hasRedisServerBinary, startRedisServer } from '../../scripts/redis.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/**
 * A real Redis for the integration tests (BullMQ runs Lua: no mock will do).
 * TEST_REDIS_URL names a disposable server the tests may flush; otherwise a
 * redis-server from PATH is started on a free port with its own data folder.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_REDIS_URL) {
    project.provide('redisUrl', process.env.TEST_REDIS_URL);
    return;
  }
  if (!hasRedisServerBinary()) {
    throw new Error('integration tests need Redis: install redis-server (apt-get install redis-server) or set TEST_REDIS_URL to a disposable server');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'distillery-redis-'));
  const port = await freePort();
  const server = await startRedisServer({ port, dir });
  project.provide('redisUrl', `redis://127.0.0.1:${port}`);
  return async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  };
}
