import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';
import { createArtifactStore } from '@distillery/storage';
import { Redis } from 'ioredis';
import { app } from './app.ts';
import { ensureFirstAdminKey } from './auth.ts';
import { answerFrameworkError } from './problems.ts';
import { loadApiConfig } from './config.ts';

const config = loadApiConfig();
// Requests fail fast (503) while Redis is unreachable instead of queueing
// commands in memory; ioredis keeps reconnecting in the background.
const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
redis.on('error', () => undefined); // connection errors surface as 503s and /readyz

// Errors Fastify raises before routing (a bad percent-escape, an over-long id) get the problem format too.
const server = Fastify({ logger: { level: config.logLevel }, frameworkErrors: answerFrameworkError });
await server.register(app, {
  redis,
  store: createArtifactStore(config.artifactStore),
  access: config.access,
  uploads: { maxFileBytes: config.uploadMaxFileBytes },
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

await server.ready();
if (config.access.auth === 'off') {
  server.log.warn('authentication is OFF (AUTH=off): every request acts as the one local admin; do not expose this port');
} else {
  server.log.info({ configuredKeys: config.access.keys.length }, 'authentication on: requests need an API key');
  const access = config.access;
  // Redis may not answer yet: keep trying in the background rather than refuse to start.
  const firstKeyCheck = async (): Promise<void> => {
    try {
      const firstKey = await ensureFirstAdminKey(server.registry, access);
      // Printed once, outside the logger, and never stored: only its hash is kept.
      if (firstKey) process.stdout.write(`\nNo API keys were configured, so an admin key was created for tenant "default".\nIt is shown only now; keep it:\n\n  ${firstKey}\n\n`);
    } catch (error) {
      server.log.warn({ err: error }, 'could not check for API keys (is Redis up?); trying again in 5 s');
      setTimeout(() => void firstKeyCheck(), 5000).unref();
    }
  };
  await firstKeyCheck();
}

await server.listen({ port: config.port, host: config.host });
