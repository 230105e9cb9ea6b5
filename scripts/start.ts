/**
 * `npm start`: Redis (found or started), the API and one worker, as child
 * processes of this one. On SIGINT/SIGTERM, or when any child exits, it stops
 * them all, waits for each to finish its own graceful shutdown, stops Redis
 * last, and exits with their status. The one exception: a worker that exits
 * with WORKER_RETIRED_EXIT_CODE (a job broke its TensorFlow.js backend and it
 * handed its other jobs back) is replaced by a fresh one.
 *
 * Every child runs in its own process group. A terminal's Ctrl-C, or a
 * `kill -- -<pgid>`, signals the whole foreground group at once: children in
 * that group would get the signal twice (once from the group, once forwarded
 * from here), and a second signal means "exit now" to the worker, which then
 * skips handing its job back. Here each child gets exactly one SIGTERM, from
 * this process, and Redis outlives the processes that still write to it.
 *
 * Each child also has an IPC channel to this process: if this process dies
 * without stopping them (SIGKILL), the channel closes and each child signals
 * itself, taking the same graceful path (see the entry points' `disconnect`
 * handlers).
 */
// First: an older Node gets one line saying which it needs (see the module).
import '@distillery/contracts/require-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { WORKER_RETIRED_EXIT_CODE } from '@distillery/contracts';
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
const children: { name: string; process: ChildProcess; exited: Promise<number> }[] = [];
const run = (name: string, entry: string) => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], {
    env,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  let exited!: (code: number) => void;
  const started = { name, process: child, exited: new Promise<number>((resolve) => (exited = resolve)) };
  children.push(started);
  child.once('exit', (code, signal) => {
    if (!stopping && code === WORKER_RETIRED_EXIT_CODE) {
      console.error(`distillery: ${name} retired (its TensorFlow.js backend broke); starting a fresh one`);
      children.splice(children.indexOf(started), 1);
      run(name, entry);
    } else if (!stopping) {
      console.error(`distillery: ${name} exited (${signal ?? code}); stopping`);
      void stop();
    }
    exited(code ?? 1);
  });
};

let stopping = false;
/** Stops every child once, waits for all of them, then Redis; exits 0 only if every child did. */
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const { process: child } of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  const codes = await Promise.all(children.map((c) => c.exited));
  if (redis.process) {
    const redisExited = new Promise((resolve) => redis.process!.once('exit', resolve));
    redis.process.kill('SIGTERM');
    await redisExited;
  }
  process.exit(codes.find((code) => code !== 0) ?? 0);
}
// A second signal (npm forwards the group's signal to this process again) finds `stopping` set.
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

run('api', 'services/api/src/server.ts');
run('worker', 'services/worker/src/main.ts');
