import { DistilleryError, isFinished } from '@distillery/contracts';
import type { JobErrorInfo, JobEvent, JobStatus, Progress, Stage } from '@distillery/contracts';
import type { Job, JobRequest, JobResult, SweepResult } from '@distillery/jobs';
import type { Redis } from 'ioredis';
import { keys, LEGACY_TENANT } from './keys.ts';
import { pageIds, type Page } from './pages.ts';

const EVENTS_KEPT = 5000;
const EVENT_ID = /^\d{1,15}-\d{1,15}$/;

/**
 * Sets job hash fields and appends their event, in one step, unless the job
 * already reached a terminal status: a late write from a worker can never turn
 * a cancelled job back into a running one, nor land its event after the
 * `cancelled` one.
 *
 * KEYS: job hash, events stream. ARGV: events kept, event body, then field/value pairs.
 * Returns 1 when written, 0 when the job had finished (nothing written), -1 when there is no such job.
 */
const SET_FIELDS = `
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return -1 end
if current == 'succeeded' or current == 'failed' or current == 'cancelled' then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'event', ARGV[2])
return 1
`;

/**
 * Merges a stage update into the stored stage (fields the update leaves out
 * are kept) and appends a stage event carrying the merged stage, in one step,
 * unless the job already finished and the write is not forced.
 *
 * KEYS: job hash, stages hash, events stream.
 * ARGV: events kept, force ('1' or '0'), stage name, stage update as JSON, event time.
 * Returns 1 when written, 0 when the job had finished (nothing written), -1 when there is no such job.
 */
const MERGE_STAGE = `
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return -1 end
if ARGV[2] ~= '1' and (current == 'succeeded' or current == 'failed' or current == 'cancelled') then return 0 end
local merged = {}
local stored = redis.call('HGET', KEYS[2], ARGV[3])
if stored then
  local ok, decoded = pcall(cjson.decode, stored)
  if ok and type(decoded) == 'table' then merged = decoded end
end
for field, value in pairs(cjson.decode(ARGV[4])) do merged[field] = value end
merged['name'] = ARGV[3]
redis.call('HSET', KEYS[2], ARGV[3], cjson.encode(merged))
local body = cjson.encode({ type = 'stage', at = ARGV[5], data = merged })
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[1], '*', 'event', body)
return 1
`;

/** The scripts above, sent once per connection and then run by their SHA (ioredis `defineCommand`). */
interface JobScripts {
  distilleryJobSetFields(jobKey: string, eventsKey: string, kept: number, body: string, ...fields: string[]): Promise<number>;
  distilleryJobMergeStage(
    jobKey: string,
    stagesKey: string,
    eventsKey: string,
    kept: number,
    force: '1' | '0',
    name: string,
    update: string,
    at: string,
  ): Promise<number>;
}

function withScripts(redis: Redis): Redis & JobScripts {
  redis.defineCommand('distilleryJobSetFields', { numberOfKeys: 2, lua: SET_FIELDS });
  redis.defineCommand('distilleryJobMergeStage', { numberOfKeys: 3, lua: MERGE_STAGE });
  return redis as Redis & JobScripts;
}

function eventBody(type: JobEvent['type'], at: string, data: Record<string, unknown>): string {
  return JSON.stringify({ type, at, data });
}

/**
 * Job records: the user's view of a job (status, stages, progress, result),
 * kept apart from BullMQ's own job hashes so it survives job removal and can
 * say `cancelled`. Fields are separate hash fields (and stages a hash of their
 * own) so that workers updating different stages never overwrite each other.
 * Every write to a job and its event are one atomic step, so the events stream
 * is always in the order the writes took effect.
 */
export class JobRecords {
  private readonly redis: Redis & JobScripts;

  constructor(redis: Redis) {
    this.redis = withScripts(redis);
  }

  async create(input: { id: string; tenant: string; request: JobRequest; stages: Stage[] }): Promise<Job> {
    const createdAt = new Date().toISOString();
    const multi = this.redis
      .multi()
      .hset(keys.job(input.id), {
        id: input.id,
        tenant: input.tenant,
        type: input.request.type,
        status: 'queued',
        request: JSON.stringify(input.request),
        createdAt,
      })
      .zadd(keys.jobs(input.tenant), 0, input.id)
      .sadd(keys.unfinishedJobs(input.tenant), input.id);
    for (const stage of input.stages) multi.hset(keys.jobStages(input.id), stage.name, JSON.stringify(stage));
    const reads = readsOf(input.request);
    for (const model of reads.models) multi.sadd(keys.usedBy('model', model), input.id);
    for (const dataset of reads.datasets) multi.sadd(keys.usedBy('dataset', dataset), input.id);
    multi.xadd(keys.jobEvents(input.id), 'MAXLEN', '~', EVENTS_KEPT, '*', 'event', eventBody('status', createdAt, { status: 'queued' }));
    const replies = await multi.exec();
    if (!replies) throw new Error(`creating the record of job ${input.id} was aborted`);
    for (const [error] of replies) if (error) throw error;
    return { id: input.id, tenant: input.tenant, type: input.request.type, status: 'queued', request: input.request, stages: input.stages, createdAt };
  }

