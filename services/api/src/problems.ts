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
 * Fastify's and its plugins' own 4xx errors (a body over the limit, a media
 * type nobody parses, malformed JSON), each under the one code documented for
 * its status; a status that no code has (406, 416, 431, ...) becomes a 400
 * invalid_request, so `status` always matches `ErrorCodes[code]`.
 */
function clientProblem(status: number, message: string): Problem {
  switch (status) {
    case 404:
      return problem(404, 'not_found', message);
    case 413:
      return problem(413, 'upload_too_large', `${message}: JSON bodies are limited to 1 MiB; files go in multipart/form-data uploads`);
    case 415:
      return problem(415, 'unsupported_media_type', `${message}: send application/json (multipart/form-data for uploads)`);
    default:
      return problem(400, 'invalid_request', message);
  }
}

/**
 * Errors Fastify answers before any route or hook runs, and so before the
 * error handler: a URL whose percent-escapes do not decode (FST_ERR_BAD_URL)
 * and a path parameter over the router's length limit
 * (FST_ERR_MAX_PARAM_LENGTH). Only a server option reaches them:
 * `Fastify({ frameworkErrors: answerFrameworkError })`.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_BAD_URL') {
    return reply.code(400).type('application/problem+json').send(problem(400, 'invalid_request', 'the URL has a "%" that is not followed by two hex digits of UTF-8; encode it as %25'));
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.code(400).type('application/problem+json').send(problem(400, 'invalid_request', 'a path parameter is longer than any id (64 characters at most); check the URL'));
  }
  return sendError(request, reply, error);
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
    const client = clientProblem(status, fastifyError.message);
    return reply.code(client.status).type('application/problem+json').send(client);
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
