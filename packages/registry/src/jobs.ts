import type { Job, JobErrorInfo, JobEvent, JobRequest, JobResult, JobStatus, Progress, Stage } from '@distillery/contracts';
import type { Redis } from 'ioredis';
import { keys } from './keys.ts';
import { pageIds, type Page } from './pages.ts';

const TERMINAL: JobStatus[] = ['succeeded', 'failed', 'cancelled'];
const EVENTS_KEPT = 5000;

/**
 * Sets hash fields unless the job already reached a terminal status, so a late
 * write from a worker can never turn a cancelled job back into a running one.
 * Returns 1 when written.
 */
const SET_UNLESS_FINISHED = `
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return -1 end
if current == 'succeeded' or current == 'failed' or current == 'cancelled' then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`;

/**
 * Job records: the user's view of a job (status, stages, progress, result),
 * kept apart from BullMQ's own job hashes so it survives job removal and can
 * say `cancelled`. Fields are separate hash fields (and stages a hash of their
 * own) so that workers updating different stages never overwrite each other.
 */
export class JobRecords {
  constructor(private readonly redis: Redis) {}

  async create(input: { id: string; request: JobRequest; stages: Stage[] }): Promise<Job> {
    const createdAt = new Date().toISOString();
    const multi = this.redis
      .multi()
      .hset(keys.job(input.id), {
        id: input.id,
        type: input.request.type,
        status: 'queued',
        request: JSON.stringify(input.request),
        createdAt,
      })
      .zadd(keys.jobs, 0, input.id);
    for (const stage of input.stages) multi.hset(keys.jobStages(input.id), stage.name, JSON.stringify(stage));
    await multi.exec();
    await this.event(input.id, 'status', { status: 'queued' });
    return { id: input.id, type: input.request.type, status: 'queued', request: input.request, stages: input.stages, createdAt };
  }

  async get(id: string): Promise<Job | undefined> {
    const [fields, stages] = await Promise.all([this.redis.hgetall(keys.job(id)), this.redis.hvals(keys.jobStages(id))]);
    if (!fields.id) return undefined;
    return toJob(fields, stages);
  }

  async status(id: string): Promise<JobStatus | undefined> {
    return ((await this.redis.hget(keys.job(id), 'status')) ?? undefined) as JobStatus | undefined;
  }

  async list(options: { limit: number; after?: string | undefined; status?: JobStatus | undefined }): Promise<Page<Job>> {
    const { status } = options;
    const keep = status
      ? async (ids: string[]) => {
          const pipeline = this.redis.pipeline();
          for (const id of ids) pipeline.hget(keys.job(id), 'status');
          const replies = (await pipeline.exec()) ?? [];
          return replies.map(([, value]) => value === status);
        }
      : undefined;
    const page = await pageIds(this.redis, keys.jobs, options, keep);
    const jobs = await Promise.all(page.items.map((id) => this.get(id)));
    return { items: jobs.filter((job): job is Job => job !== undefined), ...(page.next ? { next: page.next } : {}) };
  }

  /** Moves a job to a new status unless it already finished; false when it had. */
  async transition(
    id: string,
    status: JobStatus,
    extra: { result?: JobResult; error?: JobErrorInfo } = {},
  ): Promise<boolean> {
    const now = new Date().toISOString();
    const fields: string[] = ['status', status];
    if (status === 'running') fields.push('startedAt', now);
    if (TERMINAL.includes(status)) fields.push('finishedAt', now);
    if (extra.result) fields.push('result', JSON.stringify(extra.result));
    if (extra.error) fields.push('error', JSON.stringify(extra.error));
    const written = (await this.redis.eval(SET_UNLESS_FINISHED, 1, keys.job(id), ...fields)) === 1;
    if (written) await this.event(id, 'status', { status, ...(extra.error ? { error: extra.error } : {}) });
    return written;
  }

  async progress(id: string, progress: Progress): Promise<void> {
    const written = (await this.redis.eval(SET_UNLESS_FINISHED, 1, keys.job(id), 'progress', JSON.stringify(progress))) === 1;
    if (written) await this.event(id, 'progress', { ...progress });
  }

  async stage(id: string, stage: Stage): Promise<void> {
    const current = await this.redis.hget(keys.jobStages(id), stage.name);
    const merged = { ...(current ? (JSON.parse(current) as Stage) : {}), ...stage };
    await this.redis.hset(keys.jobStages(id), stage.name, JSON.stringify(merged));
    await this.event(id, 'stage', { ...merged });
  }

  async log(id: string, message: string): Promise<void> {
    await this.event(id, 'log', { message });
  }

  /** Events after `after` (an event id), oldest first. */
  async events(id: string, options: { after?: string | undefined; limit: number }): Promise<JobEvent[]> {
    const start = options.after ? `(${options.after}` : '-';
    const entries = await this.redis.xrange(keys.jobEvents(id), start, '+', 'COUNT', options.limit);
    return entries.map(([eventId, fields]) => {
      const body = JSON.parse(fields[1] ?? '{}') as { type: JobEvent['type']; at: string; data: Record<string, unknown> };
      return { id: eventId, ...body };
    });
  }

  private async event(id: string, type: JobEvent['type'], data: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify({ type, at: new Date().toISOString(), data });
    await this.redis.xadd(keys.jobEvents(id), 'MAXLEN', '~', EVENTS_KEPT, '*', 'event', body);
  }
}

function toJob(fields: Record<string, string>, stages: string[]): Job {
  const parse = <T>(value: string | undefined): T | undefined => (value ? (JSON.parse(value) as T) : undefined);
  const stageList = stages.map((raw) => JSON.parse(raw) as Stage).sort((a, b) => stageOrder(a.name) - stageOrder(b.name));
  const job: Job = {
    id: fields.id!,
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
