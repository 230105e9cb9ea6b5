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

/** A deadline for the whole job, subjobs included, counted from when it first starts running. */
export const TimeoutSeconds = Type.Integer({
  minimum: 1,
  maximum: 7 * 24 * 3600,
  description: 'Fail the job with job_timeout if it has not finished this many seconds after it started running.',
});

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
    timeoutSeconds: Type.Optional(TimeoutSeconds),
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

const temperature = () => Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 4, description: 'Temperature of the logit term.' }));
const alpha = () =>
  Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.9,
      description: 'Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.',
    }),
  );

/** One teacher layer guiding one student layer. */
export const LayerPair = Type.Object(
  {
    teacher: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "A layer of the teacher; it must be one of the teacher model's readableOutputs.",
    }),
    student: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits.',
    }),
    weight: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6, default: 1, description: "Multiplies this pair's term." })),
    teacherIndex: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 15, default: 0, description: 'Which entry of `teachers` the teacher layer belongs to (0-based).' }),
    ),
  },
  { additionalProperties: false },
);
export type LayerPair = Static<typeof LayerPair>;

const pairs = () => Type.Array(LayerPair, { minItems: 1, maxItems: 32 });

/** FitNets-style feature distillation: the logit term plus a distance between paired layers. */
export const FeaturesMethod = Type.Object(
  {
    kind: Type.Literal('features'),
    temperature: temperature(),
    alpha: alpha(),
    pairs: pairs(),
    loss: Type.Optional(Type.Union([Type.Literal('mse'), Type.Literal('cosine')], { default: 'mse' })),
    hintEpochs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100,
        default: 0,
        description: 'FitNets stage 1: epochs that train the student up to its paired layers (and the adapters) on the layer terms alone, before the `epochs` of training.',
      }),
    ),
    keepTermsAfterHints: Type.Optional(
      Type.Boolean({ default: false, description: 'After a hint stage, keep the layer terms (FitNets drops them and trains on the logit term alone).' }),
    ),
    adapterKernelSize: Type.Optional(
      Type.Union([Type.Literal(1), Type.Literal(3)], { default: 1, description: "Kernel size of the convolution that maps a student feature map's channels to the teacher's." }),
    ),
  },
  { additionalProperties: false },
);
export type FeaturesMethod = Static<typeof FeaturesMethod>;

/** Attention transfer (Zagoruyko & Komodakis 2017) on CNN feature maps, added to the logit term. */
export const AttentionMethod = Type.Object(
  {
    kind: Type.Literal('attention'),
    temperature: temperature(),
    alpha: alpha(),
    pairs: pairs(),
    p: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 16, default: 2, description: 'Exponent of |A| in the attention map mean_c |A_c|^p.' })),
    variant: Type.Optional(
      Type.Union([Type.Literal('mean-squared'), Type.Literal('l2')], {
        default: 'mean-squared',
        description: "'mean-squared': beta * mean (Q_s - Q_t)^2, the authors' code; 'l2': beta/2 * mean_n ||Q_s - Q_t||_2, the paper's eq. (2).",
      }),
    ),
    beta: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1e9,
        description: "Weight of each pair's term before its pair weight. Default: 1000 for 'mean-squared'; 1000 / (h*w) of the compared maps for 'l2'.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type AttentionMethod = Static<typeof AttentionMethod>;

export const DistillMethod = Type.Union([LogitsMethod, FeaturesMethod, AttentionMethod]);
export type DistillMethod = Static<typeof DistillMethod>;

export const AggregationStrategy = Type.Union([Type.Literal('mean'), Type.Literal('weighted'), Type.Literal('confidence')]);
export type AggregationStrategy = Static<typeof AggregationStrategy>;

export const DistillJobRequest = Type.Object(
  {
    type: Type.Literal('distill'),
    dataset: Id,
    teachers: Type.Array(TeacherRef, { minItems: 1, maxItems: 16 }),
    student: ModelSpec,
    method: Type.Optional(DistillMethod),
    aggregation: Type.Optional(Type.Object({ strategy: AggregationStrategy }, { additionalProperties: false })),
    transfer: Type.Optional(Type.Object({ dataset: Id }, { additionalProperties: false })),
    training: Type.Optional(TrainingConfig),
    baseline: Type.Optional(Type.Boolean({ default: false })),
    timeoutSeconds: Type.Optional(TimeoutSeconds),
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

/** Where a features or attention job's teacher outputs came from. */
export const TeacherOutputsPath = Type.Union([Type.Literal('precomputed'), Type.Literal('on-the-fly')]);
export type TeacherOutputsPath = Static<typeof TeacherOutputsPath>;

export const FeaturesReport = Type.Object(
  {
    path: Type.Union([TeacherOutputsPath, Type.Literal('mixed')], {
      description: "precomputed: the teacher subjobs wrote the teachers' layer outputs to the store; on-the-fly: the teachers ran inside every training step; mixed: some of each.",
    }),
    bytes: Type.Integer({ description: "Size of the paired teacher layers' outputs over the student's training rows, float32 (attention: h*w per sample)." }),
    teachers: Type.Array(
      Type.Object({
        index: Type.Integer(),
        layers: Type.Array(Type.String()),
        path: TeacherOutputsPath,
        bytes: Type.Integer(),
        limitBytes: Type.Integer({ description: "This teacher's share of FEATURE_PRECOMPUTE_MAX_BYTES on the worker that ran its subjob." }),
      }),
    ),
    hint: Type.Optional(
      Type.Array(Type.Object({ epoch: Type.Integer(), loss: Type.Number() }), { description: 'Loss of each hint epoch (FitNets stage 1), before the epochs in history.' }),
    ),
  },
  { $id: 'FeaturesReport' },
);
export type FeaturesReport = Static<typeof FeaturesReport>;

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
    features: Type.Optional(FeaturesReport),
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
