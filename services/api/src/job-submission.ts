import {
  aggregationWithDefaults,
  architectureCost,
  checkDistillationAllowed,
  gateWithDefaults,
  DistilleryError,
  isDistilleryError,
  isLayerMethod,
  JobCatalog,
  methodWithDefaults,
  QueueNames,
  withDefaults,
  type Architecture,
  type Dataset,
  type DistillJobRequest,
  type Job,
  type Model,
  type JobRequest,
  type ResolvedMethod,
  type Stage,
  type TeacherLogitsData,
  type TrainingConfig,
  type TrainJobRequest,
  validationWithDefaults,
} from '@distillery/contracts';
import { keys, newId, type Registry } from '@distillery/registry';
import type { AccessLimits } from './auth.ts';
import { checkLayerPairs, teacherStepCostPerSample } from './layer-pairs.ts';
import type { FlowJob, FlowProducer, JobsOptions, Queue } from 'bullmq';

/** Finished BullMQ jobs are pruned; the job records in the registry keep what users see. */
const RETENTION: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
};

const retryPolicy = (name: keyof typeof JobCatalog): JobsOptions => ({
  attempts: JobCatalog[name].attempts,
  backoff: { type: 'exponential', delay: 2000 },
  ...RETENTION,
});

/**
 * Turns a validated job request into a job record and its BullMQ jobs. Every id
 * the request names is checked here, at submit time, so nothing reaches a
 * worker that would fail for a reason the user could have been told at once.
 */
export class JobSubmission {
  constructor(
    private readonly registry: Registry,
    private readonly trainQueue: Queue,
    private readonly flows: FlowProducer,
    /** Undefined when authentication is off: one user, no quotas. */
    private readonly quotas: AccessLimits | undefined,
  ) {}

  async submit(request: JobRequest, tenant: string): Promise<Job> {
    await this.checkConcurrentJobs(tenant);
    await (request.type === 'train' ? this.checkTrain(request, tenant) : this.checkDistill(request, tenant));
    const id = newId('j');
    const job = await this.registry.jobs.create({ id, tenant, request, stages: stagesOf(request) });
    try {
      if (request.type === 'train') {
        await this.trainQueue.add('train', { jobId: id, request }, { jobId: id, ...retryPolicy('train') });
      } else {
        await this.flows.add(distillFlow(id, request));
      }
    } catch (error) {
      // The record exists but nothing will run it: say so instead of leaving it queued forever.
      await this.registry.jobs
        .transition(id, 'failed', { error: { code: 'redis_unavailable', message: 'the job could not be queued; submit it again' } })
        .catch(() => undefined);
      throw error;
    }
    return job;
  }

  /** Cancels a job that has not finished; running subjobs stop within one batch. */
  async cancel(id: string): Promise<Job> {
    const job = await this.registry.jobs.get(id);
    if (!job) throw new DistilleryError('job_not_found', `job ${id} does not exist`);
    const cancelled = await this.registry.jobs.transition(id, 'cancelled', {
      error: { code: 'job_cancelled', message: 'the job was cancelled by request' },
    });
    if (!cancelled) {
      throw new DistilleryError('job_not_cancellable', `job ${id} already ${job.status}; only queued or running jobs can be cancelled`);
    }
    await this.registry.redis.publish(keys.cancelChannel, id);
    for (const stage of job.stages) {
      if (stage.status === 'queued' || stage.status === 'running') {
        await this.registry.jobs.stage(id, { name: stage.name, status: 'cancelled', finishedAt: new Date().toISOString() }, { force: true });
      }
    }
    return (await this.registry.jobs.get(id))!;
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
    checkSize(request.model.architecture, dataset, request.training, '/model');
  }

