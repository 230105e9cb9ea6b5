import { stageNames, type JobErrorInfo, type JobStatus, type Progress, type Stage } from '@distillery/contracts';
import type { Sweep, SweepRequest, SweepResult, SweepTrial, SweepTrialPlan } from '@distillery/jobs';
import type { Redis } from 'ioredis';
import { keys, LEGACY_TENANT } from './keys.ts';
import { pageIds, type Page } from './pages.ts';

const EVENTS_KEPT = 5000;

/** What a trial writes into its row of the table (its status is its stage's). */
export type TrialRowUpdate = Partial<Omit<SweepTrial, 'index' | 'params' | 'comparison' | 'status'>>;

/**
 * Merges fields into a trial's row unless the sweep already finished.
 * KEYS: job hash, trials hash. ARGV: trial index, update as JSON.
 * Returns 1 when written, 0 when the sweep had finished, -1 when there is no such sweep.
 */
const MERGE_TRIAL = `
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return -1 end
if current == 'succeeded' or current == 'failed' or current == 'cancelled' then return 0 end
local row = {}
local stored = redis.call('HGET', KEYS[2], ARGV[1])
if stored then
  local ok, decoded = pcall(cjson.decode, stored)
  if ok and type(decoded) == 'table' then row = decoded end
end
for field, value in pairs(cjson.decode(ARGV[2])) do row[field] = value end
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(row))
return 1
`;

interface SweepScripts {
  distillerySweepMergeTrial(jobKey: string, trialsKey: string, index: number, update: string): Promise<number>;
}

/**
 * Sweep records. A sweep keeps its status, stages, progress and events in
 * the same Redis layout as a job (`distillery:job:<id>`, with `type: sweep`),
 * so that workers run its subjobs exactly as they run a distill job's:
 * status transitions that never leave a finished state, stage updates,
 * cancellation, deadlines and cache pins all work on its id unchanged. It is
 * indexed per tenant apart from jobs (GET /v1/jobs never lists one, and
 * JobRecords.get does not return one), and adds the table of trials.
 */
export class SweepRecords {
  private readonly redis: Redis & SweepScripts;

  constructor(redis: Redis) {
    redis.defineCommand('distillerySweepMergeTrial', { numberOfKeys: 2, lua: MERGE_TRIAL });
    this.redis = redis as Redis & SweepScripts;
  }

  async create(input: { id: string; tenant: string; request: SweepRequest; trials: Pick<SweepTrialPlan, 'params' | 'comparison'>[]; stages: Stage[] }): Promise<Sweep> {
    const createdAt = new Date().toISOString();
    const { id, tenant, request } = input;
    const multi = this.redis
      .multi()
      .hset(keys.job(id), { id, tenant, type: 'sweep', status: 'queued', request: JSON.stringify(request), createdAt })
      .zadd(keys.sweeps(tenant), 0, id)
      // A sweep counts as one unfinished job against its tenant's quota.
      .sadd(keys.unfinishedJobs(tenant), id);
    for (const stage of input.stages) multi.hset(keys.jobStages(id), stage.name, JSON.stringify(stage));
    input.trials.forEach(({ params, comparison }, index) =>
      multi.hset(keys.sweepTrials(id), String(index), JSON.stringify({ index, params, ...(comparison ? { comparison } : {}) })),
    );
    // Its teachers and datasets cannot be deleted while it runs, as for a distill job.
    for (const teacher of request.base.teachers) multi.sadd(keys.usedBy('model', teacher.model), id);
    for (const dataset of [request.base.dataset, ...(request.base.transfer ? [request.base.transfer.dataset] : [])]) multi.sadd(keys.usedBy('dataset', dataset), id);
    multi.xadd(keys.jobEvents(id), 'MAXLEN', '~', EVENTS_KEPT, '*', 'event', JSON.stringify({ type: 'status', at: createdAt, data: { status: 'queued' } }));
    const replies = await multi.exec();
    if (!replies) throw new Error(`creating the record of sweep ${id} was aborted`);
    for (const [error] of replies) if (error) throw error;
    return (await this.get(id))!;
  }

