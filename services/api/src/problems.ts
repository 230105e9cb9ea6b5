import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDistilleryError, type Problem } from '@distillery/contracts';

/** Whether an error means Redis cannot be reached right now. */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    /enableOfflineQueue|Connection is closed|ECONNREFUSED|ECONNRESET|Stream isn't writeable/i.test(error.message)
  );
}

export function problem(status: number, code: string, detail: string, field?: string): Problem {
  return {
    type: `https://distillery.dev/errors/${code}`,
    title: code.replace(/_/g, ' '),
    status,
    code,
    detail,
    ...(field ? { field } : {}),
  };
}

/**
 * Answers an error as a problem document. Messages are echoed only for errors
 * the user can act on; anything unexpected is logged with its request id and
 * answered with a generic 500.
 */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: FastifyError | unknown): FastifyReply {
  const fastifyError = error as FastifyError;
  const cause = fastifyError.validation ? (fastifyError.cause ?? error) : error;
  if (isDistilleryError(cause)) {
    if (cause.status === 503) reply.header('retry-after', '5');
    return reply.code(cause.status).type('application/problem+json').send(problem(cause.status, cause.code, cause.message, cause.field));
  }
  if (isRedisUnavailable(error)) {
    request.log.warn({ err: error }, 'redis unavailable');
    return reply
      .code(503)
      .header('retry-after', '5')
      .type('application/problem+json')
      .send(problem(503, 'redis_unavailable', 'the job store (Redis) cannot be reached; retry shortly'));
  }
  const status = fastifyError.statusCode ?? 500;
  if (status < 500) {
    const code = fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'invalid_request';
    return reply.code(status).type('application/problem+json').send(problem(status, code, fastifyError.message));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).type('application/problem+json').send(problem(500, 'internal_error', 'an unexpected error occurred; it has been logged'));
}

/** One error shape for every route (RFC 9457 problem details). */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => sendError(request, reply, error));

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send(problem(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}; see /docs for the API`)),
  );
}
