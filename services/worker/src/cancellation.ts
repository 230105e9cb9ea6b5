import { keys } from '@distillery/registry';
import type { Redis } from 'ioredis';

/**
 * Cross-process cancellation. BullMQ's own cancelJob only reaches the worker
 * object that runs the job, and the API is another process: the API publishes
 * the job id on a channel, and each worker aborts whatever it runs for that job.
 */
export class CancellationListener {
  private readonly running = new Map<string, Set<AbortController>>();

  private constructor(private readonly subscriber: Redis) {
    subscriber.on('message', (_channel: string, jobId: string) => this.abort(jobId));
  }

  static async start(connection: Redis): Promise<CancellationListener> {
    const subscriber = connection.duplicate();
    await subscriber.subscribe(keys.cancelChannel);
    return new CancellationListener(subscriber);
  }

  /** A signal that fires when the user cancels `jobId` or when `parent` fires. */
  track(jobId: string, parent?: AbortSignal): { signal: AbortSignal; release: () => void } {
    const controller = new AbortController();
    const set = this.running.get(jobId) ?? new Set();
    set.add(controller);
    this.running.set(jobId, set);
    const signal = parent ? AbortSignal.any([controller.signal, parent]) : controller.signal;
    return {
      signal,
      release: () => {
        set.delete(controller);
        if (set.size === 0) this.running.delete(jobId);
      },
    };
  }

  private abort(jobId: string): void {
    for (const controller of this.running.get(jobId) ?? []) controller.abort(new JobCancelledError(jobId));
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => undefined);
  }
}

export class JobCancelledError extends Error {
  override readonly name = 'JobCancelledError';
  constructor(jobId: string) {
    super(`job ${jobId} was cancelled`);
  }
}
