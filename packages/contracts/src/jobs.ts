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

/** A share of the validation slice's samples the teacher must classify correctly. */
const MinAccuracy = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });

export const TeacherRef = Type.Object(
  {
    model: Id,
    weight: Type.Optional(Type.Number({ minimum: 1e-6, maximum: 1e6, default: 1 })),
    minAccuracy: Type.Optional(
      MinAccuracy("The teacher's quality gate: its accuracy on the validation slice must be at least this, or it is dropped or fails the job (teacherGate.onGateFail). Overrides teacherGate.minAccuracy."),
    ),
  },
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

/**
 * Attention-matrix distillation between transformer blocks (TinyBERT, MiniLM):
 * the student's attention probabilities `block<i>/attention` learn the paired
 * teacher block's, added to the logit term.
 */
export const AttentionMatrixMethod = Type.Object(
  {
    kind: Type.Literal('attention-matrix'),
    temperature: temperature(),
    alpha: alpha(),
    pairs: pairs(),
    loss: Type.Optional(
      Type.Union([Type.Literal('kl'), Type.Literal('mse')], {
        default: 'kl',
        description: "'kl': KL(teacher || student) over the keys, per head and query (MiniLM); 'mse': mean squared difference (TinyBERT).",
      }),
    ),
  },
  { additionalProperties: false },
);
export type AttentionMatrixMethod = Static<typeof AttentionMatrixMethod>;

/**
 * Semi-supervised distillation: the teachers label an unlabelled transfer set,
 * as soft targets (the KD term on every transfer sample) or as hard
 * pseudo-labels kept above a confidence threshold; the student trains on
 * labelled cross-entropy plus that signal. Conditional fields have no schema
 * default (a default would be filled in for the other mode too): the defaults
 * are in their descriptions and in defaults.ts.
 */
export const PseudoLabelMethod = Type.Object(
  {
    kind: Type.Literal('pseudo-label'),
    targets: Type.Optional(
      Type.Union([Type.Literal('hard'), Type.Literal('soft')], {
        default: 'hard',
        description: "'hard': the aggregated teachers' argmax as a label, kept where their confidence reaches `threshold`; 'soft': their tempered probabilities on every transfer sample (the KD term).",
      }),
    ),
    threshold: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: "Hard targets only (default 0.9): keep a pseudo-label when the aggregated teachers' probability of it, at temperature 1, is at least this." }),
    ),
    temperature: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'Soft targets only (default 4): the temperature of the KD term.' })),
    labelledWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1000, default: 1, description: 'Weight of the cross-entropy on the labelled samples.' })),
    transferWeight: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1000, default: 1, description: 'Weight of the teacher signal on the transfer samples (soft: T^2 * KL; hard: cross-entropy on the kept pseudo-labels).' }),
    ),
  },
  { additionalProperties: false },
);
export type PseudoLabelMethod = Static<typeof PseudoLabelMethod>;

export const DistillMethod = Type.Union([LogitsMethod, FeaturesMethod, AttentionMethod, AttentionMatrixMethod, PseudoLabelMethod]);
export type DistillMethod = Static<typeof DistillMethod>;

export const AggregationStrategy = Type.Union([Type.Literal('mean'), Type.Literal('weighted'), Type.Literal('confidence'), Type.Literal('vote')]);
export type AggregationStrategy = Static<typeof AggregationStrategy>;

/** Where the teachers' static weights come from: the request's `teachers[i].weight`, or each teacher's accuracy on the validation slice. */
export const AggregationWeights = Type.Union([Type.Literal('request'), Type.Literal('validation-accuracy')], {
  description: "weighted, confidence and vote: 'request' (default) uses teachers[i].weight; 'validation-accuracy' each teacher's accuracy on the validation slice.",
});
export type AggregationWeights = Static<typeof AggregationWeights>;

export const Aggregation = Type.Object(
  {
    strategy: AggregationStrategy,
    weights: Type.Optional(AggregationWeights),
  },
  { additionalProperties: false },
);
export type Aggregation = Static<typeof Aggregation>;

export const GateAction = Type.Union([Type.Literal('drop'), Type.Literal('fail')], {
  description: "'drop': leave the teacher out of the aggregation (the result says so; the job fails when no teacher is left); 'fail': fail the job with teacher_below_gate.",
});
export type GateAction = Static<typeof GateAction>;

/** The job-wide teacher quality gate; `teachers[i].minAccuracy` overrides its threshold for one teacher. */
export const TeacherGate = Type.Object(
  {
    minAccuracy: Type.Optional(MinAccuracy('Every teacher whose accuracy on the validation slice is below this is dropped or fails the job.')),
    onGateFail: Type.Optional(GateAction),
  },
  { additionalProperties: false },
);
export type TeacherGate = Static<typeof TeacherGate>;

/** The slice of the labelled training split every teacher is evaluated on before the student trains. */
export const ValidationSlice = Type.Object(
  {
    fraction: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 0.5, default: 0.1, description: "Share of the dataset's labelled training rows, drawn with the job's seed (at least one row)." }),
    ),
  },
  { additionalProperties: false },
);
export type ValidationSlice = Static<typeof ValidationSlice>;