  /** Unfinished jobs that read the model or dataset. */
  async unfinishedJobsUsing(kind: 'model' | 'dataset', id: string): Promise<string[]> {
    return this.unfinishedAmong(keys.usedBy(kind, id));
  }

  /** The tenant's jobs that have not finished: what its concurrent-jobs quota counts. */
  async unfinishedJobsOf(tenant: string): Promise<string[]> {
    return this.unfinishedAmong(keys.unfinishedJobs(tenant));
  }

  /** Members of a set of job ids whose jobs have not finished; finished ones are dropped from the set on the way. */
  private async unfinishedAmong(key: string): Promise<string[]> {
    const jobIds = await this.redis.smembers(key);
    if (jobIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const jobId of jobIds) pipeline.hget(keys.job(jobId), 'status');
    const statuses = ((await pipeline.exec()) ?? []).map(([, status]) => status as JobStatus | null);
    const finished = jobIds.filter((_, i) => statuses[i] === null || isFinished(statuses[i]!));
    if (finished.length > 0) await this.redis.srem(key, ...finished);
    return jobIds.filter((_, i) => statuses[i] !== null && !isFinished(statuses[i]!));
  }

  async get(id: string): Promise<Job | undefined> {
    const [fields, stages] = await Promise.all([this.redis.hgetall(keys.job(id)), this.redis.hvals(keys.jobStages(id))]);
    // Sweeps share this layout (registry/sweeps.ts) but are not jobs.
    if (!fields.id || fields.type === 'sweep') return undefined;
    return toJob(fields, stages);
  }

  async status(id: string): Promise<JobStatus | undefined> {
    return ((await this.redis.hget(keys.job(id), 'status')) ?? undefined) as JobStatus | undefined;
  }

  /** What a worker checks before it starts (a part of) a job, in one read: status, owner, and its deadline. */
  async startInfo(id: string): Promise<{ status: JobStatus | undefined; tenant: string; startedAt?: string; timeoutSeconds?: number }> {
    const [status, tenant, startedAt, request] = await this.redis.hmget(keys.job(id), 'status', 'tenant', 'startedAt', 'request');
    const timeoutSeconds = request ? (JSON.parse(request) as JobRequest).timeoutSeconds : undefined;
    return {
      status: (status ?? undefined) as JobStatus | undefined,
      tenant: tenant ?? LEGACY_TENANT,
      ...(startedAt ? { startedAt } : {}),
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    };
  }

  async list(tenant: string, options: { limit: number; after?: string | undefined; status?: JobStatus | undefined }): Promise<Page<Job>> {
    const { status } = options;
    const keep = status
      ? async (ids: string[]) => {
          const pipeline = this.redis.pipeline();
          for (const id of ids) pipeline.hget(keys.job(id), 'status');
          const replies = (await pipeline.exec()) ?? [];
          return replies.map(([, value]) => value === status);
        }
      : undefined;
    const page = await pageIds(this.redis, { key: keys.jobs(tenant), idKind: 'j' }, options, keep);
    const jobs = await Promise.all(page.items.map((id) => this.get(id)));
    return { items: jobs.filter((job): job is Job => job !== undefined), ...(page.next ? { next: page.next } : {}) };
  }

  /** Moves a job to a new status unless it already finished; false when it had (or there is no such job). */
  async transition(
    id: string,
    status: JobStatus,
    extra: { result?: JobResult | SweepResult; error?: JobErrorInfo } = {},
  ): Promise<boolean> {
    const now = new Date().toISOString();
    const fields: string[] = ['status', status];
    if (status === 'running') fields.push('startedAt', now);
    if (isFinished(status)) fields.push('finishedAt', now);
    if (extra.result) fields.push('result', JSON.stringify(extra.result));
    if (extra.error) fields.push('error', JSON.stringify(extra.error));
    const body = eventBody('status', now, { status, ...(extra.error ? { error: extra.error } : {}) });
    return (await this.redis.distilleryJobSetFields(keys.job(id), keys.jobEvents(id), EVENTS_KEPT, body, ...fields)) === 1;
  }

  /** Records the job's progress unless it already finished; false when it had (or there is no such job). */
  async progress(id: string, progress: Progress): Promise<boolean> {
    const body = eventBody('progress', new Date().toISOString(), { ...progress });
    const written = await this.redis.distilleryJobSetFields(
      keys.job(id),
      keys.jobEvents(id),
      EVENTS_KEPT,
      body,
      'progress',
      JSON.stringify(progress),
    );
    return written === 1;
  }