  async get(id: string): Promise<Sweep | undefined> {
    const [fields, stages, trials] = await Promise.all([
      this.redis.hgetall(keys.job(id)),
      this.redis.hvals(keys.jobStages(id)),
      this.redis.hvals(keys.sweepTrials(id)),
    ]);
    if (!fields.id || fields.type !== 'sweep') return undefined;
    return toSweep(fields, stages, trials);
  }

  /** The sweep if it belongs to `tenant`: another tenant's looks exactly like a missing one. */
  async getOwned(id: string, tenant: string): Promise<Sweep | undefined> {
    const sweep = await this.get(id);
    return sweep?.tenant === tenant ? sweep : undefined;
  }

  async list(tenant: string, options: { limit: number; after?: string | undefined; status?: JobStatus | undefined }): Promise<Page<Sweep>> {
    const { status } = options;
    const keep = status
      ? async (ids: string[]) => {
          const pipeline = this.redis.pipeline();
          for (const id of ids) pipeline.hget(keys.job(id), 'status');
          return ((await pipeline.exec()) ?? []).map(([, value]) => value === status);
        }
      : undefined;
    const page = await pageIds(this.redis, { key: keys.sweeps(tenant), idKind: 'sw' }, options, keep);
    const sweeps = await Promise.all(page.items.map((id) => this.get(id)));
    return { items: sweeps.filter((s): s is Sweep => s !== undefined), ...(page.next ? { next: page.next } : {}) };
  }

  /** Merges fields into a trial's row unless the sweep finished; false when it had. */
  async recordTrial(id: string, index: number, update: TrialRowUpdate): Promise<boolean> {
    return (await this.redis.distillerySweepMergeTrial(keys.job(id), keys.sweepTrials(id), index, JSON.stringify(update))) === 1;
  }
}

function toSweep(fields: Record<string, string>, rawStages: string[], rawTrials: string[]): Sweep {
  const parse = <T>(value: string | undefined): T | undefined => (value ? (JSON.parse(value) as T) : undefined);
  const stageByName = new Map(rawStages.map((raw) => JSON.parse(raw) as Stage).map((stage) => [stage.name, stage]));
  const trials = rawTrials
    .map((raw) => JSON.parse(raw) as Omit<SweepTrial, 'status'>)
    .sort((a, b) => a.index - b.index)
    .map((row): SweepTrial => {
      // A trial that diverged or ran out of memory finished its BullMQ job normally (the sweep goes on): it failed all the same.
      const status = row.error ? 'failed' : (stageByName.get(stageNames.trial(row.index))?.status ?? 'queued');
      return { ...row, status };
    });
  for (const trial of trials) {
    const stage = stageByName.get(stageNames.trial(trial.index));
    if (stage && trial.status === 'failed') stage.status = 'failed';
  }
  const sweep: Sweep = {
    id: fields.id!,
    tenant: fields.tenant ?? LEGACY_TENANT,
    status: fields.status as JobStatus,
    request: JSON.parse(fields.request!) as SweepRequest,
    stages: [...stageByName.values()].sort((a, b) => stageOrder(a.name) - stageOrder(b.name)),
    trials,
    createdAt: fields.createdAt!,
  };
  const progress = parse<Progress>(fields.progress);
  const result = parse<SweepResult>(fields.result);
  const error = parse<JobErrorInfo>(fields.error);
  if (progress) sweep.progress = progress;
  if (result) sweep.result = result;
  if (error) sweep.error = error;
  if (fields.startedAt) sweep.startedAt = fields.startedAt;
  if (fields.finishedAt) sweep.finishedAt = fields.finishedAt;
  return sweep;
}

/** Teachers (by index), aggregation, targets, trials (by index), rank. */
function stageOrder(name: string): number {
  const [kind, index] = name.split(':');
  const order = { teacher: 0, aggregate: 1000, targets: 1001, trial: 2000, rank: 10_000 }[kind as 'teacher'] ?? 20_000;
  return order + Number(index ?? 0);
}
