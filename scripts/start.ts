/**
 * `npm start`: Redis (found or started), the API and one worker, as child
 * processes of this one. Stops them all on SIGINT/SIGTERM, or when any of them
 * exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { findOrStartRedis, type FoundRedis } from './redis.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(root, 'data'));
mkdirSync(dataDir, { recursive: true });

const found = await findOrStartRedis({ dataDir, url: process.env.REDIS_URL, port: Number(process.env.REDIS_PORT ?? 6379) });
if ('error' in found) {
  console.error(found.error);
  process.exit(1);
}
const redis: FoundRedis = found;
console.log(`distillery: Redis at ${redis.url}${redis.process ? ` (started here, data in ${path.join(dataDir, 'redis')})` : ''}`);

const env = { ...process.env, REDIS_URL: redis.url, DATA_DIR: dataDir };
const children: ChildProcess[] = [];
const run = (name: string, entry: string) => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], { env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`distillery: ${name} exited (${signal ?? code}); stopping`);
      void stop(1);
    }
  });
  children.push(child);
};

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => new Promise((resolve) => { c.once('exit', resolve); c.kill('SIGTERM'); })),
  );
  if (redis.process) {
    redis.process.kill('SIGTERM');
    await new Promise((resolve) => redis.process!.once('exit', resolve));
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

run('api', 'services/api/src/server.ts');
run('worker', 'services/worker/src/main.ts');
