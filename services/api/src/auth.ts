import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DistilleryError } from '@distillery/contracts';
import { sendError } from './problems.ts';
import { hashApiKey, keyIdOf, LEGACY_TENANT, type Principal, type Registry, type Role } from '@distillery/registry';

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
}

export interface AccessLimits {
  /** Requests per key per minute; beyond it 429 rate_limited. */
  requestsPerMinute: number;
  /** Queued or running jobs per tenant; a submission beyond it is 429 quota_exceeded. */
  concurrentJobs: number;
  /** Bytes of datasets and models per tenant; an upload beyond it is 429 quota_exceeded. */
  storedBytes: number;
}

export type AccessOptions = { auth: 'off' } | { auth: 'keys'; keys: ConfiguredKey[]; limits: AccessLimits };

/** Cookie the dashboard sets so that links, downloads and EventSource (which cannot send headers) carry the key. */
export const KEY_COOKIE = 'distillery_key';

/** With authentication off everything belongs to one tenant, with every right. */
const LOCAL: Principal = { keyId: 'local', tenant: LEGACY_TENANT, role: 'admin' };

/** Served to anyone: liveness, the OpenAPI document, the dashboard's static files. */
function isPublic(url: string): boolean {
  return url === '/' || url === '/healthz' || url === '/readyz' || url === '/docs' || url.startsWith('/docs/') || url === '/ui' || url.startsWith('/ui/');
}

/** Monitoring shows every tenant's jobs, and the teacher-output cache is shared by all tenants: admin keys only. */
function needsAdmin(url: string): boolean {
  return url === '/metrics' || url === '/v1/workers' || url === '/admin/queues' || url.startsWith('/admin/') || url === '/v1/cache' || url.startsWith('/v1/cache/');
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
 * Authenticates every request that is not public, refuses monitoring to
 * non-admin keys, and counts each key's requests against its rate limit.
 * Keys are compared by their sha256; neither the key nor its hash is logged.
 */
export function registerAuth(fastify: FastifyInstance, registry: Registry, options: AccessOptions): void {
  fastify.decorateRequest('principal', null as unknown as Principal);
  if (options.auth === 'off') {
    fastify.addHook('onRequest', async (request) => {
      request.principal = LOCAL;
    });
    return;
  }
  const configured = new Map(
    options.keys.map(({ key, tenant, role }) => {
      const hash = hashApiKey(key);
      return [hash, { keyId: keyIdOf(hash), tenant, role }] as const;
    }),
  );
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
    const hash = hashApiKey(token);
    const principal = configured.get(hash) ?? (await registry.apiKeys.findByHash(hash));
    if (!principal) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new DistilleryError('unauthorized', 'the API key is not valid; check it, or ask an admin for a new one');
    }
    if (needsAdmin(url) && principal.role !== 'admin') {
      throw new DistilleryError('forbidden', `${url} ${url.startsWith('/v1/cache') ? "holds every tenant's cached teacher outputs" : "shows every tenant's jobs"} and needs an admin key`);
    }
    const { count, resetSeconds } = await registry.usage.countRequest(principal.keyId, 60);
    if (count > limits.requestsPerMinute) {
      reply.header('retry-after', String(resetSeconds));
      throw new DistilleryError('rate_limited', `this key has made more than ${limits.requestsPerMinute} requests this minute; retry in ${resetSeconds} s`);
    }
    request.principal = principal;
  }
}
