import { readFileSync } from 'node:fs';
import { DEFAULT_FAILED_AUTH_PER_MINUTE, type AccessLimits, type AccessOptions, type ConfiguredKey } from './auth.ts';

const TENANT = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Shorter keys could be guessed; generated keys have 43 characters after their prefix. */
const MIN_KEY_LENGTH = 24;

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number; got "${raw}"`);
  return value;
}

const MAX_NAME_LENGTH = 100;

function checkKey(entry: unknown, where: string): ConfiguredKey {
  const { tenant, role, key, name } = (entry ?? {}) as Partial<ConfiguredKey>;
  if (typeof tenant !== 'string' || !TENANT.test(tenant)) throw new Error(`${where}: tenant must match ${TENANT} (lower-case letters, digits, "_" and "-")`);
  if (role !== 'admin' && role !== 'user') throw new Error(`${where}: role must be "admin" or "user"`);
  if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH || /[\s,]/.test(key)) {
    throw new Error(`${where}: a key must be at least ${MIN_KEY_LENGTH} characters without spaces or commas (e.g. openssl rand -base64 32)`);
  }
  if (name !== undefined && (typeof name !== 'string' || name.length < 1 || name.length > MAX_NAME_LENGTH)) {
    throw new Error(`${where}: name, when given, must be text of 1 to ${MAX_NAME_LENGTH} characters`);
  }
  // GET /v1/keys shows the name: where the key is configured, unless the file names it.
  return { tenant, role, key, name: name ?? where.replace(/ \(.*\)$/, '') };
}

/**
 * API_KEYS="tenant:role:key,..." and/or API_KEYS_FILE (a JSON list of
 * {tenant, role, key, name?}): keys scripts can start the service with. Never
 * echoed in an error message.
 */
function configuredKeys(env: NodeJS.ProcessEnv): ConfiguredKey[] {
  const keys: ConfiguredKey[] = [];
  for (const [index, entry] of (env.API_KEYS ?? '').split(',').filter((e) => e.trim() !== '').entries()) {
    const [tenant, role, ...rest] = entry.trim().split(':');
    keys.push(checkKey({ tenant, role, key: rest.join(':') }, `API_KEYS entry ${index + 1} (tenant:role:key)`));
  }
  if (env.API_KEYS_FILE) {
    let entries: unknown;
    try {
      entries = JSON.parse(readFileSync(env.API_KEYS_FILE, 'utf8'));
    } catch (error) {
      throw new Error(`API_KEYS_FILE ${env.API_KEYS_FILE} is not a readable JSON file: ${(error as Error).message}`);
    }
    if (!Array.isArray(entries)) throw new Error('API_KEYS_FILE must hold a JSON list of {"tenant", "role", "key"} objects (and an optional "name")');
    entries.forEach((entry, index) => keys.push(checkKey(entry, `API_KEYS_FILE entry ${index + 1}`)));
  }
  return keys;
}

/** AUTH=on (default) | off, the keys, and each tenant's limits. */
export function loadAccessConfig(env: NodeJS.ProcessEnv): AccessOptions {
  const auth = (env.AUTH ?? 'on').toLowerCase();
  if (auth === 'off') {
    if (env.API_KEYS || env.API_KEYS_FILE) throw new Error('AUTH=off and API keys are both set: remove one of them');
    return { auth: 'off' };
  }
  if (auth !== 'on') throw new Error(`AUTH must be "on" or "off"; got "${env.AUTH}"`);
  const limits: AccessLimits = {
    requestsPerMinute: positiveInteger(env, 'RATE_LIMIT_PER_MINUTE', 6000),
    failedAuthPerMinute: positiveInteger(env, 'FAILED_AUTH_PER_MINUTE', DEFAULT_FAILED_AUTH_PER_MINUTE),
    concurrentJobs: positiveInteger(env, 'QUOTA_CONCURRENT_JOBS', 100),
    storedBytes: positiveInteger(env, 'QUOTA_STORED_BYTES', 100 * 1024 ** 3),
  };
  return { auth: 'keys', keys: configuredKeys(env), limits };
}
