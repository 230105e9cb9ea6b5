import {
  DistillJobRequest,
  DistilleryError,
  isDistilleryError,
  JobCatalog,
  QueueNames,
  type Stage,
  type Sweep,
  type SweepRequest,
  type SweepTrialPlan,
} from '@distillery/contracts';
import { keys, newId, type Registry } from '@distillery/registry';
import type { ArtifactStore } from '@distillery/storage';
import type { FlowJob, FlowProducer, JobsOptions } from 'bullmq';
import { Compile } from 'typebox/compile';
import { distillFlow, type JobSubmission } from '../job-submission.ts';
import { describeParams, planTrials, trialRequest } from './plan.ts';

const distillRequestValidator = Compile(DistillJobRequest);

const RETENTION: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
};

/**
 * Turns a sweep request into a sweep record and its flow. Every trial is
 * checked at submission as the distill job it is (its student's size at its
 * width included), so a sweep never fails on a worker for something the user
 * could have been told at once.
 */
export class SweepSubmission {
  constructor(
    private readonly registry: Registry,
    private readonly store: ArtifactStore,
    private readonly jobs: JobSubmission,
    private readonly flows: FlowProducer,
  ) {}

  async submit(request: SweepRequest, tenant: string): Promise<Sweep> {
    await this.jobs.checkConcurrentJobs(tenant);
    const trials = await this.plan(request, tenant);
    const id = newId('sw');
    const sweep = await this.registry.sweeps.create({ id, tenant, request, trials: trials.map((t) => t.params), stages: stagesOf(request.base, trials.length) });
    try {
      await this.flows.add(sweepFlow(id, request.base, trials));
    } catch (error) {
      await this.registry.jobs
        .transition(id, 'failed', { error: { code: 'redis_unavailable', message: 'the sweep could not be queued; submit it again' } })
        .catch(() => undefined);
      throw error;
    }
    return sweep;
  }

  /** Cancels a sweep that has not finished: queued trials never start, running ones stop within a batch. */
  async cancel(id: string): Promise<Sweep> {
    const sweep = await this.registry.sweeps.get(id);
    if (!sweep) throw new DistilleryError('sweep_not_found', `sweep ${id} does not exist`);
    const cancelled = await this.registry.jobs.transition(id, 'cancelled', { error: { code: 'job_cancelled', message: 'the sweep was cancelled by request' } });
    if (!cancelled) throw new DistilleryError('job_not_cancellable', `sweep ${id} already ${sweep.status}; only queued or running sweeps can be cancelled`);
    await this.registry.redis.publish(keys.cancelChannel, id);
    for (const stage of sweep.stages) {
      if (stage.status === 'queued' || stage.status === 'running') {
        await this.registry.jobs.stage(id, { name: stage.name, status: 'cancelled', finishedAt: new Date().toISOString() }, { force: true });
      }
    }
    // The trials' students and targets wait under the sweep's checkpoints (the worker's checkpointPrefix) until it ranks them: nothing is kept now.
    await this.store.deletePrefix(`checkpoints/${id}`).catch(() => undefined);
    return (await this.registry.sweeps.get(id))!;
  }

  private async plan(request: SweepRequest, tenant: string): Promise<SweepTrialPlan[]> {
    const { base } = request;
    const method = base.method?.kind ?? 'logits';
    if (method !== 'logits') {
      throw new DistilleryError('invalid_request', `a sweep tunes logit distillation: base.method.kind must be "logits", not "${method}"`, '/base/method/kind');
    }
    if (base.baseline) {
      throw new DistilleryError('invalid_request', 'a sweep trains no baselines: drop base.baseline, then run the best trial as a distill job with "baseline": true', '/base/baseline');
    }
    if (base.timeoutSeconds !== undefined) {
      throw new DistilleryError('invalid_request', "a sweep has one deadline for all its trials: give it as the sweep's timeoutSeconds, not base.timeoutSeconds", '/base/timeoutSeconds');
    }
    const trials = planTrials(request).map((params) => ({ params, request: trialRequest(base, params) }));
    // Each distinct student (width) is checked once as a distill job: names, shapes, licences, size.
    const checked = new Set<number>();
    for (const [index, trial] of trials.entries()) {
      if (checked.has(trial.params.width)) continue;
      checked.add(trial.params.width);
      const where = `trial ${index} (${describeParams(trial.params)})`;
      if (!distillRequestValidator.Check(trial.request)) {
        const [error] = [...distillRequestValidator.Errors(trial.request)] as { message?: string; instancePath?: string }[];
        throw new DistilleryError(
          'invalid_request',
          `${where}: its student does not fit the distill job schema at this width (${error?.message ?? 'invalid'} at ${error?.instancePath || '/'}); use a smaller width`,
          '/base/student/architecture',
        );
      }
      try {
        await this.jobs.checkDistill(trial.request, tenant);
      } catch (error) {
        if (!isDistilleryError(error)) throw error;
        const field = error.field === undefined ? '/base' : `/base${error.field}`;
        throw new DistilleryError(error.code, trial.params.width === 1 ? error.message : `${where}: ${error.message}`, field);
      }
    }
    return trials;
  }
}

function stagesOf(base: DistillJobRequest, trials: number): Stage[] {
  return [
    ...base.teachers.map((t, i): Stage => ({ name: `teacher:${i}`, status: 'queued', model: t.model })),
    { name: 'aggregate', status: 'queued' },
    { name: 'targets', status: 'queued' },
    ...Array.from({ length: trials }, (_, k): Stage => ({ name: `trial:${k}`, status: 'queued' })),
    { name: 'rank', status: 'queued' },
  ];
}

/**
 * sweep (queue train) <- the base distill job's aggregation <- one
 * teacher-logits job per teacher: the teacher stage runs once. The sweep job
 * adds its trials (queue train) as further children when it first runs.
 */
export function sweepFlow(id: string, base: DistillJobRequest, trials: SweepTrialPlan[]): FlowJob {
  const { children } = distillFlow(id, base);
  return {
    name: 'sweep',
    queueName: QueueNames.train,
    data: { jobId: id, trials },
    opts: { jobId: id, attempts: JobCatalog.sweep.attempts, backoff: { type: 'exponential', delay: 2000 }, ...RETENTION },
    ...(children ? { children } : {}),
  };
}
