import {
  architectureCost,
  checkDistillationAllowed,
  largestBatchWithin,
  trainingStepBytes,
  DistilleryError,
  isDistilleryError,
  studentSizeWarnings,
  withDefaults,
  type Architecture,
  type ArchitectureCost,
  type Dataset,
  type JobWarning,
  type Model,
  type Stage,
  type TrainingConfig,
} from '@distillery/contracts';
import { distillFlow, distillGraphFlow, distillPolicyFlow, distillPrivateFlow, trainFlow, trainPolicyFlow, type DistillJobRequest, type DistillPrivateJobRequest, type FlowNode, type Job, type JobRequest, type TrainJobRequest } from '@distillery/jobs';
import { DEFAULT_METHOD, methodModule, resolveMethod } from '@distillery/kd';
import { keys, newId, type Registry } from '@distillery/registry';
import type { FlowProducer } from 'bullmq';
import type { AccessLimits } from './auth.ts';
import { checkGraphRequest } from './graph-submission.ts';
import { checkPolicyTeachers } from './policy-submission.ts';
import { checkPateRequest } from './private-submission.ts';

/**
 * Turns a validated job request into a job record and its BullMQ flow. Every
 * id the request names is checked here, at submit time, so nothing reaches a
 * worker that would fail for a reason the user could have been told at once.
 */
export class JobSubmission {
  constructor(
    private readonly registry: Registry,
    private readonly flows: FlowProducer,
    /** Undefined when authentication is off: one user, no quotas. */
    private readonly quotas: AccessLimits | undefined,
    readonly sizeLimits: JobSizeLimits = DEFAULT_JOB_SIZE_LIMITS,
  ) {}

  /** The job queued, and what its user should know about it now (see checkDistillRecords); the report repeats these once it ran. */
  async submit(request: JobRequest, tenant: string): Promise<{ job: Job; warnings: JobWarning[] }> {
    await this.checkConcurrentJobs(tenant);
    const id = newId('j');
    const { warnings, stages, flow } = await this.plan(id, request, tenant);
    const job = await this.registry.jobs.create({ id, tenant, request, stages });
    await this.enqueue(id, flow, 'job');
    return { job, warnings };
  }

  /** Checks a request against the records it names, by type, and builds its flow. */
  private async plan(id: string, request: JobRequest, tenant: string): Promise<{ warnings: JobWarning[]; stages: Stage[]; flow: FlowNode }> {
    switch (request.type) {
      case 'train':
        await this.checkTrain(request, tenant);
        return { warnings: [], stages: trainFlow.stages(), flow: trainFlow.build(id, request) };
      case 'distill':
        return { warnings: await this.checkDistill(request, tenant), stages: distillFlow.stages(request), flow: distillFlow.build(id, request) };
      case 'train-policy':
        // It names only an environment, which the schema has checked.
        return { warnings: [], stages: trainPolicyFlow.stages(), flow: trainPolicyFlow.build(id, request) };
      case 'distill-graph':
        checkGraphRequest(request, 'dataset' in request.graph ? await this.registry.datasets.getOwned(request.graph.dataset, tenant) : undefined);
        return { warnings: [], stages: distillGraphFlow.stages(), flow: distillGraphFlow.build(id, request) };
      case 'distill-private':
        await this.checkPrivate(request, tenant);
        return { warnings: [], stages: distillPrivateFlow.stages(request), flow: distillPrivateFlow.build(id, request) };
      case 'distill-policy': {
        const teachers = await this.registry.models.getMany(request.teachers.map((t) => t.model));
        const warnings = checkPolicyTeachers(request, teachers.map((model) => (model?.tenant === tenant ? model : undefined)));
        return { warnings, stages: distillPolicyFlow.stages(request), flow: distillPolicyFlow.build(id, request) };
      }
    }
  }

  /** Adds a flow for a record just created; if Redis refuses it, the record says so instead of staying queued forever. */
  async enqueue(id: string, flow: FlowNode, what: 'job' | 'sweep'): Promise<void> {
    try {
      await this.flows.add(flow);
    } catch (error) {
      await this.registry.jobs
        .transition(id, 'failed', { error: { code: 'redis_unavailable', message: `the ${what} could not be queued; submit it again` } })
        .catch(() => undefined);
      throw error;
    }
  }

