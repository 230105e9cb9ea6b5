import { Type, type Static } from 'typebox';
import { Id } from './common.ts';

/** The parts of a job's result that every distillation reports, whatever its method. */

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
  studentLatencyMsPerSample: Type.Optional(
    Type.Number({
      description: "For a teacher run outside TensorFlow.js (an ONNX teacher, on ONNX Runtime): the student's latency in that runtime (its ONNX copy), which the latency ratio compares it with.",
    }),
  ),
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

/** The validation slice the teachers were evaluated (and gated and weighted) on. */
export const TeacherValidationSlice = Type.Object(
  {
    dataset: Id,
    split: Type.Literal('train'),
    fraction: Type.Number(),
    samples: Type.Integer(),
    seed: Type.Integer(),
  },
  { description: "The validation slice the teachers were evaluated (and gated and weighted) on: rows of the dataset's training split drawn with the seed, never the test split." },
);

/** Something a job did that its user should know: a teacher left out, a licence that does not say, a student no smaller than its teachers. */
export const JobWarning = Type.Object(
  {
    code: Type.String({
      description:
        'Stable: distillation_permission_unknown (a teacher\'s licence does not say), teacher_dropped (the quality gate left a teacher out), ' +
        'student_not_smaller (the student has at least as many parameters as its smallest teacher), student_not_faster (its measured latency is no lower than its fastest teacher\'s), ' +
        "no_pseudo_labels (pseudo-label: no transfer sample was kept); a method's own codes may follow.",
    }),
    model: Type.Optional(Type.With(Id, { description: 'The model the warning is about (a teacher), when there is one.' })),
    message: Type.String(),
  },
  { $id: 'JobWarning', description: 'Something the job did, or will do, that its user should know; never a reason it was refused.' },
);
export type JobWarning = Static<typeof JobWarning>;
