/** Every Redis key this project owns (BullMQ keeps its own under `bull:`). */
export const keys = {
  dataset: (id: string) => `distillery:dataset:${id}`,
  datasets: 'distillery:datasets',
  model: (id: string) => `distillery:model:${id}`,
  models: 'distillery:models',
  job: (id: string) => `distillery:job:${id}`,
  jobStages: (id: string) => `distillery:job:${id}:stages`,
  jobEvents: (id: string) => `distillery:job:${id}:events`,
  jobs: 'distillery:jobs',
  /** Ids of the jobs that read a model or dataset: deleting it waits until they finish. */
  usedBy: (kind: 'model' | 'dataset', id: string) => `distillery:used-by:${kind}:${id}`,
  worker: (id: string) => `distillery:worker:${id}`,
  workers: 'distillery:workers',
  /** Job durations by task and outcome: histogram buckets, sum and count. */
  jobSeconds: 'distillery:metrics:job-seconds',
  /** Service-wide counters (cache hits, samples processed). */
  counters: 'distillery:metrics:counters',
  /** Pub/sub channel: a message is the id of a job to stop. */
  cancelChannel: 'distillery:cancel',
};