  /** Cancels a job that has not finished (the caller has read its record); running subjobs stop within one batch. */
  async cancel(job: Job): Promise<Job> {
    await this.cancelRecord(job, 'job');
    return (await this.registry.jobs.get(job.id))!;
  }

  /** Marks a job or sweep cancelled, tells the workers, and closes its unfinished stages. */
  async cancelRecord(record: Pick<Job, 'id' | 'status' | 'stages'>, what: 'job' | 'sweep'): Promise<void> {
    const { id } = record;
    const cancelled = await this.registry.jobs.transition(id, 'cancelled', { error: { code: 'job_cancelled', message: `the ${what} was cancelled by request` } });
    if (!cancelled) throw new DistilleryError('job_not_cancellable', `${what} ${id} already ${record.status}; only queued or running ${what}s can be cancelled`);
    await this.registry.redis.publish(keys.cancelChannel, id);
    for (const stage of record.stages) {
      if (stage.status === 'queued' || stage.status === 'running') {
        await this.registry.jobs.stage(id, { name: stage.name, status: 'cancelled', finishedAt: new Date().toISOString() }, { force: true });
      }
    }
  }

  /** The tenant's concurrent-jobs quota; a sweep counts as one job. */
  async checkConcurrentJobs(tenant: string): Promise<void> {
    if (!this.quotas) return;
    const unfinished = await this.registry.jobs.unfinishedJobsOf(tenant);
    if (unfinished.length >= this.quotas.concurrentJobs) {
      throw new DistilleryError(
        'quota_exceeded',
        `this tenant has ${unfinished.length} queued or running jobs and sweeps, its quota is ${this.quotas.concurrentJobs}: wait for one to finish or cancel one`,
      );
    }
  }

  private async checkTrain(request: TrainJobRequest, tenant: string): Promise<void> {
    const dataset = labelledDataset(request.dataset, await this.registry.datasets.getOwned(request.dataset, tenant));
    checkSize(request.model.architecture, dataset, request.training, '/model', this.sizeLimits);
  }

  /**
   * The records a distill request names, in one round trip. Another tenant's
   * records read as missing: the answer is the same as for an id that never
   * existed.
   */
  async loadDistillRecords(request: DistillJobRequest, tenant: string): Promise<DistillRecords> {
    const owned = <T extends { tenant: string }>(records: (T | undefined)[]) => records.map((r) => (r?.tenant === tenant ? r : undefined));
    const [datasets, teachers] = await Promise.all([
      this.registry.datasets.getMany([request.dataset, ...(request.transfer ? [request.transfer.dataset] : [])]).then(owned),
      this.registry.models.getMany(request.teachers.map((t) => t.model)).then(owned),
    ]);
    return { dataset: datasets[0], transfer: request.transfer ? datasets[1] : undefined, teachers };
  }

  /** PATE: the private data labelled, teachers and student sized for it, then the method's own checks. */
  private async checkPrivate(request: DistillPrivateJobRequest, tenant: string): Promise<void> {
    const [priv, pub] = await Promise.all([this.registry.datasets.getOwned(request.dataset, tenant), this.registry.datasets.getOwned(request.public.dataset, tenant)]);
    const dataset = labelledDataset(request.dataset, priv);
    if (!pub) throw new DistilleryError('unknown_dataset', `public dataset ${request.public.dataset} does not exist`, '/public/dataset');
    checkSize(request.method.teachers.architecture, dataset, request.method.teachers.training, '/method/teachers', this.sizeLimits);
    checkSize(request.student.architecture, dataset, request.training, '/student', this.sizeLimits);
    checkPateRequest(request, dataset, pub);
  }

  /** A distill request against the records it names (see checkDistillRecords). */
  private async checkDistill(request: DistillJobRequest, tenant: string): Promise<JobWarning[]> {
    return checkDistillRecords(request, await this.loadDistillRecords(request, tenant), this.sizeLimits);
  }
}

