import { Type, type Static, type TSchema } from 'typebox';
import { Id } from './common.ts';
import {
  AggregationStrategy,
  AggregationWeights,
  DistillJobRequest,
  GateAction,
  TeacherConflicts,
  TeacherOutputsPath,
  TeacherQuality,
  TrainJobRequest,
} from './jobs.ts';
import { SweepData, SweepTrialData } from './sweeps.ts';

/**
 * The job catalog: every queue, the job names it carries, and the schema of each
 * job's data and return value. Queue payloads hold references to artifacts (store
 * keys), never tensors. Workers validate data against these schemas on dequeue.
 */
export const QueueNames = { teacher: 'teacher', aggregate: 'aggregate', train: 'train' } as const;
export type QueueName = (typeof QueueNames)[keyof typeof QueueNames];

/** A key in the artifact store. */
export const ArtifactKey = Type.String({ minLength: 1, maxLength: 512 });

/** The intermediate layers a features or attention job reads from one teacher. */
export const TeacherFeaturesRequest = Type.Object({
  /** Teacher layer names, each once. */
  layers: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  /** Set for attention transfer: only the attention energies mean_c |A_c|^p are kept (h*w per sample). */
  attentionP: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  /** How many of the job's teachers share the precompute limit (each gets an equal part of it). */
  limitSharedBy: Type.Integer({ minimum: 1 }),
});
export type TeacherFeaturesRequest = Static<typeof TeacherFeaturesRequest>;

export const TeacherLogitsData = Type.Object({
  jobId: Id,
  index: Type.Integer({ minimum: 0 }),
  model: Id,
  dataset: Id,
  transfer: Id,
  /** Present when the job's pairs read layers of this teacher. */
  features: Type.Optional(TeacherFeaturesRequest),
  /** The validation slice of `dataset`'s training split the teacher is evaluated on (the same rows for every teacher of the job). */
  validation: Type.Optional(Type.Object({ fraction: Type.Number({ exclusiveMinimum: 0, maximum: 1 }), seed: Type.Integer({ minimum: 0 }) })),
});
export type TeacherLogitsData = Static<typeof TeacherLogitsData>;

/**
 * Where the distill step finds one teacher's layer outputs: precomputed into
 * the store (one NPY per layer and dataset, rows of the dataset's training
 * split), or nowhere, to be computed on the fly from the teacher inside each
 * training step.
 */
export const TeacherFeaturesOutput = Type.Object({
  path: TeacherOutputsPath,
  /** float32 bytes of the layers over the student's training rows (dataset, then transfer set). */
  bytes: Type.Integer({ minimum: 0 }),
  /** The share of the worker's FEATURE_PRECOMPUTE_MAX_BYTES that `bytes` was compared with. */
  limitBytes: Type.Integer({ minimum: 0 }),
  layers: Type.Array(
    Type.Object({
      layer: Type.String(),
      /** Per-sample shape of what is stored: the layer's output, or [h, w] attention energies. */
      shape: Type.Array(Type.Integer()),
      /** When precomputed: the NPY keys, one per dataset, in the student's row order. */
      keys: Type.Optional(Type.Array(ArtifactKey)),
    }),
  ),
  attentionP: Type.Optional(Type.Number()),
});
export type TeacherFeaturesOutput = Static<typeof TeacherFeaturesOutput>;

export const TeacherLogitsOutput = Type.Object({
  index: Type.Integer(),
  model: Id,
  transferLogits: ArtifactKey,
  testLogits: ArtifactKey,
  testAccuracy: Type.Number(),
  samplesPerSecond: Type.Number(),
  cached: Type.Boolean(),
  features: Type.Optional(TeacherFeaturesOutput),
  /** The teacher on the validation slice, when the job asked for one. */
  validation: Type.Optional(TeacherQuality),
});
export type TeacherLogitsOutput = Static<typeof TeacherLogitsOutput>;

export const AggregateData = Type.Object({
  jobId: Id,
  /** `minAccuracy`: this teacher's quality gate, when it has one. */
  teachers: Type.Array(Type.Object({ model: Id, weight: Type.Number(), minAccuracy: Type.Optional(Type.Number()) })),
  strategy: AggregationStrategy,
  /** Absent: 'request'. */
  weights: Type.Optional(AggregationWeights),
  /** Absent: 'drop'. */
  onGateFail: Type.Optional(GateAction),
  temperature: Type.Number(),
});
export type AggregateData = Static<typeof AggregateData>;

export const AggregateOutput = Type.Object({
  /** Aggregated teacher probabilities at the job's temperature on the transfer set, [N, C] float32 NPY. */
  softTargets: ArtifactKey,
  /** Aggregated teacher probabilities at temperature 1 on the test split (for agreement). */
  testTargets: ArtifactKey,
  /** Every teacher of the job, by index, those the gate dropped included. */
  teachers: Type.Array(TeacherLogitsOutput),
  /** Indices of the teachers in the aggregation. Absent (older workers): all of them. */
  used: Type.Optional(Type.Array(Type.Integer())),
  /** Each teacher's static share of the aggregation, 0 for a dropped one. */
  weights: Type.Optional(Type.Array(Type.Number())),
  /** Gate results, for the teachers that had a gate. */
  gate: Type.Optional(Type.Array(Type.Object({ index: Type.Integer(), minAccuracy: Type.Number(), passed: Type.Boolean() }))),
  /** With two or more teachers: where they disagree on the transfer set. */
  conflicts: Type.Optional(TeacherConflicts),
});
export type AggregateOutput = Static<typeof AggregateOutput>;

export const TrainData = Type.Object({ jobId: Id, request: TrainJobRequest });
export type TrainData = Static<typeof TrainData>;

export const DistillData = Type.Object({ jobId: Id, request: DistillJobRequest });
export type DistillData = Static<typeof DistillData>;

interface CatalogEntry {
  queue: QueueName;
  data: TSchema;
  /** Attempts for transient failures; bad input fails with UnrecoverableError and is never retried. */
  attempts: number;
}

export const JobCatalog = {
  'teacher-logits': { queue: QueueNames.teacher, data: TeacherLogitsData, attempts: 3 },
  aggregate: { queue: QueueNames.aggregate, data: AggregateData, attempts: 3 },
  train: { queue: QueueNames.train, data: TrainData, attempts: 2 },
  distill: { queue: QueueNames.train, data: DistillData, attempts: 2 },
  sweep: { queue: QueueNames.train, data: SweepData, attempts: 2 },
  'sweep-trial': { queue: QueueNames.train, data: SweepTrialData, attempts: 2 },
} as const satisfies Record<string, CatalogEntry>;

export type JobName = keyof typeof JobCatalog;
export type JobDataOf<N extends JobName> = Static<(typeof JobCatalog)[N]['data']>;
