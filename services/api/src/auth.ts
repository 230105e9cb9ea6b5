import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DistilleryError } from '@distillery/contracts';
import { sendError } from './problems.ts';
import { LEGACY_TENANT, type Principal, type Registry, type Role } from '@distillery/registry';
import type { KeyDirectory } from './key-directory.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts for; set before any route runs (the `local` admin when authentication is off). */
    principal: Principal;
  }
}

/** A key given in configuration (API_KEYS or API_KEYS_FILE). */
export interface ConfiguredKey {
  tenant: string;
  role: Role;
  key: string;
  /** What GET /v1/keys shows it as: API_KEYS_FILE's `name`, else where it is configured (`API_KEYS entry 2`). */
  name?: string;
}

export interface AccessLimits {
  /** Requests per key per minute; beyond it 429 rate_limited. */
  requestsPerMinute: number;
  /** Requests with a wrong key per client address per minute; beyond it 429 rate_limited, before the key is looked up (default DEFAULT_FAILED_AUTH_PER_MINUTE). */
  failedAuthPerMinute?: number;
  /** Queued or running jobs per tenant; a submission beyond it is 429 quota_exceeded. */
  concurrentJobs: number;
  /** Bytes of datasets and models per tenant; an upload beyond it is 429 quota_exceeded. */
  storedBytes: number;
}

/** A client with a typo retries a few times; a key-guessing loop makes thousands of attempts. */
export const DEFAULT_FAILED_AUTH_PER_MINUTE = 60;

export type AccessOptions = { auth: 'off' } | { auth: 'keys'; keys: ConfiguredKey[]; limits: AccessLimits };

/** Cookie the dashboard sets so that links, downloads and EventSource (which cannot send headers) carry the key. */
export const KEY_COOKIE = 'distillery_key';

/** With authentication off everything belongs to one tenant, with every right. */
const LOCAL: Principal = { keyId: 'local', tenant: LEGACY_TENANT, role: 'admin' };

/** Served to anyone: liveness, the OpenAPI document, the dashboard's static files. */
function isPublic(url: string): boolean {
  return url === '/' || url === '/healthz' || url === '/readyz' || url === '/docs' || url.startsWith('/docs/') || url === '/ui' || url.startsWith('/ui/');
}

const under = (url: string, prefix: string) => url === prefix || url.startsWith(`${prefix}/`);

/**
 * Why a route needs an admin key, or undefined when any key will do:
 * monitoring shows every tenant's jobs, the teacher-output cache lists every
 * tenant's entries, and keys are made and revoked for any tenant.
 */
function adminOnly(url: string): string | undefined {
  if (url === '/metrics' || url === '/v1/workers' || under(url, '/admin')) return "shows every tenant's jobs";
  if (under(url, '/v1/cache')) return "holds every tenant's cached teacher outputs";
  if (under(url, '/v1/keys')) return "manages every tenant's API keys";
  return undefined;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new DistilleryError('unauthorized', 'the Authorization header must be "Bearer <API key>"');
    return match[1];
  }
  // Cookies only for reads: a cross-site form can make a browser send cookies, never a header.
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === KEY_COOKIE && value.length > 0) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        throw new DistilleryError('unauthorized', `the ${KEY_COOKIE} cookie is not a valid API key`);
      }
    }
  }
  return undefined;
}

/**
 * Authenticates every request that is not public, refuses monitoring and key
 * management to non-admin keys, counts each key's requests against its rate
 * limit and notes its last use (KeyDirectory: once a minute at most). Keys
 * are compared by their sha256; neither the key nor its hash is logged.
 */
export function registerAuth(fastify: FastifyInstance, registry: Registry, directory: KeyDirectory, options: AccessOptions): void {
  fastify.decorateRequest('principal', null as unknown as Principal);
  if (options.auth === 'off') {
    fastify.addHook('onRequest', async (request) => {
      request.principal = LOCAL;
    });
    return;
  }
  const { limits } = options;

  // The answer is sent from the hook itself: plugins with their own error handler (bull-board) must not turn a 401 into a 500.
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await authenticate(request, reply);
    } catch (error) {
      return sendError(request, reply, error);
    }
  });

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const url = request.routeOptions.url ?? request.url.split('?')[0]!;
    if (isPublic(url)) {
      request.principal = { keyId: 'anonymous', tenant: LEGACY_TENANT, role: 'user' };
      return;
    }
    const token = bearerToken(request);
    if (!token) {
      reply.header('www-authenticate', 'Bearer');
      throw new DistilleryError('unauthorized', 'this route needs an API key: send "Authorization: Bearer <key>"');
    }
    // An address that keeps sending wrong keys is slowed down before its next key is even looked up.
    const failures = await registry.usage.authFailures(request.ip, 60);
    if (failures.count >= (limits.failedAuthPerMinute ?? DEFAULT_FAILED_AUTH_PER_MINUTE)) {
      reply.header('retry-after', String(failures.resetSeconds));
      throw new DistilleryError('rate_limited', `${failures.count} requests from this address had a wrong API key this minute; retry in ${failures.resetSeconds} s with a valid key`);
    }
    const principal = await directory.authenticate(token);
    if (!principal) {
      await registry.usage.countAuthFailure(request.ip, 60);
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new DistilleryError('unauthorized', 'the API key is not valid (unknown or revoked); check it, or ask an admin for a new one');
    }
    await directory.noteUse(principal);
    const reason = adminOnly(url);
    if (reason !== undefined && principal.role !== 'admin') throw new DistilleryError('forbidden', `${url} ${reason} and needs an admin key`);
    const { count, resetSeconds } = await registry.usage.countRequest(principal.keyId, 60);
    // The IETF draft's fields (draft-ietf-httpapi-ratelimit-headers): the key's budget this minute.
    reply.header('ratelimit-limit', String(limits.requestsPerMinute));
    reply.header('ratelimit-remaining', String(Math.max(0, limits.requestsPerMinute - count)));
    reply.header('ratelimit-reset', String(resetSeconds));
    if (count > limits.requestsPerMinute) {
      reply.header('retry-after', String(resetSeconds));
      throw new DistilleryError('rate_limited', `this key has made more than ${limits.requestsPerMinute} requests this minute; retry in ${resetSeconds} s`);
    }
    request.principal = principal;
  }
}
