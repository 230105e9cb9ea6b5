import { Id, stageNames, type Stage } from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { QueueNames } from '../../queues.ts';
import { JobResult } from '../../result.ts';
import { entry, jobOptions, type FlowNode } from '../flow.ts';
import { TrainPolicyJobRequest } from './request.ts';

export const TrainPolicyData = Type.Object({ jobId: Id, request: TrainPolicyJobRequest });
export type TrainPolicyData = Static<typeof TrainPolicyData>;

/** A train-policy job is a flow of one job, on the train queue: PPO is training like any other. */
export const trainPolicyFlow = {
  type: 'train-policy',
  request: TrainPolicyJobRequest,
  subjobs: {
    'train-policy': entry({ queue: QueueNames.train, data: TrainPolicyData, result: JobResult, attempts: 2, stage: () => stageNames.train, topLevel: true }),
  },
  stages: (): Stage[] => [{ name: stageNames.train, status: 'queued' }],
  build(id: string, request: TrainPolicyJobRequest): FlowNode {
    return { name: 'train-policy', queueName: QueueNames.train, data: { jobId: id, request } satisfies TrainPolicyData, opts: jobOptions(id, trainPolicyFlow.subjobs['train-policy']) };
  },
} as const;
