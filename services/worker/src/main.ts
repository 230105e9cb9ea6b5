// First: an older Node gets one line saying which it needs (see the module).
import '@distillery/contracts/require-node';
import pino from 'pino';
import { loadWorkerConfig } from './config.ts';
import { startWorkerRuntime } from './runtime.ts';

/**
 * Worker process entry point. First SIGTERM/SIGINT: stop taking jobs, stop the
 * running ones within a batch and hand them back to the queue, then exit. A
 * second signal, or the deadline, forces the exit (BullMQ then hands an
 * unfinished job to another worker once its lock lapses).
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
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// Started by `npm start` (scripts/start.ts), which holds an IPC channel to us:
// if it dies without stopping us, shut down as if it had.
if (process.channel) {
  process.channel.unref();
  process.once('disconnect', () => stop('supervisor exited'));
}