  /** Public for sweeps, whose every trial must pass as a distill job. */
  async checkDistill(request: DistillJobRequest, tenant: string): Promise<void> {
    // Everything the request names, in one round trip; then checked in the order of the fields.
    // Another tenant's records are treated as missing: the answer is the same as for an id that never existed.
    const owned = <T extends { tenant: string }>(records: (T | undefined)[]) => records.map((r) => (r?.tenant === tenant ? r : undefined));
    const [datasets, models] = await Promise.all([
      this.registry.datasets.getMany([request.dataset, ...(request.transfer ? [request.transfer.dataset] : [])]).then(owned),
      this.registry.models.getMany(request.teachers.map((t) => t.model)).then(owned),
    ]);
    const dataset = labelledDataset(request.dataset, datasets[0]);
    checkSize(request.student.architecture, dataset, request.training, '/student');
    checkMethodOptions(request);
    if (request.transfer) {
      const transfer = datasets[1];
      if (!transfer) throw new DistilleryError('unknown_dataset', `transfer dataset ${request.transfer.dataset} does not exist`, '/transfer/dataset');
      if (!sameShape(transfer.inputShape, dataset.inputShape)) {
        throw new DistilleryError(
          'incompatible_dataset',
          `transfer dataset ${transfer.id} has inputs of shape [${transfer.inputShape}], dataset ${dataset.id} of shape [${dataset.inputShape}]; they must match`,
          '/transfer/dataset',
        );
      }
    }
    models.forEach((model, i) => {
      const field = `/teachers/${i}/model`;
      if (!model) throw new DistilleryError('unknown_model', `teacher model ${request.teachers[i]!.model} does not exist`, field);
      if (!sameShape(model.inputShape, dataset.inputShape) || model.numClasses !== dataset.numClasses) {
        throw new DistilleryError(
          'incompatible_model',
          `teacher ${model.id} takes inputs [${model.inputShape}] and predicts ${model.numClasses} classes; dataset ${dataset.id} has inputs [${dataset.inputShape}] and ${dataset.numClasses} classes`,
          field,
        );
      }
    });
    checkDistillationAllowed(models as Model[]);
    const method = methodWithDefaults(request.method);
    if (isLayerMethod(method)) {
      checkLayerPairs(method, request.student.architecture, models as Model[], dataset);
      // Teachers whose layers are computed on the fly run inside every step.
      checkSize(request.student.architecture, dataset, request.training, '/student', teacherStepCostPerSample(method, models as Model[]));
    }
  }

}

/**
 * Combinations the schema cannot express: each would be silently ignored, so
 * it is refused and the message says what to drop.
 */
function checkMethodOptions(request: DistillJobRequest): void {
  if (request.aggregation?.strategy === 'mean' && request.aggregation.weights === 'validation-accuracy') {
    throw new DistilleryError(
      'invalid_request',
      'the mean strategy gives every teacher the same weight; use "weighted", "confidence" or "vote" with "weights": "validation-accuracy"',
      '/aggregation/weights',
    );
  }
  const method = request.method;
  if (method?.kind !== 'pseudo-label') return;
  if (!request.transfer || request.transfer.dataset === request.dataset) {
    throw new DistilleryError(
      'incompatible_dataset',
      'pseudo-label distillation needs a transfer set for the teachers to label: name an unlabelled dataset in "transfer": {"dataset": "<id>"}, other than "dataset"',
      '/transfer',
    );
  }
  const targets = method.targets ?? 'hard';
  if (targets === 'soft' && method.threshold !== undefined) {
    throw new DistilleryError('invalid_request', 'threshold applies to hard pseudo-labels only; soft targets use every transfer sample: drop threshold or use "targets": "hard"', '/method/threshold');
  }
  if (targets === 'hard' && method.temperature !== undefined) {
    throw new DistilleryError('invalid_request', 'hard pseudo-labels come from the teachers at temperature 1; drop temperature or use "targets": "soft"', '/method/temperature');
  }
}

