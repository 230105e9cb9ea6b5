import { Id } from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { DistillPolicyJobRequest } from './request.ts';

/** One teacher's rollouts: the states it saw and its scores for them, stored for the student's subjob. */
export const PolicyRolloutData = Type.Object({
  jobId: Id,
  index: Type.Integer({ minimum: 0 }),
  model: Id,
  environment: Type.String(),
  states: Type.Integer({ minimum: 1 }),
  exploration: Type.Number(),
  seed: Type.Integer(),
});
export type PolicyRolloutData = Static<typeof PolicyRolloutData>;

export const PolicyRolloutOutput = Type.Object({
  index: Type.Integer(),
  /** NPY [states, observation size] and [states, actions] in the job's scratch space. */
  observationsKey: Type.String(),
  scoresKey: Type.String(),
  states: Type.Integer(),
  seconds: Type.Number(),
});
export type PolicyRolloutOutput = Static<typeof PolicyRolloutOutput>;

export const DistillPolicyData = Type.Object({ jobId: Id, request: DistillPolicyJobRequest });
export type DistillPolicyData = Static<typeof DistillPolicyData>;