  /**
   * Merges `stage` into the stored stage of that name (fields it leaves out are
   * kept) unless the job already finished; false when it had (or there is no
   * such job). `force` writes even to a finished job: the API marks the
   * unfinished stages of a job it just cancelled.
   */
  async stage(id: string, stage: Pick<Stage, 'name'> & Partial<Stage>, options: { force?: boolean } = {}): Promise<boolean> {
    const written = await this.redis.distilleryJobMergeStage(
      keys.job(id),
      keys.jobStages(id),
      keys.jobEvents(id),
      EVENTS_KEPT,
      options.force ? '1' : '0',
      stage.name,
      JSON.stringify(stage),
      new Date().toISOString(),
    );
    return written === 1;
  }

  /** Appends a log event; logs are kept whatever the job's status. */
  async log(id: string, message: string): Promise<void> {
    await this.redis.xadd(keys.jobEvents(id), 'MAXLEN', '~', EVENTS_KEPT, '*', 'event', eventBody('log', new Date().toISOString(), { message }));
  }

  /** Events after `after` (an event id such as `1795830387073-0`), oldest first. */
  async events(id: string, options: { after?: string | undefined; limit: number }): Promise<JobEvent[]> {
    if (options.after !== undefined) checkEventId(options.after);
    const start = options.after !== undefined ? `(${options.after}` : '-';
    const entries = await this.redis.xrange(keys.jobEvents(id), start, '+', 'COUNT', options.limit);
    return entries.map(toEvent);
  }

  /**
   * Waits up to `blockMs` for an event of any of the jobs, each after its own
   * event id; answers, per job that has new events, the id of the last one
   * (empty when the time ran out or the wait was unblocked). It blocks the
   * connection it runs on, so the caller gives one of its own.
   */
  async waitForEvents(connection: Redis, after: ReadonlyMap<string, string>, blockMs: number): Promise<Map<string, string>> {
    const ids = [...after.keys()];
    for (const id of ids) checkEventId(after.get(id)!);
    const reply = (await connection.xread('COUNT', 1000, 'BLOCK', blockMs, 'STREAMS', ...ids.map((id) => keys.jobEvents(id)), ...ids.map((id) => after.get(id)!))) ?? [];
    const jobOfKey = new Map(ids.map((id) => [keys.jobEvents(id), id]));
    const last = new Map<string, string>();
    for (const [key, entries] of reply) {
      const entry = entries[entries.length - 1];
      if (entry) last.set(jobOfKey.get(key)!, entry[0]);
    }
    return last;
  }
}

function checkEventId(after: string): void {
  if (!EVENT_ID.test(after)) throw new DistilleryError('invalid_request', 'after must be an event id such as 1795830387073-0', '/after');
}

function toEvent([eventId, fields]: [string, string[]]): JobEvent {
  const body = JSON.parse(fields[1] ?? '{}') as { type: JobEvent['type']; at: string; data: Record<string, unknown> };
  return { id: eventId, ...body };
}

function toJob(fields: Record<string, string>, stages: string[]): Job {
  const parse = <T>(value: string | undefined): T | undefined => (value ? (JSON.parse(value) as T) : undefined);
  const stageList = stages.map((raw) => JSON.parse(raw) as Stage).sort((a, b) => stageOrder(a.name) - stageOrder(b.name));
  const job: Job = {
    id: fields.id!,
    tenant: fields.tenant ?? LEGACY_TENANT,
    type: fields.type as Job['type'],
    status: fields.status as JobStatus,
    request: JSON.parse(fields.request!) as JobRequest,
    stages: stageList,
    createdAt: fields.createdAt!,
  };
  const progress = parse<Progress>(fields.progress);
  const result = parse<JobResult>(fields.result);
  const error = parse<JobErrorInfo>(fields.error);
  if (progress) job.progress = progress;
  if (result) job.result = result;
  if (error) job.error = error;
  if (fields.startedAt) job.startedAt = fields.startedAt;
  if (fields.finishedAt) job.finishedAt = fields.finishedAt;
  return job;
}

/** Teachers first (by index), then aggregation, then training. */
function stageOrder(name: string): number {
  if (name.startsWith('teacher:')) return Number(name.slice('teacher:'.length));
  return name === 'aggregate' ? 1000 : 1001;
}

/** The models and datasets a job reads. */
function readsOf(request: JobRequest): { models: string[]; datasets: string[] } {
  if (request.type === 'train') return { models: [], datasets: [request.dataset] };
  // An environment or a built-in graph is no record: nothing to keep from deletion.
  if (request.type === 'train-policy') return { models: [], datasets: [] };
  if (request.type === 'distill-graph') return { models: [], datasets: 'dataset' in request.graph ? [request.graph.dataset] : [] };
  if (request.type === 'distill-private') return { models: [], datasets: [request.dataset, request.public.dataset] };
  if (request.type === 'distill-policy') return { models: request.teachers.map((teacher) => teacher.model), datasets: [] };
  return {
    models: request.teachers.map((teacher) => teacher.model),
    datasets: [request.dataset, ...(request.transfer ? [request.transfer.dataset] : [])],
  };
}