/** What loadDistillRecords found: undefined where a record is missing or another tenant's. */
export interface DistillRecords {
  dataset: Dataset | undefined;
  /** Undefined also when the request names no transfer set. */
  transfer: Dataset | undefined;
  /** In the order of the request's teachers. */
  teachers: (Model | undefined)[];
}

/**
 * A distill request against the records it names, checked in the order of
 * the fields: the data, the teachers, their licences, the student's size,
 * and the method's own checks. Sweeps check each trial with it, against
 * records loaded once. Returns what the user should know but that refuses
 * nothing: teachers whose licence does not say, a student no smaller than
 * its smallest teacher.
 */
export function checkDistillRecords(request: DistillJobRequest, records: DistillRecords, limits: JobSizeLimits): JobWarning[] {
  const dataset = labelledDataset(request.dataset, records.dataset);
  const student = checkSize(request.student.architecture, dataset, request.training, '/student', limits);
  if (request.aggregation?.strategy === 'mean' && request.aggregation.weights === 'validation-accuracy') {
    throw new DistilleryError(
      'invalid_request',
      'the mean strategy gives every teacher the same weight; use "weighted", "confidence" or "vote" with "weights": "validation-accuracy"',
      '/aggregation/weights',
    );
  }
  const { transfer } = records;
  if (request.transfer) {
    if (!transfer) throw new DistilleryError('unknown_dataset', `transfer dataset ${request.transfer.dataset} does not exist`, '/transfer/dataset');
    if (transfer.graph) throw graphDatasetHere(transfer.id, '/transfer/dataset');
    if (!sameShape(transfer.inputShape, dataset.inputShape)) {
      throw new DistilleryError(
        'incompatible_dataset',
        `transfer dataset ${transfer.id} has inputs of shape [${transfer.inputShape}], dataset ${dataset.id} of shape [${dataset.inputShape}]; they must match`,
        '/transfer/dataset',
      );
    }
  }
  const teachers = records.teachers.map((model, i) => {
    const field = `/teachers/${i}/model`;
    if (!model) throw new DistilleryError('unknown_model', `teacher model ${request.teachers[i]!.model} does not exist`, field);
    if (model.output === 'q-values') {
      throw new DistilleryError('incompatible_model', `teacher ${model.id} outputs Q-values, a policy's action values, not class scores; distil it with a distill-policy job`, field);
    }
    if (!sameShape(model.inputShape, dataset.inputShape) || model.numClasses !== dataset.numClasses) {
      throw new DistilleryError(
        'incompatible_model',
        `teacher ${model.id} takes inputs [${model.inputShape}] and predicts ${model.numClasses} classes; dataset ${dataset.id} has inputs [${dataset.inputShape}] and ${dataset.numClasses} classes`,
        field,
      );
    }
    return model;
  });
  const licenceWarnings = checkDistillationAllowed(teachers);
  const requested = request.method ?? DEFAULT_METHOD;
  const module = methodModule(requested.kind);
  if (request.training?.privacy && module.batchLevelLoss) {
    throw new DistilleryError('invalid_request', `DP-SGD computes each example's gradient on its own, and ${module.batchLevelLoss}; use another method with training.privacy`, '/training/privacy');
  }
  const resolved = resolveMethod(requested);
  const submitted = { student: request.student.architecture, teachers, dataset, transfer: transfer?.id === dataset.id ? undefined : transfer };
  module.check?.(resolved, submitted, requested);
  // Teachers whose layers are computed on the fly run inside every step.
  const inStep = module.teacherStepCost?.(resolved, teachers);
  if (inStep && inStep.parameters > 0) checkSize(request.student.architecture, dataset, request.training, '/student', limits, inStep);
  return [...licenceWarnings, ...studentSizeWarnings(student.parameters, teachers)];
}

function labelledDataset(id: string, dataset: Dataset | undefined): Dataset {
  const field = '/dataset';
  if (!dataset) throw new DistilleryError('unknown_dataset', `dataset ${id} does not exist; register it with POST /v1/datasets`, field);
  if (dataset.graph) throw graphDatasetHere(id, field);
  if (!dataset.labelled) {
    throw new DistilleryError('incompatible_dataset', `dataset ${id} has no labels; use it as a transfer set ("transfer": {"dataset": "${id}"}) and name a labelled dataset here`, field);
  }
  return dataset;
}

