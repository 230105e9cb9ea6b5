import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids a proxy or client may pass on: short, and nothing a log or a header would have to escape. */
const PASSABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's genReqId: the id a client or proxy sent in X-Request-Id when it
 * is a plain token (so one id follows a request through the proxy's logs and
 * ours), else a new UUID. Every log line of the request carries it (`reqId`),
 * and every answer sends it back (app.ts).
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && PASSABLE_ID.test(given) ? given : randomUUID();
}
