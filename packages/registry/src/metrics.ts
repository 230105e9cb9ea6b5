import type { Redis } from 'ioredis';
import { keys } from './keys.ts';

/** Upper bounds (seconds) of the job-duration histogram buckets; +Inf is implied. */
export const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];


export type Counter =
  | 'teacher_logits_cached'
  | 'teacher_logits_computed'
  | 'training_samples'
  | 'training_seconds'
  | 'inference_samples'
  | 'inference_seconds';

/** How a job step ended; a cancelled one is neither a success nor a failure. */
export type JobOutcome = 'succeeded' | 'failed' | 'cancelled';

export interface DurationHistogram {
  task: string;
  /** For job durations: a JobOutcome; empty for queue waits. */
  outcome: string;
  /** Count per bucket of DURATION_BUCKETS, then the +Inf bucket; not cumulative. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * Service metrics that several processes contribute to: each worker adds to
 * counters and histograms kept in Redis, and the API reads them all for
 * GET /metrics. Keeping them in Redis rather than per process means a scrape
 * sees the whole service, and a restarted worker loses nothing.
 */
export class ServiceMetrics {
  constructor(private readonly redis: Redis) {}

  async observeJob(task: string, outcome: JobOutcome, seconds: number): Promise<void> {
    await this.#observe(keys.jobSeconds, `${task}|${outcome}`, seconds);
  }

  /** How long a step waited in its queue, from being enqueued to a worker taking it (which steps count: the worker runtime decides). */
  async observeQueueWait(task: string, seconds: number): Promise<void> {
    await this.#observe(keys.queueWaitSeconds, `${task}|`, seconds);
  }

  async #observe(hash: string, prefix: string, seconds: number): Promise<void> {
    const bucket = DURATION_BUCKETS.findIndex((bound) => seconds <= bound);
    await this.redis
      .multi()
      .hincrby(hash, `${prefix}|bucket|${bucket === -1 ? 'inf' : bucket}`, 1)
      .hincrbyfloat(hash, `${prefix}|sum`, seconds)
      .hincrby(hash, `${prefix}|count`, 1)
      .exec();
  }

  async add(counter: Counter, amount: number): Promise<void> {
    await this.redis.hincrbyfloat(keys.counters, counter, amount);
  }

  async read(): Promise<{ durations: DurationHistogram[]; queueWaits: DurationHistogram[]; counters: Partial<Record<Counter, number>> }> {
    const [durationFields, waitFields, counterFields] = await Promise.all([
      this.redis.hgetall(keys.jobSeconds),
      this.redis.hgetall(keys.queueWaitSeconds),
      this.redis.hgetall(keys.counters),
    ]);
    const counters = Object.fromEntries(Object.entries(counterFields).map(([name, value]) => [name, Number(value)]));
    return { durations: histogramsOf(durationFields), queueWaits: histogramsOf(waitFields), counters };
  }
}

/** Histograms from their hash fields `<task>|<outcome>|bucket|<i>`, `…|sum`, `…|count`. */
function histogramsOf(fields: Record<string, string>): DurationHistogram[] {
  const histograms = new Map<string, DurationHistogram>();
  for (const [field, raw] of Object.entries(fields)) {
    const [task, outcome, kind, index] = field.split('|') as [string, string, string, string | undefined];
    const key = `${task}|${outcome}`;
    let histogram = histograms.get(key);
    if (!histogram) {
      histogram = { task, outcome, buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      histograms.set(key, histogram);
    }
    const value = Number(raw);
    if (kind === 'sum') histogram.sum = value;
    else if (kind === 'count') histogram.count = value;
    else histogram.buckets[index === 'inf' ? DURATION_BUCKETS.length : Number(index)] = value;
  }
  return [...histograms.values()];
}
