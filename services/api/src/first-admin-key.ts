import type { FastifyBaseLogger } from 'fastify';
import { FIRST_ADMIN_KEY_NAME, type Registry } from '@distillery/registry';
import type { Redis } from 'ioredis';
import type { AccessOptions } from './auth.ts';

export interface StartupKeys {
  /** The admin key created now, to show once (none configured, no admin key stored). */
  created?: string;
  /** Ids of first-start admin keys revoked now, because keys are configured. */
  revoked: string[];
}

/**
 * What start-up does with stored keys, once Redis answers:
 * - records from before keys could be listed and revoked are indexed;
 * - with keys configured (API_KEYS, API_KEYS_FILE), the admin key the first
 *   start printed is revoked: configuration now says who gets in, and a key
 *   printed to a terminal long ago should not outlive that;
 * - with none configured and no admin key stored, an admin key is created and
 *   shown once: only its hash is kept.
 */
export async function reconcileStoredKeys(registry: Registry, options: AccessOptions): Promise<StartupKeys> {
  if (options.auth === 'off') return { revoked: [] };
  const stored = await registry.apiKeys.indexLegacy();
  if (options.keys.length > 0) {
    const revoked: string[] = [];
    for (const key of stored.filter((k) => k.origin === 'first-start')) {
      if ((await registry.apiKeys.revoke(key.keyId, { adminsElsewhere: 0, force: true })) === 'revoked') revoked.push(key.keyId);
    }
    return { revoked };
  }
  if ((await registry.apiKeys.adminCount()) > 0) return { revoked: [] };
  const { key } = await registry.apiKeys.create({ tenant: 'default', role: 'admin', name: FIRST_ADMIN_KEY_NAME, origin: 'first-start' });
  return { created: key, revoked: [] };
}

/** reconcileStoredKeys; returns the key to show, if one was created. */
export async function ensureFirstAdminKey(registry: Registry, options: AccessOptions, log?: FastifyBaseLogger): Promise<string | undefined> {
  const { created, revoked } = await reconcileStoredKeys(registry, options);
  if (revoked.length > 0) {
    log?.info({ revoked }, `API keys are configured, so the admin key created at first start (${revoked.join(', ')}) was revoked`);
  }
  return created;
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
  if (options.auth === 'off') return undefined;
  for (let attempt = 0; ; attempt++) {
    await connected(redis, () => log.info('waiting for Redis to answer before checking for API keys; /readyz says not ready until then'));
    try {
      return await ensureFirstAdminKey(registry, options, log);
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
