import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const DASHBOARD_PATH = '/ui';

/**
 * The page may load and call only its own origin: no inline script or style,
 * no third-party hosts, no framing. Chart.js styles its canvases through the
 * CSSOM, which style-src does not restrict.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

/** The page's own files change with each deployment under the same names: revalidate every time (a 304 when unchanged). */
const REVALIDATE = 'no-cache';
/** Chart.js changes only when the dependency is upgraded; a day's staleness at most. */
const VENDOR = 'public, max-age=86400';

function asset(body: Buffer, file: string, cacheControl: string): Asset {
  const type = CONTENT_TYPES[path.extname(file)];
  if (!type) throw new Error(`dashboard: no content type for ${file}`);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, type, etag, cacheControl };
}

/** Every file under public/, keyed by its URL path below /ui/. Read once: nothing on disk is reached per request. */
function loadAssets(): Map<string, Asset> {
  const root = fileURLToPath(new URL('./public/', import.meta.url));
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const urlPath = path.relative(root, file).split(path.sep).join('/');
    assets.set(urlPath, asset(readFileSync(file), file, REVALIDATE));
  }
  // The UMD build defines the global `Chart` and needs no bundler or import map.
  // chart.js exports no ./dist/* subpaths, so its file is found beside the CommonJS entry.
  const chartJs = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
  assets.set('vendor/chart.js', asset(readFileSync(chartJs), chartJs, VENDOR));
  return assets;
}

function send(request: FastifyRequest, reply: FastifyReply, file: Asset): FastifyReply {
  reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', file.cacheControl)
    .header('etag', file.etag);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  return reply.type(file.type).send(file.body);
}

/**
 * The dashboard: a static page at /ui that follows jobs through the public
 * REST API only (job list, job events over SSE, models and their files).
 * `/` redirects to it. None of these routes is part of the OpenAPI document.
 */
export async function registerDashboard(app: FastifyInstance): Promise<void> {
  const assets = loadAssets();
  const index = assets.get('index.html')!;
  const hide = { schema: { hide: true } };

  app.get('/', hide, async (_request, reply) => reply.redirect(DASHBOARD_PATH));
  app.get(DASHBOARD_PATH, hide, async (request, reply) => send(request, reply, index));
  app.get(`${DASHBOARD_PATH}/`, hide, async (request, reply) => send(request, reply, index));
  app.get<{ Params: { '*': string } }>(`${DASHBOARD_PATH}/*`, hide, async (request, reply) => {
    const file = assets.get(request.params['*']);
    if (file) return send(request, reply, file);
    reply.callNotFound();
    return reply;
  });
}
