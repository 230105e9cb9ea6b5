// First: an older Node gets one line saying which it needs (see the module).
import '@distillery/contracts/require-node';
import { WORKER_RETIRED_EXIT_CODE } from '@distillery/contracts';
import pino from 'pino';
import { loadWorkerConfig } from './config.ts';
import { breaksBackend } from './errors.ts';
import { startWorkerRuntime } from './runtime.ts';

/**
 * Worker process entry point. First SIGTERM/SIGINT: stop taking jobs, stop the
 * running ones within a batch and hand them back to the queue, then exit. A
 * second signal, or the deadline, forces the exit (BullMQ then hands an
 * unfinished job to another worker once its lock lapses).
 *
 * When a job breaks the TensorFlow.js backend (a wasm trap), the runtime
 * retires: the process exits with WORKER_RETIRED_EXIT_CODE once its other
 * jobs are back in the queue, and its supervisor (`npm start`, a container's
 * restart policy) starts a fresh one.
 */
const config = loadWorkerConfig();
const logger = pino({ level: config.logLevel });
const runtime = await startWorkerRuntime(config, logger);
const SHUTDOWN_DEADLINE_MS = 30_000;

let stopping = false;
const stop = (signal: string) => {
  if (stopping) {
    logger.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
  runtime.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
void runtime.retired.then(async (reason) => {
  stopping = true;
  setTimeout(() => process.exit(WORKER_RETIRED_EXIT_CODE), SHUTDOWN_DEADLINE_MS).unref();
  await runtime.close().catch((error: unknown) => logger.error({ err: error }, 'shutdown failed'));
  logger.error({ reason }, `retired: exiting with status ${WORKER_RETIRED_EXIT_CODE} for a fresh worker to take over`);
  process.exit(WORKER_RETIRED_EXIT_CODE);
});
// A trap can surface outside any job (a kernel finishing after its job ended): the backend is broken all the same.
// The wasm backend's emscripten module listens for uncaught exceptions only to throw them again, which
// ends the process (status 7) before a later listener runs: this one takes its place.
process.removeAllListeners('uncaughtException');
process.on('uncaughtException', (error) => {
  if (breaksBackend(error)) return runtime.retire(`outside any job: ${error.message}`);
  logger.fatal({ err: error }, 'uncaught exception');
  process.exit(1);
});
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// Started by `npm start` (scripts/start.ts), which holds an IPC channel to us:
// if it dies without stopping us, shut down as if it had.
if (process.channel) {
  process.channel.unref();
  process.once('disconnect', () => stop('supervisor exited'));
}
