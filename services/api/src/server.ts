// First: an older Node gets one line saying which it needs (see the module).
import '@distillery/contracts/require-node';
import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';
import { createArtifactStore } from '@distillery/storage';
import { Redis } from 'ioredis';
import { app } from './app.ts';
import { Registry } from '@distillery/registry';
import { checkFirstAdminKey } from './first-admin-key.ts';
import { requestForLog } from './log-redaction.ts';
import { answerFrameworkError } from './problems.ts';
import { requestIdOf } from './request-id.ts';
import { loadApiConfig } from './config.ts';

const config = loadApiConfig();
const FIRST_KEY_WAIT_MS = 10_000;
// Requests fail fast (503) while Redis is unreachable instead of queueing
// commands in memory; ioredis keeps reconnecting in the background.
const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
redis.on('error', () => undefined); // connection errors surface as 503s and /readyz

// Errors Fastify raises before routing (a bad percent-escape, an over-long id) get the problem format too.
const server = Fastify({
  logger: { level: config.logLevel, serializers: { req: requestForLog } },
  frameworkErrors: answerFrameworkError,
  genReqId: requestIdOf,
  // A client that sends its headers or its body slowly, or idles between
  // requests, cannot hold a connection for ever (see config.ts for the bounds).
  requestTimeout: config.http.requestTimeoutMs,
  keepAliveTimeout: config.http.keepAliveTimeoutMs,
  http: { headersTimeout: config.http.headersTimeoutMs, connectionsCheckingInterval: 1000 },
});

if (config.access.auth === 'off') server.log.warn('authentication is OFF (AUTH=off): every request acts as the one local admin; do not expose this port');
else server.log.info({ configuredKeys: config.access.keys.length }, 'authentication on: requests need an API key');
// Printed once, outside the logger, and never stored: only its hash is kept.
const firstKeyChecked = checkFirstAdminKey(new Registry(redis), redis, config.access, server.log).then((key) => {
  if (key) process.stdout.write(`\nNo API keys were configured, so an admin key was created for tenant "default".\nIt is shown only now; keep it:\n\n  ${key}\n\n`);
});

await server.register(app, {
  startup: firstKeyChecked,
  redis,
  store: createArtifactStore(config.artifactStore),
  access: config.access,
  uploads: { maxFileBytes: config.uploadMaxFileBytes },
  modelChecks: config.modelChecks,
  eventStreamsPerKey: config.eventStreamsPerKey,
  jobSizes: config.jobSizes,
  cache: { maxBytes: config.cacheMaxBytes },
});
server.addHook('onClose', async () => {
  await redis.quit().catch(() => undefined);
});

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) server.log.error({ err }, 'closing after an error');
  else server.log.info({ signal }, 'shutting down');
  // close() ends the connections idle at that instant; one still finishing a
  // response would otherwise stay open for the whole keep-alive timeout. So
  // in-flight requests finish, and their connections close as they go idle.
  const sweep = setInterval(() => server.server.closeIdleConnections(), 200);
  try {
    await server.close();
  } finally {
    clearInterval(sweep);
  }
});

// Started by `npm start` (scripts/start.ts), which holds an IPC channel to us:
// if it dies without stopping us, shut down as if it had sent SIGTERM.
if (process.channel) {
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

await server.ready();
// Usually Redis answers within moments, and the key is printed before the port
// opens. If not, the API listens anyway (/readyz says it is starting) and the
// key follows as soon as Redis answers.
await Promise.race([firstKeyChecked, new Promise((resolve) => setTimeout(resolve, FIRST_KEY_WAIT_MS).unref())]);
await server.listen({ port: config.port, host: config.host });
server.modelChecker.warm();
