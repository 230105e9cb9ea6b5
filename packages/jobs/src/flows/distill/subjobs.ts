import {
  AggregationStrategy,
  AggregationWeights,
  ArtifactKey,
  GateAction,
  Id,
  TeacherConflicts,
  TeacherOutputsPath,
  TeacherQuality,
  validationWithDefaults,
  withDefaults,
} from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { DistillJobRequest } from './request.ts';

/** What a teacher subjob extracts from one layer: its output, or (attentionP) only its attention energies mean_c |A_c|^p. */
const LayerExtraction = Type.Object({ layer: Type.String({ minLength: 1 }), attentionP: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) });

/** The intermediate layers a layer method reads from one teacher. */
export const TeacherFeaturesRequest = Type.Object({
  /** The extractions, each once; a plain name (written by workers before extractions) means the layer's output, or its energies with `attentionP`. */
  layers: Type.Array(Type.Union([LayerExtraction, Type.String({ minLength: 1 })]), { minItems: 1 }),
  /** Older form: the attention exponent of every plain layer name. */
  attentionP: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  /** How many of the job's teachers share the precompute limit (each gets an equal part of it). */
  limitSharedBy: Type.Integer({ minimum: 1 }),
});
export type TeacherFeaturesRequest = Static<typeof TeacherFeaturesRequest>;

/** A validation slice of a dataset's labelled training split: its share, and the seed the rows are drawn with. */
export const ValidationRows = Type.Object({ fraction: Type.Number({ exclusiveMinimum: 0, maximum: 1 }), seed: Type.Integer({ minimum: 0 }) });
export type ValidationRows = Static<typeof ValidationRows>;

/** A distill request's validation slice: its fraction, drawn with its training seed. */
export function validationRowsOf(request: Pick<DistillJobRequest, 'validation' | 'training'>): ValidationRows {
  return { ...validationWithDefaults(request.validation), seed: withDefaults(request.training).seed };
}

export const TeacherLogitsData = Type.Object({
  jobId: Id,
  index: Type.Integer({ minimum: 0 }),
  model: Id,
  dataset: Id,
  transfer: Id,
  /** Present when the job's pairs read layers of this teacher. */
  features: Type.Optional(TeacherFeaturesRequest),
  /** The validation slice of `dataset`'s training split the teacher is evaluated on (the same rows for every teacher of the job). */
  validation: Type.Optional(ValidationRows),
});
export type TeacherLogitsData = Static<typeof TeacherLogitsData>;

/**
 * Where the distill step finds one teacher's layer outputs: precomputed into
 * the store (one NPY per extraction and dataset, rows of the dataset's
 * training split), or nowhere, to be computed on the fly from the teacher
 * inside each training step.
 */
export const TeacherFeaturesOutput = Type.Object({
  path: TeacherOutputsPath,
  /** float32 bytes of the extractions over the student's training rows (dataset, then transfer set). */
  bytes: Type.Integer({ minimum: 0 }),
  /** The share of the worker's FEATURE_PRECOMPUTE_MAX_BYTES that `bytes` was compared with. */
  limitBytes: Type.Integer({ minimum: 0 }),
  layers: Type.Array(
    Type.Object({
      layer: Type.String(),
      /** Set when only the attention energies are kept. */
      attentionP: Type.Optional(Type.Number()),
      /** Per-sample shape of what is stored: the layer's output, or [h, w] attention energies. */
      shape: Type.Array(Type.Integer()),
      /** When precomputed: the NPY keys, one per dataset, in the student's row order. */
      keys: Type.Optional(Type.Array(ArtifactKey)),
    }),
  ),
  /** Older form: the attention exponent of every layer without its own. */
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
  /** The method's temperature for the soft targets. */
  temperature: Type.Number(),
  /** z-score each teacher's logits before tempering (logit standardization); absent: false. */
  standardize: Type.Optional(Type.Boolean()),
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

export const DistillData = Type.Object({ jobId: Id, request: DistillJobRequest });
export type DistillData = Static<typeof DistillData>;
