import type { JobName } from '@distillery/jobs';
import type { JobContext } from '../context.ts';
import { aggregate } from './aggregate.ts';
import { distillGraphJob } from './distill-graph.ts';
import { graphTeacher } from './graph-teacher.ts';
import { distillPolicyJob } from './distill-policy.ts';
import { distillPrivateJob } from './distill-private.ts';
import { distill } from './distill.ts';
import { pateAggregate } from './pate-aggregate.ts';
import { pateTeacher } from './pate-teacher.ts';
import { policyRollout } from './policy-rollout.ts';
import { sweepTrial } from './sweep-trial.ts';
import { sweep } from './sweep.ts';
import { teacherLogits } from './teacher-logits.ts';
import { trainPolicy } from './train-policy.ts';
import { train } from './train.ts';

export type Processor = (ctx: JobContext, data: never) => Promise<unknown>;

/** Every job name of the catalog has exactly one processor; the type checker enforces it. */
export const processors: Record<JobName, Processor> = {
  train,
  'teacher-logits': teacherLogits,
  aggregate,
  distill,
  sweep,
  'sweep-trial': sweepTrial,
  'train-policy': trainPolicy,
  'policy-rollout': policyRollout,
  'distill-policy': distillPolicyJob,
  'graph-teacher': graphTeacher,
  'distill-graph': distillGraphJob,
  'pate-teacher': pateTeacher,
  'pate-aggregate': pateAggregate,
  'distill-private': distillPrivateJob,
};
