import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from '@distillery/registry';
import type { Redis } from 'ioredis';
import type { AccessOptions } from './auth.ts';

/**
 * With keys on and none configured or stored, the first start creates an
 * admin key and shows it once: only its hash is kept.
 */
export async function ensureFirstAdminKey(registry: Registry, options: AccessOptions): Promise<string | undefined> {
  if (options.auth === 'off' || options.keys.length > 0) return undefined;
  if ((await registry.apiKeys.count()) > 0) return undefined;
  const { key } = await registry.apiKeys.create({ tenant: 'default', role: 'admin', name: 'first admin key' });
  return key;
}

const SAY_WAITING_AFTER_MS = 2000;
const MAX_RETRY_DELAY_MS = 2000;

/**
 * ensureFirstAdminKey as soon as Redis answers. The connection is still
 * opening when the API starts (and Redis itself may be starting): that is
 * expected, so it is waited for, not reported as an error. A check that fails
 * on a ready connection is logged and retried within moments.
 */
export async function checkFirstAdminKey(registry: Registry, redis: Redis, options: AccessOptions, log: FastifyBaseLogger): Promise<string | undefined> {
  if (options.auth === 'off' || options.keys.length > 0) return undefined;
  for (let attempt = 0; ; attempt++) {
    await connected(redis, () => log.info('waiting for Redis to answer before checking for API keys; /readyz says not ready until then'));
    try {
      return await ensureFirstAdminKey(registry, options);
    } catch (error) {
      if (redis.status !== 'ready') continue; // the connection dropped: wait for it again
      log.warn({ err: error }, 'could not check for API keys; trying again');
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, MAX_RETRY_DELAY_MS)));
    }
  }
}

/** Resolves once `redis` is ready; calls `slow` once if that takes a while. */
function connected(redis: Redis, slow: () => void): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(slow, SAY_WAITING_AFTER_MS).unref();
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
