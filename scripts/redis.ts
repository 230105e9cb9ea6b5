import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface FoundRedis {
  url: string;
  /** Set when this process started the server. */
  process?: ChildProcess;
}

/** Whether a Redis server answers PING at `url` within a second. */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Starts `redis-server` from PATH with the settings BullMQ needs (noeviction)
 * and an append-only file, so queued jobs survive a restart. `ownProcessGroup`
 * keeps a terminal's Ctrl-C (sent to the whole foreground group) from reaching
 * it: `npm start` stops Redis itself, after the workers have handed their jobs
 * back.
 */
export async function startRedisServer(options: { port: number; dir: string; ownProcessGroup?: boolean }): Promise<ChildProcess> {
  mkdirSync(options.dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', String(options.port), '--bind', '127.0.0.1', '--dir', options.dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore', detached: options.ownProcessGroup ?? false },
  );
  const url = `redis://127.0.0.1:${options.port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    if (await redisAnswers(url)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('redis-server did not answer within 10 s');
}

export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** REDIS_URL if given; else a Redis on 127.0.0.1:<port>; else one started there from PATH. */
export async function findOrStartRedis(options: {
  dataDir: string;
  url?: string | undefined;
  port: number;
}): Promise<FoundRedis | { error: string }> {
  if (options.url) return { url: options.url };
  const local = `redis://127.0.0.1:${options.port}`;
  if (await redisAnswers(local)) return { url: local };
  if (!hasRedisServerBinary()) {
    return {
      error: `distillery: no Redis at 127.0.0.1:${options.port} and no redis-server on PATH; install Redis (apt-get install redis-server) or set REDIS_URL`,
    };
  }
  return { url: local, process: await startRedisServer({ port: options.port, dir: path.join(options.dataDir, 'redis'), ownProcessGroup: true }) };
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
