import { Id, stageNames, type Stage } from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { QueueNames } from '../../queues.ts';
import { JobResult } from '../../result.ts';
import { entry, jobOptions, type FlowNode } from '../flow.ts';
import { DistillGraphJobRequest } from './request.ts';

export const DistillGraphData = Type.Object({ jobId: Id, request: DistillGraphJobRequest });
export type DistillGraphData = Static<typeof DistillGraphData>;

/**
 * A distill-graph job is, for now, a flow of one job on the train queue: the
 * teacher, the student and the baseline train in turn on one worker. The
 * teacher's logits for every node are the seam where a teacher subjob and
 * the teacher-output cache will go.
 */
export const distillGraphFlow = {
  type: 'distill-graph',
  request: DistillGraphJobRequest,
  subjobs: {
    'distill-graph': entry({ queue: QueueNames.train, data: DistillGraphData, result: JobResult, attempts: 2, stage: () => stageNames.train, topLevel: true }),
  },
  stages: (): Stage[] => [{ name: stageNames.train, status: 'queued' }],
  build(id: string, request: DistillGraphJobRequest): FlowNode {
    return { name: 'distill-graph', queueName: QueueNames.train, data: { jobId: id, request } satisfies DistillGraphData, opts: jobOptions(id, distillGraphFlow.subjobs['distill-graph']) };
  },
} as const;
