import { artifactKeys, DistilleryError, isDistilleryError, STUDENT_NOT_SMALLER, type JobWarning } from '@distillery/contracts';
import { DistillJobRequest, sweepFlow, type Sweep, type SweepRequest, type SweepTrialPlan } from '@distillery/jobs';
import { newId, type Registry } from '@distillery/registry';
import type { ArtifactStore } from '@distillery/storage';
import { Compile } from 'typebox/compile';
import { checkDistillRecords, type DistillRecords, type JobSubmission } from '../job-submission.ts';
import { describeTrial, methodLabels, planTrials } from './plan.ts';

const distillRequestValidator = Compile(DistillJobRequest);

/**
 * Turns a sweep request into a sweep record and its flow. Every trial is
 * checked at submission as the distill job it is (its student's size at its
 * width, its method against the teachers and data), so a sweep never fails on
 * a worker for something the user could have been told at once.
 */
export class SweepSubmission {
  constructor(
    private readonly registry: Registry,
    private readonly store: ArtifactStore,
    private readonly jobs: JobSubmission,
  ) {}

  /** The sweep queued, and what its user should know now: its trials' warnings as distill jobs, each said once. */
  async submit(request: SweepRequest, tenant: string): Promise<{ sweep: Sweep; warnings: JobWarning[] }> {
    await this.jobs.checkConcurrentJobs(tenant);
    const { trials, warnings } = await this.plan(request, tenant);
    const id = newId('sw');
    const sweep = await this.registry.sweeps.create({ id, tenant, request, trials, stages: sweepFlow.stages(request.base, trials.length) });
    await this.jobs.enqueue(id, sweepFlow.build(id, request.base, trials), 'sweep');
    return { sweep, warnings };
  }

  /** Cancels a sweep that has not finished (the caller has read its record): queued trials never start, running ones stop within a batch. */
  async cancel(sweep: Sweep): Promise<Sweep> {
    const { id } = sweep;
    await this.jobs.cancelRecord(sweep, 'sweep');
    // The trials' students and targets wait under the sweep's checkpoints until it ranks them: nothing is kept now.
    await this.store.deletePrefix(artifactKeys.checkpoints(id)).catch(() => undefined);
    return (await this.registry.sweeps.get(id))!;
  }

  private async plan(request: SweepRequest, tenant: string): Promise<{ trials: SweepTrialPlan[]; warnings: JobWarning[] }> {
    const { base } = request;
    if (base.baseline) {
      throw new DistilleryError(
        'invalid_request',
        'a sweep trains no baseline beside each trial: drop base.baseline (a comparison of methods ranks the baseline itself, "baseline": true)',
        '/base/baseline',
      );
    }
    if (base.timeoutSeconds !== undefined) {
      throw new DistilleryError('invalid_request', "a sweep has one deadline for all its trials: give it as the sweep's timeoutSeconds, not base.timeoutSeconds", '/base/timeoutSeconds');
    }
    if (base.training?.privacy) {
      // Picking the best of several DP-SGD runs on validation rows is itself a release the accountant does not cover.
      throw new DistilleryError('invalid_request', 'a sweep cannot train with DP-SGD: choosing among its trials spends privacy no ε here accounts for; run single distill jobs with training.privacy', '/base/training/privacy');
    }
    const trials = planTrials(request);
    // Every trial names the base's data and teachers: their records are read once.
    const records = await this.jobs.loadDistillRecords(base, tenant);
    const labels = request.methods ? methodLabels(request.methods) : [];
    // Each distinct student (width) and method is checked once as a distill job: names, shapes, licences, size, the method's own rules.
    const checked = new Set<string>();
    const warnings: JobWarning[] = [];
    for (const [index, trial] of trials.entries()) {
      const what = JSON.stringify([trial.params.width, trial.request.method ?? null]);
      if (trial.baseline || checked.has(what)) continue;
      checked.add(what);
      const where = `trial ${index} (${describeTrial(trial)})`;
      if (!distillRequestValidator.Check(trial.request)) {
        const [error] = [...distillRequestValidator.Errors(trial.request)] as { message?: string; instancePath?: string }[];
        throw new DistilleryError(
          'invalid_request',
          `${where}: its student does not fit the distill job schema at this width (${error?.message ?? 'invalid'} at ${error?.instancePath || '/'}); use a smaller width`,
          '/base/student/architecture',
        );
      }
      try {
        for (const warning of checkDistillRecords(trial.request, records, this.jobs.sizeLimits)) {
          // A teacher's licence warning is the same for every trial, said once; a student's size is its width's: the trial is named.
          const said = warning.code === STUDENT_NOT_SMALLER && trial.params.width !== 1 ? { ...warning, message: `${where}: ${warning.message}` } : warning;
          if (!warnings.some((w) => w.message === said.message)) warnings.push(said);
        }
      } catch (error) {
        if (!isDistilleryError(error)) throw error;
        const methodIndex = trial.comparison ? labels.indexOf(trial.comparison.method) : -1;
        throw new DistilleryError(error.code, trial.params.width === 1 && !trial.comparison ? error.message : `${where}: ${error.message}`, fieldOf(methodIndex, error.field));
      }
    }
    checkTransferRows(records);
    return { trials, warnings };
  }
}

/**
 * A sweep holds its validation rows out of every trial's training; a
 * transfer set with the dataset's own rows under another id (the same
 * digest) would hand them back, unlabelled but with the teachers' targets.
 */
function checkTransferRows({ dataset, transfer }: DistillRecords): void {
  if (dataset && transfer && transfer.id !== dataset.id && dataset.digest === transfer.digest) {
    throw new DistilleryError(
      'invalid_request',
      `transfer dataset ${transfer.id} holds the same rows as dataset ${dataset.id} (same digest), so the validation rows the sweep holds out would come back through it; drop base.transfer, or name a transfer set of other rows`,
      '/base/transfer/dataset',
    );
  }
}

/** Where in the sweep request a trial's problem lies: its method's entry in a comparison (`methodIndex`), else the base job. */
function fieldOf(methodIndex: number, field: string | undefined): string {
  if (methodIndex >= 0 && field?.startsWith('/method')) return `/methods/${methodIndex}${field.slice('/method'.length)}`;
  return field === undefined ? '/base' : `/base${field}`;
}
