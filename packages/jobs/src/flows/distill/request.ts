import { Aggregation, Id, ModelSpec, TeacherGate, TeacherRef, TimeoutSeconds, TrainingConfig, ValidationSlice } from '@distillery/contracts';
import { MethodRequest } from '@distillery/kd';
import { Type, type Static } from 'typebox';

/** Distils one or more teachers into a student: one teacher subjob each, the aggregation, then the student's training. */
export const DistillJobRequest = Type.Object(
  {
    type: Type.Literal('distill'),
    dataset: Id,
    teachers: Type.Array(TeacherRef, { minItems: 1, maxItems: 16 }),
    student: ModelSpec,
    method: Type.Optional(MethodRequest),
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
