import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from '@distillery/registry';
import type { Redis } from 'ioredis';

/**
 * How long one wait blocks. A job that joins unblocks the wait at once
 * (CLIENT UNBLOCK, best effort: it can reach Redis before the wait does); this
 * bounds how late its first events can be announced when it does not.
 */
const BLOCK_MS = 1000;
const RETRY_MS = 1000;

interface Watched {
  /** The newest event id the hub has seen for the job. */
  cursor: string;
  listeners: Set<() => void>;
}

/**
 * Waits for new events of every job that some client follows, on one Redis
 * connection per API instance: a blocking XREAD over all their streams at
 * once. Each event stream used to hold a Redis connection of its own, so one
 * key opening enough streams could use up Redis's clients and lock new
 * workers and API instances out. Listeners are only told that their job has
 * new events; each reads them after its own cursor.
 */
export class JobEventHub {
  readonly #reader: Redis;
  readonly #watched = new Map<string, Watched>();
  #readerId: number | undefined;
  #waiting = false;
  #closed = false;
  #wake: (() => void) | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly log: FastifyBaseLogger,
  ) {
    // Offline queue on: the first wait is queued until the connection is up.
    this.#reader = registry.redis.duplicate({ enableOfflineQueue: true, connectionName: 'distillery-api-events' });
    this.#reader.on('error', () => undefined); // a failed wait is retried below
    this.#reader.on('ready', () => {
      this.#readerId = undefined;
    });
    void this.#run();
  }

  /**
   * Calls `listener` whenever the job has events after `cursor`, until the
   * returned function is called. A listener reads the events itself, and
   * should read once after watching: events written before the hub's next
   * wait are not announced again.
   */
  watch(jobId: string, cursor: string, listener: () => void): () => void {
    let watched = this.#watched.get(jobId);
    if (!watched) {
      watched = { cursor, listeners: new Set() };
      this.#watched.set(jobId, watched);
      this.#interrupt();
    }
    watched.listeners.add(listener);
    return () => {
      watched.listeners.delete(listener);
      if (watched.listeners.size === 0 && this.#watched.get(jobId) === watched) this.#watched.delete(jobId);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    this.#reader.disconnect();
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      if (this.#watched.size === 0) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        continue;
      }
      const cursors = new Map([...this.#watched].map(([jobId, watched]) => [jobId, watched.cursor]));
      try {
        this.#readerId ??= Number(await this.#reader.client('ID'));
        this.#waiting = true;
        const last = await this.registry.jobs.waitForEvents(this.#reader, cursors, BLOCK_MS);
        for (const [jobId, id] of last) {
          const watched = this.#watched.get(jobId);
          if (!watched) continue;
          watched.cursor = id;
          for (const listener of watched.listeners) listener();
        }
      } catch (error) {
        if (this.#closed) return;
        this.log.warn({ err: error }, 'waiting for job events failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      } finally {
        this.#waiting = false;
      }
    }
  }

  /** A job joined: its stream must be part of the wait now, not when the current one times out. */
  #interrupt(): void {
    if (this.#wake) return this.#wake();
    if (this.#waiting && this.#readerId !== undefined) void this.registry.redis.client('UNBLOCK', this.#readerId).catch(() => undefined);
  }
}
