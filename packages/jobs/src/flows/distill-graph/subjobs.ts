import { ArtifactKey, GRAPH_TEACHER_VERSION, Id } from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { DistillGraphJobRequest, GraphNodeScores } from './request.ts';

/** The GNN teacher of a distill-graph job: trained, or found in the teacher-output cache. */
export const GraphTeacherData = Type.Object({ jobId: Id, request: DistillGraphJobRequest });
export type GraphTeacherData = Static<typeof GraphTeacherData>;

/** Where the teacher's files are: cache entries (artifactKeys.graphTeacher), pinned for the job. */
export const GraphTeacherOutput = Type.Object({
  logits: ArtifactKey,
  weights: ArtifactKey,
  record: ArtifactKey,
  cached: Type.Boolean({ description: 'Found in the cache: nothing was trained.' }),
  seconds: Type.Number(),
});
export type GraphTeacherOutput = Static<typeof GraphTeacherOutput>;

/**
 * teacher.json: how to read the teacher's weights back (tfjs weight specs,
 * in order over weights.bin) and how it scored when it was trained.
 */
export const StoredGraphTeacher = Type.Object({
  version: Type.Literal(GRAPH_TEACHER_VERSION),
  features: Type.Integer({ minimum: 1 }),
  numClasses: Type.Integer({ minimum: 2 }),
  weights: Type.Array(Type.Object({ name: Type.String(), shape: Type.Array(Type.Integer({ minimum: 0 })), dtype: Type.Literal('float32') })),
  scores: GraphNodeScores,
  bestEpoch: Type.Integer({ minimum: 0 }),
  epochs: Type.Integer({ minimum: 0 }),
  parameters: Type.Integer({ minimum: 0 }),
});
export type StoredGraphTeacher = Static<typeof StoredGraphTeacher>;

export const DistillGraphData = Type.Object({ jobId: Id, request: DistillGraphJobRequest });
export type DistillGraphData = Static<typeof DistillGraphData>;