function labelledDataset(id: string, dataset: Dataset | undefined): Dataset {
  const field = '/dataset';
  if (!dataset) throw new DistilleryError('unknown_dataset', `dataset ${id} does not exist; register it with POST /v1/datasets`, field);
  if (!dataset.labelled) {
    throw new DistilleryError('incompatible_dataset', `dataset ${id} has no labels; use it as a transfer set ("transfer": {"dataset": "${id}"}) and name a labelled dataset here`, field);
  }
  return dataset;
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

/** Refuses, at submit time, a model the dataset cannot feed or a worker cannot train. */
function checkSize(architecture: Architecture, dataset: Dataset, training: TrainingConfig | undefined, at: string, teacherWorkPerSample = 0): void {
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
  // Backward costs about twice the forward pass; teachers run forward only.
  const perSample = 3 * cost.multiplyAddsPerSample + teacherWorkPerSample;
  const stepWork = batchSize * perSample;
  if (stepWork > MAX_STEP_MULTIPLY_ADDS) {
    const largest = Math.max(1, Math.floor(MAX_STEP_MULTIPLY_ADDS / perSample));
    const teachers = teacherWorkPerSample > 0 ? ", with the paired teachers' forward passes," : '';
    throw new DistilleryError(
      'job_too_large',
      `one training step${teachers} would take ${stepWork.toExponential(1)} multiply-adds, above the limit of ${MAX_STEP_MULTIPLY_ADDS.toExponential(0)}; lower training.batchSize to at most ${largest} or use a smaller architecture`,
      '/training/batchSize',
    );
  }
}

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function stagesOf(request: JobRequest): Stage[] {
  if (request.type === 'train') return [{ name: 'train', status: 'queued' }];
  return [
    ...request.teachers.map((t, i): Stage => ({ name: `teacher:${i}`, status: 'queued', model: t.model })),
    { name: 'aggregate', status: 'queued' },
    { name: 'train', status: 'queued' },
  ];
}

/**
 * distill (queue train) <- aggregate (queue aggregate) <- one teacher-logits job
 * per teacher (queue teacher). A failed child fails its parent, so a broken
 * teacher fails the job instead of leaving it waiting for children forever.
 */
export function distillFlow(id: string, request: DistillJobRequest): FlowJob {
  const transfer = request.transfer?.dataset ?? request.dataset;
  const method = methodWithDefaults(request.method);
  const aggregation = aggregationWithDefaults(request.aggregation);
  const gate = gateWithDefaults(request);
  // Every teacher is evaluated on the same slice of the labelled training split.
  const validation = { ...validationWithDefaults(request.validation), seed: withDefaults(request.training).seed };
  const child = { failParentOnFailure: true };
  return {
    name: 'distill',
    queueName: QueueNames.train,
    data: { jobId: id, request },
    opts: { jobId: id, ...retryPolicy('distill') },
    children: [
      {
        name: 'aggregate',
        queueName: QueueNames.aggregate,
        data: {
          jobId: id,
          teachers: request.teachers.map((t, i) => ({
            model: t.model,
            weight: t.weight ?? 1,
            ...(gate.minAccuracy[i] !== undefined ? { minAccuracy: gate.minAccuracy[i] } : {}),
          })),
          strategy: aggregation.strategy,
          weights: aggregation.weights,
          onGateFail: gate.onGateFail,
          temperature: method.temperature,
        },
        opts: { jobId: `${id}-aggregate`, ...retryPolicy('aggregate'), ...child },
        children: request.teachers.map((teacher, index) => ({
          name: 'teacher-logits',
          queueName: QueueNames.teacher,
          data: { jobId: id, index, model: teacher.model, dataset: request.dataset, transfer, validation, ...teacherFeatures(method, index) },
          opts: { jobId: `${id}-teacher-${index}`, ...retryPolicy('teacher-logits'), ...child },
        })),
      },
    ],
  };
}

/** What a teacher subjob extracts besides logits: the layers the job's pairs read from that teacher. */
function teacherFeatures(method: ResolvedMethod, index: number): Pick<TeacherLogitsData, 'features'> {
  if (!isLayerMethod(method)) return {};
  const layers = [...new Set(method.pairs.filter((p) => p.teacherIndex === index).map((p) => p.teacher))];
  if (layers.length === 0) return {};
  const limitSharedBy = new Set(method.pairs.map((p) => p.teacherIndex)).size;
  return { features: { layers, ...(method.kind === 'attention' ? { attentionP: method.p } : {}), limitSharedBy } };
}
