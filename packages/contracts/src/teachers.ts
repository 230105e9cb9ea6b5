import { Type, type Static } from 'typebox';
import { Id } from './common.ts';

/**
 * How a distill job treats its teachers: their references and weights, how
 * their outputs are combined, the quality gate, and the validation slice they
 * are measured on before the student trains.
 */

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
export type TeacherRef = Static<typeof TeacherRef>;

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

/** Every distill job evaluates its teachers on this share of the labelled training rows. */
export const VALIDATION_DEFAULTS = { fraction: 0.1 } as const;

export interface ResolvedAggregation {
  strategy: AggregationStrategy;
  weights: AggregationWeights;
}

export function aggregationWithDefaults(aggregation: Aggregation | undefined): ResolvedAggregation {
  return { strategy: aggregation?.strategy ?? 'mean', weights: aggregation?.weights ?? 'request' };
}

/** Each teacher's gate threshold (its own `minAccuracy`, else the job's), undefined for an ungated teacher; and what a failed gate does. */
export function gateWithDefaults(request: { teachers: TeacherRef[]; teacherGate?: TeacherGate | undefined }): { minAccuracy: (number | undefined)[]; onGateFail: GateAction } {
  return {
    minAccuracy: request.teachers.map((t) => t.minAccuracy ?? request.teacherGate?.minAccuracy),
    onGateFail: request.teacherGate?.onGateFail ?? 'drop',
  };
}

export function validationWithDefaults(validation: ValidationSlice | undefined): { fraction: number } {
  return { fraction: validation?.fraction ?? VALIDATION_DEFAULTS.fraction };
}
