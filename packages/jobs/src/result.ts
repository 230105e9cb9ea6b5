import {
  FeaturesReport,
  Id,
  JobWarning,
  ModelMetrics,
  TeacherConflicts,
  TeacherMetrics,
  TeacherValidationSlice,
} from '@distillery/contracts';
import { METHODS } from '@distillery/kd';
import { Type, type Static, type TOptional, type TSchema } from 'typebox';
import { GraphDistillationMetrics } from './flows/distill-graph/request.ts';
import { PrivateDistillationMetrics } from './flows/distill-private/request.ts';
import { PolicyDistillationMetrics } from './flows/distill-policy/request.ts';
import { PolicyMetrics } from './flows/train-policy/request.ts';

type Registered = (typeof METHODS)[number];
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type MetricsOf<T> = T extends { readonly metrics?: infer M } ? NonNullable<M> : never;
type MetricSchemas = UnionToIntersection<MetricsOf<Registered>>;

/** The schemas the methods add to a result's metrics, as named components of the API document. */
export const methodMetricSchemas: TSchema[] = METHODS.flatMap((method) => Object.values(method.metrics ?? {}) as TSchema[]);

/** What the methods add to a result's metrics (pseudoLabels, ...), each optional: a job reports its own method's. */
const methodMetrics = Object.fromEntries(
  METHODS.flatMap((method) => Object.entries(method.metrics ?? {})).map(([name, schema]) => [name, Type.Optional(schema as TSchema)]),
) as { [K in keyof MetricSchemas]: TOptional<MetricSchemas[K] & TSchema> };

/** What a run trained with DP-SGD spent, in `result.metrics.dpSgd`. */
export const DpSgdReport = Type.Object(
  {
    run: Type.String({ description: 'The run it covers: train (a train job) or student (a distill job).' }),
    epsilon: Type.Number(),
    delta: Type.Number(),
    order: Type.Number({ description: 'The Rényi order that gave ε.' }),
    steps: Type.Integer(),
    samplingRate: Type.Number({ description: 'Batch size over training examples.' }),
    noiseMultiplier: Type.Number(),
    clipNorm: Type.Number(),
    sampling: Type.String({
      description:
        'How batches were drawn: fixed-size batches of a fresh shuffle each epoch. ε is from the accountant for Poisson sampling at the same rate, the usual practice, which is an approximation for shuffled batches, not a proof.',
    }),
  },
);
export type DpSgdReport = Static<typeof DpSgdReport>;

/** The result of a train, distill, train-policy, distill-policy, distill-graph or distill-private job. */
export const JobResult = Type.Object(
  {
    model: Id,
    metrics: Type.Object({
      testAccuracy: Type.Optional(Type.Number()),
      trainLoss: Type.Optional(Type.Number()),
      teachers: Type.Optional(Type.Array(TeacherMetrics)),
      teacherValidation: Type.Optional(TeacherValidationSlice),
      conflicts: Type.Optional(TeacherConflicts),
      ...methodMetrics,
      student: Type.Optional(ModelMetrics),
      baseline: Type.Optional(ModelMetrics),
      agreement: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      compression: Type.Optional(Type.Object({ parameterRatio: Type.Number(), bytesRatio: Type.Number(), latencyRatio: Type.Number() })),
      policy: Type.Optional(PolicyMetrics),
      policyDistillation: Type.Optional(PolicyDistillationMetrics),
      graph: Type.Optional(GraphDistillationMetrics),
      privacy: Type.Optional(PrivateDistillationMetrics),
      dpSgd: Type.Optional(DpSgdReport),
    }),
    history: Type.Optional(
      Type.Array(Type.Object({ run: Type.String(), epoch: Type.Integer(), loss: Type.Number(), accuracy: Type.Number() })),
    ),
    warnings: Type.Optional(
      Type.Array(JobWarning, {
        description:
          'Things the job did but a user should know: a teacher whose licence does not say whether it may be distilled, a teacher the quality gate left out, a student no smaller (student_not_smaller) or no faster (student_not_faster) than its teachers.',
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
