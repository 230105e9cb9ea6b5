/** The owner of records written before tenants existed, and the one tenant when authentication is off. */
export const LEGACY_TENANT = 'local';

/** Every Redis key this project owns (BullMQ keeps its own under `bull:`). */
export const keys = {
  dataset: (id: string) => `distillery:dataset:${id}`,
  /** Each tenant's records are indexed apart: a listing never reads another tenant's ids. */
  datasets: (tenant: string) => `distillery:tenant:${tenant}:datasets`,
  model: (id: string) => `distillery:model:${id}`,
  models: (tenant: string) => `distillery:tenant:${tenant}:models`,
  job: (id: string) => `distillery:job:${id}`,
  jobStages: (id: string) => `distillery:job:${id}:stages`,
  jobEvents: (id: string) => `distillery:job:${id}:events`,
  jobs: (tenant: string) => `distillery:tenant:${tenant}:jobs`,
  /** Ids of a tenant's jobs that may not have finished (finished ones are dropped when read). */
  unfinishedJobs: (tenant: string) => `distillery:tenant:${tenant}:unfinished-jobs`,
  /** Bytes of the tenant's stored datasets and models. */
  storedBytes: (tenant: string) => `distillery:tenant:${tenant}:stored-bytes`,
  /** API keys by the sha256 of the key: the key itself is never stored. */
  apiKey: (hash: string) => `distillery:api-key:${hash}`,
  apiKeys: 'distillery:api-keys',
  /** Stored keys by id: id -> sha256 (what revoking by id needs). */
  apiKeyIds: 'distillery:api-keys:ids',
  /** Ids of stored keys, score 0: ids order by creation time, so listings page newest-first. */
  apiKeyIndex: 'distillery:api-keys:index',
  /** Ids of stored admin keys: revoking the last admin key is refused atomically against it. */
  apiKeyAdmins: 'distillery:api-keys:admins',
  /** Key id -> when a request last authenticated with it (stored and configured keys). */
  apiKeyLastUsed: 'distillery:api-keys:last-used',
  /** Requests of one API key in one rate-limit window. */
  rateWindow: (keyId: string, window: number) => `distillery:rate:${keyId}:${window}`,
  /** Failed authentications from one client address in one window (under rate: counters, not records). */
  authFailureWindow: (address: string, window: number) => `distillery:rate:auth-failures:${address}:${window}`,
  /** Ids of the jobs that read a model or dataset: deleting it waits until they finish. */
  usedBy: (kind: 'model' | 'dataset', id: string) => `distillery:used-by:${kind}:${id}`,
  worker: (id: string) => `distillery:worker:${id}`,
  workers: 'distillery:workers',
  /** Job durations by task and outcome: histogram buckets, sum and count. */
  jobSeconds: 'distillery:metrics:job-seconds',
  /** Queue waits by task: histogram buckets, sum and count. */
  queueWaitSeconds: 'distillery:metrics:queue-wait-seconds',
  /** Service-wide counters (cache hits, samples processed). */
  counters: 'distillery:metrics:counters',
  /** Pub/sub channel: a message is the id of a job to stop. */
  cancelChannel: 'distillery:cancel',
  /** Sweeps keep their status, stages and events in the job keys above (same layout), indexed apart. */
  sweeps: (tenant: string) => `distillery:tenant:${tenant}:sweeps`,
  sweepTrials: (id: string) => `distillery:job:${id}:trials`,
  /** The teacher-output cache index: one hash per entry, its readers (job ids), an eviction-in-progress marker, LRU order and total bytes. */
  cacheEntry: (id: string) => `distillery:cache:entry:${id}`,
  cacheReaders: (id: string) => `distillery:cache:readers:${id}`,
  cacheEvicting: (id: string) => `distillery:cache:evicting:${id}`,
  cacheLru: 'distillery:cache:lru',
  cacheBytes: 'distillery:cache:bytes',
  /** A creating request's Idempotency-Key (sha256) and the answer it gave. */
  idempotency: (tenant: string, keyHash: string) => `distillery:tenant:${tenant}:idempotency:${keyHash}`,
};
