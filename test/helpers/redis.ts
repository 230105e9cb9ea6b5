import { inject } from 'vitest';

/**
 * Test files run side by side, one per vitest worker, over one test Redis. Each
 * worker owns DATABASES_PER_WORKER of its 16 databases, so one file's `flushdb`
 * never empties the database another file is using. vitest.config.ts caps the
 * workers at 16 / DATABASES_PER_WORKER.
 */
export const DATABASES_PER_WORKER = 4;

/** The URL of this worker's first database, or of its `offset`-th spare (for tests that need a second, empty one). */
export function testRedisUrl(offset = 0): string {
  if (offset < 0 || offset >= DATABASES_PER_WORKER) throw new Error(`a test worker has databases 0..${DATABASES_PER_WORKER - 1} of its own, not ${offset}`);
  const worker = Number(process.env.VITEST_POOL_ID ?? '1');
  const url = new URL(inject('redisUrl'));
  url.pathname = `/${(worker - 1) * DATABASES_PER_WORKER + offset}`;
  return url.toString();
}
