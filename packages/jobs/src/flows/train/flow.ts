import { Id, stageNames, type Stage } from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { QueueNames } from '../../queues.ts';
import { JobResult } from '../../result.ts';

import { entry, jobOptions, type FlowNode } from '../flow.ts';
import { TrainJobRequest } from './request.ts';

export const TrainData = Type.Object({ jobId: Id, request: TrainJobRequest });
export type TrainData = Static<typeof TrainData>;

/** A train job is a flow of one job. */
export const trainFlow = {
  type: 'train',
  request: TrainJobRequest,
  subjobs: {
    train: entry({ queue: QueueNames.train, data: TrainData, result: JobResult, attempts: 2, stage: () => stageNames.train, topLevel: true }),
  },
  stages: (): Stage[] => [{ name: stageNames.train, status: 'queued' }],
  build(id: string, request: TrainJobRequest): FlowNode {
    return { name: 'train', queueName: QueueNames.train, data: { jobId: id, request } satisfies TrainData, opts: jobOptions(id, trainFlow.subjobs.train) };
  },
} as const;
