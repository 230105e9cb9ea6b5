import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DistilleryError } from '@distillery/contracts';
import type { Registry } from '@distillery/registry';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A creating POST that honours the Idempotency-Key header (see registerIdempotency). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** Set while this request holds its Idempotency-Key's claim. */
    idempotencyClaim?: { key: string; fingerprint: string };
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The header in a route's schema, so that it is validated and shown in the OpenAPI document. */
export const IdempotencyHeaders = Type.Object({
  [IDEMPOTENCY_HEADER]: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7e]+$',
      description:
        'Any string of visible ASCII (a UUID, say). A retry with the same key and body within 24 hours gets the first answer again, status and body, and creates nothing; the same key with another body is 422 idempotency_key_reused.',
    }),
  ),
});

/** How long a retry waits for the request that holds its key to answer, before it is told to retry later. */
const WAIT_FOR_ANSWER_MS = 30_000;
const POLL_MS = 50;

/** Object keys sorted at every level: the same JSON in another key order is the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

function fingerprintOf(request: FastifyRequest): string {
  const what = [request.method, request.routeOptions.url, request.params, canonical(request.body)];
  return createHash('sha256').update(JSON.stringify(what)).digest('hex');
}

/**
 * Idempotency-Key on creating POSTs (routes with `config: { idempotent: true }`):
 * the first request with a key runs and its successful answer is kept for 24
 * hours; a retry with the same key and body gets that answer again (with
 * `Idempotent-Replayed: true`) and creates nothing; concurrent retries wait
 * for the first to answer. An answer that is an error is not kept: nothing
 * was created, so a retry runs again. The key is per tenant.
 */
export function registerIdempotency(app: FastifyInstance, registry: Registry): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.routeOptions.config.idempotent) return;
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (typeof key !== 'string') return;
    if (request.isMultipart()) {
      throw new DistilleryError(
        'invalid_request',
        'Idempotency-Key is not honoured on multipart uploads yet (a retry would not be recognised); send the upload without it, and list the models or datasets by name before retrying one that may have been created',
        `/headers/${IDEMPOTENCY_HEADER}`,
      );
    }
    const tenant = request.principal.tenant;
    const fingerprint = fingerprintOf(request);
    const deadline = Date.now() + WAIT_FOR_ANSWER_MS;
    for (;;) {
      const claim = await registry.idempotency.claim(tenant, key, fingerprint);
      if (claim.kind === 'claimed') {
        request.idempotencyClaim = { key, fingerprint };
        return;
      }
      if (claim.kind === 'reused') {
        throw new DistilleryError(
          'idempotency_key_reused',
          `Idempotency-Key ${JSON.stringify(key)} was used within the last 24 hours for a different request (another body or route); use a new key for a new request`,
          `/headers/${IDEMPOTENCY_HEADER}`,
        );
      }
      if (claim.kind === 'replay') {
        const { answer } = claim;
        if (answer.location) reply.header('location', answer.location);
        return reply.code(answer.status).header('idempotent-replayed', 'true').type('application/json; charset=utf-8').send(JSON.parse(answer.body));
      }
      if (Date.now() > deadline) {
        throw new DistilleryError(
          'idempotency_key_in_use',
          `a request with Idempotency-Key ${JSON.stringify(key)} is still being answered after ${WAIT_FOR_ANSWER_MS / 1000} s; retry with the same key later to get its answer`,
          `/headers/${IDEMPOTENCY_HEADER}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = undefined;
    const tenant = request.principal.tenant;
    if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
      const location = reply.getHeader('location');
      await registry.idempotency.complete(tenant, claim.key, claim.fingerprint, {
        status: reply.statusCode,
        body: payload,
        ...(typeof location === 'string' ? { location } : {}),
      });
    } else {
      await registry.idempotency.release(tenant, claim.key);
    }
    return payload;
  });
}