export const DistillJobRequest = Type.Object(
  {
    type: Type.Literal('distill'),
    dataset: Id,
    teachers: Type.Array(TeacherRef, { minItems: 1, maxItems: 16 }),
    student: ModelSpec,
    method: Type.Optional(DistillMethod),
    aggregation: Type.Optional(Aggregation),
    teacherGate: Type.Optional(TeacherGate),
    validation: Type.Optional(ValidationSlice),
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

const modelMetricsFields = {
  model: Type.Optional(Id),
  testAccuracy: Type.Number({ minimum: 0, maximum: 1 }),
  parameters: Type.Optional(Type.Integer()),
  bytes: Type.Optional(Type.Integer()),
  latencyMsPerSample: Type.Optional(Type.Number()),
};
export const ModelMetrics = Type.Object(modelMetricsFields);

/** How good one teacher is on the validation slice, measured before the student trains. */
export const TeacherQuality = Type.Object(
  {
    samples: Type.Integer({ description: 'Rows of the validation slice.' }),
    accuracy: Type.Number({ minimum: 0, maximum: 1 }),
    perClassAccuracy: Type.Array(Type.Union([Type.Number(), Type.Null()]), {
      description: 'Per true class: the share of its validation rows the teacher got right (recall); null for a class with no rows in the slice.',
    }),
    ece: Type.Number({ minimum: 0, maximum: 1, description: 'Expected calibration error over 15 equal-width confidence bins: sum_b (n_b / n) * |accuracy_b - mean confidence_b|, confidence = max softmax probability at T = 1.' }),
    confusion: Type.Optional(
      Type.Array(Type.Array(Type.Integer()), { description: 'counts[true class][predicted class]; left out above 100 classes.' }),
    ),
  },
  { $id: 'TeacherQuality' },
);
export type TeacherQuality = Static<typeof TeacherQuality>;

export const TeacherMetrics = Type.Object({
  ...modelMetricsFields,
  validation: Type.Optional(TeacherQuality),
  gate: Type.Optional(
    Type.Object({ minAccuracy: Type.Number(), passed: Type.Boolean() }, { description: 'The quality gate this teacher faced, when the job set one.' }),
  ),
  used: Type.Optional(Type.Boolean({ description: 'Whether the teacher is in the aggregation (false: dropped by the gate).' })),
  weight: Type.Optional(Type.Number({ description: "The teacher's static share of the aggregation (before any per-sample weighting), 0 when dropped." })),
});

/** Where the teachers disagree, on the transfer set (the data the student learns from). */
export const TeacherConflicts = Type.Object(
  {
    samples: Type.Integer(),
    temperature: Type.Number({ description: 'Temperature of the distributions the KL divergences compare.' }),
    argmaxDisagreement: Type.Number({ minimum: 0, maximum: 1, description: 'Share of samples on which not every teacher predicts the same class.' }),
    meanPairwiseKl: Type.Number({ description: 'Mean over ordered teacher pairs (i != j) and samples of KL(p_i || p_j) at `temperature`.' }),
    pairwiseKl: Type.Array(Type.Array(Type.Number()), { description: '[i][j]: mean KL(p_i || p_j) over the samples.' }),
    classes: Type.Array(
      Type.Object({
        class: Type.Integer(),
        samples: Type.Integer({ description: 'Samples at least one teacher assigns to this class.' }),
        disagreement: Type.Number({ description: 'Share of those samples on which not every teacher predicts this class.' }),
      }),
      { description: 'The classes with the highest disagreement, highest first (at most 5).' },
    ),
  },
  { $id: 'TeacherConflicts' },
);
export type TeacherConflicts = Static<typeof TeacherConflicts>;

export const PseudoLabelReport = Type.Object(
  {
    targets: Type.Union([Type.Literal('hard'), Type.Literal('soft')]),
    threshold: Type.Optional(Type.Number()),
    transferSamples: Type.Integer(),
    kept: Type.Integer({ description: 'Transfer samples the student learned from (soft: all of them).' }),
    keptShare: Type.Number({ minimum: 0, maximum: 1 }),
    keptClassCounts: Type.Optional(Type.Array(Type.Integer(), { description: 'Hard targets: kept pseudo-labels per class.' })),
  },
  { $id: 'PseudoLabelReport' },
);
export type PseudoLabelReport = Static<typeof PseudoLabelReport>;

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
      teachers: Type.Optional(Type.Array(TeacherMetrics)),
      teacherValidation: Type.Optional(
        Type.Object(
          {
            dataset: Id,
            split: Type.Literal('train'),
            fraction: Type.Number(),
            samples: Type.Integer(),
            seed: Type.Integer(),
          },
          { description: "The validation slice the teachers were evaluated (and gated and weighted) on: rows of the dataset's training split drawn with the seed, never the test split." },
        ),
      ),
      conflicts: Type.Optional(TeacherConflicts),
      pseudoLabels: Type.Optional(PseudoLabelReport),
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
