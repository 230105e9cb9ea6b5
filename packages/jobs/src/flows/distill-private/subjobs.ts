import { ArtifactKey, Id } from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { DistillPrivateJobRequest } from './request.ts';

/** Teacher `index` of a PATE job: trained on its partition of the private data; votes on the queries and on the private test split. */
export const PateTeacherData = Type.Object({ jobId: Id, index: Type.Integer({ minimum: 0 }), request: DistillPrivateJobRequest });
export type PateTeacherData = Static<typeof PateTeacherData>;

export const PateTeacherOutput = Type.Object({
  index: Type.Integer(),
  /** Int32 NPY: the teacher's class for each query, then for each private test row; in the job's scratch space, never in the registry. */
  votes: ArtifactKey,
  partition: Type.Integer(),
  testAccuracy: Type.Number(),
});
export type PateTeacherOutput = Static<typeof PateTeacherOutput>;

export const PateAggregateData = Type.Object({ jobId: Id, request: DistillPrivateJobRequest });
export type PateAggregateData = Static<typeof PateAggregateData>;

export const PateAggregateOutput = Type.Object({
  /** Int32 NPY [queries]: the noisy answer per query, -1 for none. */
  answers: ArtifactKey,
  /** Int32 NPY [queries]: the clean plurality per query. */
  plurality: ArtifactKey,
  asked: Type.Integer(),
  answered: Type.Integer(),
  exhausted: Type.Boolean(),
  epsilon: Type.Object({ dataIndependent: Type.Object({ epsilon: Type.Number(), order: Type.Number() }), dataDependent: Type.Object({ epsilon: Type.Number(), order: Type.Number() }) }),
  labelAccuracy: Type.Optional(Type.Object({ noisy: Type.Number(), clean: Type.Number() })),
  teachers: Type.Object({ count: Type.Integer(), partition: Type.Integer(), meanTestAccuracy: Type.Number(), ensembleTestAccuracy: Type.Number() }),
});
export type PateAggregateOutput = Static<typeof PateAggregateOutput>;

export const DistillPrivateData = Type.Object({ jobId: Id, request: DistillPrivateJobRequest });
export type DistillPrivateData = Static<typeof DistillPrivateData>;
