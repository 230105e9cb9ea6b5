import type { ArtifactStore } from '@distillery/storage';
import type { Registry } from '@distillery/registry';
import type { Logger } from 'pino';
import type { DataCache } from './data.ts';

/** What every processor gets: its job's ids, a scoped logger, a cancel signal, and the service's stores. */
export interface JobContext {
  /** The user's job id (shared by every subjob of a flow). */
  jobId: string;
  /** The tenant that submitted the job: it owns every model the job registers. */
  tenant: string;
  /** The stage of the user's job this BullMQ job carries out: teacher:<i>, aggregate or train. */
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
  /** Values returned by this BullMQ job's children. */
  childrenValues: () => Promise<unknown[]>;
}
