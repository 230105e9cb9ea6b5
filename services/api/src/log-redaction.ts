import type { FastifyRequest } from 'fastify';

/**
 * What a request log line shows of the request. Query values are left out:
 * an API key sent as `?api_key=…` (or any secret a client puts in a URL)
 * must never reach the logs. Parameter names stay, for debugging, when they
 * look like names (a key pasted as `?dk_…` is a "name" too).
 */
export function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactQuery(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

export function redactQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => `${PLAIN_NAME.test(pair.split('=')[0]!) ? pair.split('=')[0] : '[redacted]'}=[redacted]`);
  return `${url.slice(0, at)}?${names.join('&')}`;
}
