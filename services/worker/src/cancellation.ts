import { isFinished } from '@distillery/contracts';
import { keys, type Registry } from '@distillery/registry';
import type { Redis } from 'ioredis';

/** Why a running job was stopped: the user cancelled it, or another subjob failed it. */
export class JobStoppedError extends Error {
  override readonly name = 'JobStoppedError';
  constructor(
    jobId: string,
    readonly status: 'cancelled' | 'failed' | 'succeeded',
  ) {
    super(status === 'cancelled' ? `job ${jobId} was cancelled` : `job ${jobId} already ${status}`);
  }
}

const POLL_MS = 1000;

/**
 * Cross-process cancellation. BullMQ's own cancelJob only reaches the worker
 * object that runs the job, and the API is another process: the API publishes
 * the job id on a channel, and each worker aborts whatever it runs for that job.
 * Pub/sub is fire-and-forget (a message sent while the subscriber reconnects is
 * lost), so the statuses of the jobs running here are also polled every second.
 */
export class CancellationListener {
  private readonly running = new Map<string, Set<AbortController>>();
  private readonly poller: NodeJS.Timeout;

  private constructor(
    private readonly subscriber: Redis,
    private readonly registry: Registry,
  ) {
    subscriber.on('message', (_channel: string, jobId: string) => this.abort(jobId, 'cancelled'));
    this.poller = setInterval(() => void this.poll(), POLL_MS);
  }

  static async start(registry: Registry): Promise<CancellationListener> {
    const subscriber = registry.redis.duplicate();
    // While Redis is down ioredis reconnects on its own and resubscribes; the 1 s status poll covers the gap.
    subscriber.on('error', () => undefined);
    await subscriber.subscribe(keys.cancelChannel);
    return new CancellationListener(subscriber, registry);
  }

  /** A signal that fires when `jobId` is stopped or when `parent` fires. */
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

  private abort(jobId: string, status: JobStoppedError['status']): void {
    for (const controller of this.running.get(jobId) ?? []) controller.abort(new JobStoppedError(jobId, status));
  }

  private async poll(): Promise<void> {
    const ids = [...this.running.keys()];
    if (ids.length === 0) return;
    try {
      const statuses = await Promise.all(ids.map((id) => this.registry.jobs.status(id)));
      statuses.forEach((status, i) => {
        if (isFinished(status)) this.abort(ids[i]!, status);
      });
    } catch {
      // Redis is unreachable: the next poll tries again.
    }
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    await this.subscriber.quit().catch(() => undefined);
  }
}
