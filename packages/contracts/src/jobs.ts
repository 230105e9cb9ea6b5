import { Type, type Static } from 'typebox';
import { Architecture } from './architecture.ts';
import { Id, JobErrorInfo, TenantId } from './common.ts';
import { License } from './models.ts';

export const TrainingConfig = Type.Object(
  {
    epochs: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 5 })),
    batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 8192, default: 128 })),
    learningRate: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10, default: 0.001 })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, default: 1 })),
  },
  { additionalProperties: false },
);
export type TrainingConfig = Static<typeof TrainingConfig>;

export const ModelSpec = Type.Object(
  {
    architecture: Architecture,
    name: Type.Optional(Type.String({ maxLength: 200 })),
    license: Type.Optional(License),
  },
  { additionalProperties: false },
);

export const TrainJobRequest = Type.Object(
  {
    type: Type.Literal('train'),
    dataset: Id,
    model: ModelSpec,
    training: Type.Optional(TrainingConfig),
  },
  { additionalProperties: false, $id: 'TrainJobRequest' },
);
export type TrainJobRequest = Static<typeof TrainJobRequest>;

export const TeacherRef = Type.Object(
  { model: Id, weight: Type.Optional(Type.Number({ minimum: 1e-6, maximum: 1e6, default: 1 })) },
  { additionalProperties: false },
);

export const LogitsMethod = Type.Object(
  {
    kind: Type.Literal('logits'),
    temperature: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 4 })),
    alpha: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0.9, description: 'Weight of the soft (teacher) term; 1 - alpha weights the hard-label term.' })),
  },
  { additionalProperties: false },
);
export type LogitsMethod = Static<typeof LogitsMethod>;

export const AggregationStrategy = Type.Union([Type.Literal('mean'), Type.Literal('weighted'), Type.Literal('confidence')]);
export type AggregationStrategy = Static<typeof AggregationStrategy>;

export const DistillJobRequest = Type.Object(
  {
    type: Type.Literal('distill'),
    dataset: Id,
    teachers: Type.Array(TeacherRef, { minItems: 1, maxItems: 16 }),
    student: ModelSpec,
    method: Type.Optional(LogitsMethod),
    aggregation: Type.Optional(Type.Object({ strategy: AggregationStrategy }, { additionalProperties: false })),
    transfer: Type.Optional(Type.Object({ dataset: Id }, { additionalProperties: false })),
    training: Type.Optional(TrainingConfig),
    baseline: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false, $id: 'DistillJobRequest' },
);
export type DistillJobRequest = Static<typeof DistillJobRequest>;

export const JobRequest = Type.Union([TrainJobRequest, DistillJobRequest], { $id: 'JobRequest' });
export type JobRequest = Static<typeof JobRequest>;

export const JobStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);
export type JobStatus = Static<typeof JobStatus>;

/** Succeeded, failed or cancelled: a finished job never changes status again. */
export function isFinished(status: JobStatus | undefined): status is 'succeeded' | 'failed' | 'cancelled' {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** A stage (one teacher's inference, the aggregation, the training) moves through the same states as its job. */
export const StageStatus = JobStatus;

export const Stage = Type.Object(
  {
    name: Type.String({ description: 'teacher:<index>, aggregate, or train.' }),
    status: StageStatus,
    model: Type.Optional(Id),
    cached: Type.Optional(Type.Boolean()),
    startedAt: Type.Optional(Type.String()),
    finishedAt: Type.Optional(Type.String()),
  },
  { $id: 'Stage' },
);
export type Stage = Static<typeof Stage>;

export const Progress = Type.Object(
  {
    stage: Type.String(),
    epoch: Type.Optional(Type.Integer()),
    epochs: Type.Optional(Type.Integer()),
    loss: Type.Optional(Type.Number()),
    accuracy: Type.Optional(Type.Number()),
  },
  { $id: 'Progress' },
);
export type Progress = Static<typeof Progress>;

export const ModelMetrics = Type.Object({
  model: Type.Optional(Id),
  testAccuracy: Type.Number({ minimum: 0, maximum: 1 }),
  parameters: Type.Optional(Type.Integer()),
  bytes: Type.Optional(Type.Integer()),
  latencyMsPerSample: Type.Optional(Type.Number()),
});

export const JobResult = Type.Object(
  {
    model: Id,
    metrics: Type.Object({
      testAccuracy: Type.Optional(Type.Number()),
      trainLoss: Type.Optional(Type.Number()),
      teachers: Type.Optional(Type.Array(ModelMetrics)),
      student: Type.Optional(ModelMetrics),
      baseline: Type.Optional(ModelMetrics),
      agreement: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      compression: Type.Optional(
        Type.Object({ parameterRatio: Type.Number(), bytesRatio: Type.Number(), latencyRatio: Type.Number() }),
      ),
    }),
    history: Type.Optional(
      Type.Array(Type.Object({ run: Type.String(), epoch: Type.Integer(), loss: Type.Number(), accuracy: Type.Number() })),
    ),
    warnings: Type.Optional(
      Type.Array(Type.Object({ code: Type.String(), model: Type.Optional(Id), message: Type.String() }), {
        description: 'Things the job did but a user should know, such as a teacher whose licence does not say whether it may be distilled.',
      }),
    ),
    wallSeconds: Type.Number(),
    timings: Type.Optional(
      Type.Record(Type.String(), Type.Number(), { description: 'Seconds spent in each part of the job: train, student, baseline.' }),
    ),
    backend: Type.String(),
  },
  { $id: 'JobResult' },
);
export type JobResult = Static<typeof JobResult>;

export const Job = Type.Object(
  {
    id: Id,
    tenant: TenantId,
    type: Type.Union([Type.Literal('train'), Type.Literal('distill')]),
    status: JobStatus,
    request: JobRequest,
    progress: Type.Optional(Progress),
    stages: Type.Array(Stage),
    result: Type.Optional(JobResult),
    error: Type.Optional(JobErrorInfo),
    createdAt: Type.String({ format: 'date-time' }),
    startedAt: Type.Optional(Type.String()),
    finishedAt: Type.Optional(Type.String()),
  },
  { $id: 'Job' },
);
export type Job = Static<typeof Job>;

export const JobEvent = Type.Object(
  {
    id: Type.String({ description: 'Monotonic event id within the job.' }),
    type: Type.Union([Type.Literal('status'), Type.Literal('stage'), Type.Literal('progress'), Type.Literal('log')]),
    at: Type.String(),
    data: Type.Record(Type.String(), Type.Unknown()),
  },
  { $id: 'JobEvent' },
);
export type JobEvent = Static<typeof JobEvent>;
