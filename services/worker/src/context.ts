import type { JobName, JobResultOf } from '@distillery/jobs';
import type { ArtifactStore } from '@distillery/storage';
import type { JobsOptions } from 'bullmq';
import type { Registry } from '@distillery/registry';
import type { Logger } from 'pino';
import type { DataCache } from './data.ts';

/** What every processor gets: its job's ids, a scoped logger, a cancel signal, and the service's stores. */
export interface JobContext {
  /** The user's job id (shared by every subjob of a flow). */
  jobId: string;
  /** The tenant that submitted the job: it owns every model the job registers. */
  tenant: string;
  /** The stage of the user's job this BullMQ job carries out (stageNames): teacher:<i>, aggregate, train, targets, trial:<k> or rank. */
  stage: string;
  log: Logger;
  signal: AbortSignal;
  registry: Registry;
  store: ArtifactStore;
  data: DataCache;
  backend: string;
  /** This worker's FEATURE_PRECOMPUTE_MAX_BYTES (see WorkerConfig). */
  featurePrecomputeMaxBytes: number;
  /** Passed to training as its memoryLimitBytes; undefined: no limit. */
  tensorMemoryLimitBytes: number | undefined;
  /**
   * The return values of this BullMQ job's children that ran as `name`, each
   * checked against the catalog's result schema for that name: one that does
   * not match throws (a bug upstream, retried like any unexpected error).
   */
  children<N extends JobName>(name: N): Promise<JobResultOf<N>[]>;
  /** The worker running the job. */
  workerId: string;
  /** This worker's CACHE_MAX_BYTES: after writing a cache entry, evict down to it. */
  cacheMaxBytes: number;
  /**
   * Adds children to this BullMQ job, stores `nextData` as its data, and parks
   * it until they finish (BullMQ's step-job pattern): it throws BullMQ's
   * WaitingChildrenError, and the job is processed again, with `nextData`,
   * once they have. Returns only when they had all finished already.
   */
  fanOut: (children: ChildJob[], nextData: Record<string, unknown>) => Promise<void>;
}

/** A job added as a child of the running one. */
export interface ChildJob {
  name: JobName;
  data: unknown;
  opts: Omit<JobsOptions, 'parent'>;
}