function graphDatasetHere(id: string, field: string): DistilleryError {
  return new DistilleryError('incompatible_dataset', `dataset ${id} is a graph: it trains in a distill-graph job ({"type": "distill-graph", "graph": {"dataset": "${id}"}}), not as a table of samples`, field);
}

/** Larger models do not fit a worker's wasm heap together with their optimizer state. */
export const MAX_PARAMETERS = 25_000_000;
/**
 * A training step blocks its worker's event loop, where the job lock is
 * renewed, so it must stay far below the lock duration: this many
 * multiply-adds (forward and backward over one batch) take a second or two on
 * the wasm backend.
 */
export const MAX_STEP_MULTIPLY_ADDS = 2e10;

export interface JobSizeLimits {
  /**
   * JOB_MEMORY_LIMIT_BYTES: the most a training step may hold (trainingStepBytes).
   * A wasm worker's heap stops at 4 GiB and a job that overflows it breaks the
   * backend for every job on that worker, so the default is half of it.
   */
  memoryBytes: number;
}

export const DEFAULT_JOB_SIZE_LIMITS: JobSizeLimits = { memoryBytes: 2 * 1024 ** 3 };

/** Refuses, at submit time, a model the dataset cannot feed or a worker cannot train; its size and compute when it passes. */
function checkSize(
  architecture: Architecture,
  dataset: Dataset,
  training: TrainingConfig | undefined,
  at: string,
  limits: JobSizeLimits,
  teachersInStep?: ArchitectureCost,
): ArchitectureCost {
  let cost;
  try {
    cost = architectureCost(architecture, dataset.inputShape, dataset.numClasses);
  } catch (error) {
    if (isDistilleryError(error)) throw new DistilleryError(error.code, `${error.message} (dataset ${dataset.id})`, `${at}${error.field ?? ''}`);
    throw error;
  }
  if (cost.parameters > MAX_PARAMETERS) {
    throw new DistilleryError(
      'job_too_large',
      `this architecture has ${cost.parameters.toLocaleString('en')} parameters on dataset ${dataset.id}; the limit is ${MAX_PARAMETERS.toLocaleString('en')}: use fewer or narrower layers`,
      `${at}/architecture`,
    );
  }
  const batchSize = withDefaults(training).batchSize;
  const teachers = teachersInStep ? ", with the paired teachers' forward passes," : '';
  // Backward costs about twice the forward pass; teachers run forward only.
  const perSample = 3 * cost.multiplyAddsPerSample + (teachersInStep?.multiplyAddsPerSample ?? 0);
  const stepWork = batchSize * perSample;
  if (stepWork > MAX_STEP_MULTIPLY_ADDS) {
    const largest = Math.max(1, Math.floor(MAX_STEP_MULTIPLY_ADDS / perSample));
    throw new DistilleryError(
      'job_too_large',
      `one training step${teachers} would take ${stepWork.toExponential(1)} multiply-adds, above the limit of ${MAX_STEP_MULTIPLY_ADDS.toExponential(0)}; lower training.batchSize to at most ${largest} or use a smaller architecture`,
      '/training/batchSize',
    );
  }
  const stepBytes = trainingStepBytes(cost, batchSize, teachersInStep);
  if (stepBytes > limits.memoryBytes) {
    const largest = largestBatchWithin(limits.memoryBytes, cost, teachersInStep);
    const change = largest >= 1 ? `lower training.batchSize to at most ${largest} or use a smaller architecture` : 'even one sample does not fit: use a smaller architecture (fewer tokens, heads or channels)';
    throw new DistilleryError(
      'job_too_large',
      `one training step${teachers} would hold about ${gib(stepBytes)} of tensors at batch size ${batchSize}, above this service's limit of ${gib(limits.memoryBytes)} (JOB_MEMORY_LIMIT_BYTES); ${change}`,
      largest >= 1 ? '/training/batchSize' : `${at}/architecture`,
    );
  }
  return cost;
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(bytes < 1024 ** 3 ? 2 : 1)} GiB`;

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
