import type { Dataset, Model } from '@distillery/contracts';
import type { Redis } from 'ioredis';
import { ApiKeys } from './api-keys.ts';
import { CacheIndex } from './cache-index.ts';
import { DocumentCollection } from './documents.ts';
import { IdempotencyKeys } from './idempotency.ts';
import { JobRecords } from './jobs.ts';
import { keys } from './keys.ts';
import { ServiceMetrics } from './metrics.ts';
import { SweepRecords } from './sweeps.ts';
import { TenantUsage } from './tenant-usage.ts';
import { WorkerDirectory } from './workers.ts';

export { isIdOf, newId, type IdKind } from './ids.ts';
export { keys, LEGACY_TENANT } from './keys.ts';
export {
  ApiKeys,
  FIRST_ADMIN_KEY_NAME,
  generateApiKey,
  hashApiKey,
  keyIdOf,
  type KeyOrigin,
  type Principal,
  type RevokeOutcome,
  type Role,
  type StoredKeyInfo,
} from './api-keys.ts';
export { TenantUsage } from './tenant-usage.ts';
export { CacheIndex, cacheEntryId, type CacheClaim, type CacheEntryDescription } from './cache-index.ts';
export { SweepRecords, type TrialRowUpdate } from './sweeps.ts';
export { IDEMPOTENCY_PENDING_SECONDS, IDEMPOTENCY_TTL_SECONDS, IdempotencyKeys, type IdempotencyClaim, type IdempotentAnswer } from './idempotency.ts';
export type { Page } from './pages.ts';
export { JobRecords, WorkerDirectory, DocumentCollection, ServiceMetrics };
export { DURATION_BUCKETS, type Counter, type DurationHistogram, type JobOutcome } from './metrics.ts';
export { removeDataset, removeModel, type PrefixDeleter } from './removals.ts';

/** Records of everything the service knows, kept in Redis (persisted by its append-only file). */
export class Registry {
  readonly datasets: DocumentCollection<Dataset>;
  readonly models: DocumentCollection<Model>;
  readonly jobs: JobRecords;
  readonly workers: WorkerDirectory;
  readonly metrics: ServiceMetrics;
  readonly apiKeys: ApiKeys;
  readonly usage: TenantUsage;
  readonly cache: CacheIndex;
  readonly sweeps: SweepRecords;
  readonly idempotency: IdempotencyKeys;

  constructor(readonly redis: Redis) {
    this.datasets = new DocumentCollection<Dataset>(redis, keys.dataset, keys.datasets, 'ds');
    this.models = new DocumentCollection<Model>(redis, keys.model, keys.models, 'm');
    this.jobs = new JobRecords(redis);
    this.workers = new WorkerDirectory(redis);
    this.metrics = new ServiceMetrics(redis);
    this.apiKeys = new ApiKeys(redis);
    this.usage = new TenantUsage(redis);
    this.cache = new CacheIndex(redis);
    this.sweeps = new SweepRecords(redis);
    this.idempotency = new IdempotencyKeys(redis);
  }
}
