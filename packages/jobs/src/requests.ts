import { Type, type Static } from 'typebox';
import { DistillGraphJobRequest } from './flows/distill-graph/request.ts';
import { DistillPrivateJobRequest } from './flows/distill-private/request.ts';
import { DistillPolicyJobRequest } from './flows/distill-policy/request.ts';
import { DistillJobRequest } from './flows/distill/request.ts';
import { TrainPolicyJobRequest } from './flows/train-policy/request.ts';
import { TrainJobRequest } from './flows/train/request.ts';

/** What `POST /v1/jobs` takes: a job of one of the flows submitted there, told apart by `type`. Sweeps have their own route. */
export const JobRequest = Type.Union([TrainJobRequest, DistillJobRequest, TrainPolicyJobRequest, DistillPolicyJobRequest, DistillGraphJobRequest, DistillPrivateJobRequest], { $id: 'JobRequest' });
export type JobRequest = Static<typeof JobRequest>;
