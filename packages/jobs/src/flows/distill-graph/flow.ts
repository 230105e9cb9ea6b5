import { stageNames, type Stage } from '@distillery/contracts';
import { QueueNames } from '../../queues.ts';
import { JobResult } from '../../result.ts';
import { entry, jobOptions, type FlowNode } from '../flow.ts';
import { DistillGraphJobRequest } from './request.ts';
import { DistillGraphData, GraphTeacherData, GraphTeacherOutput } from './subjobs.ts';

const subjobs = {
  'graph-teacher': entry({ queue: QueueNames.teacher, data: GraphTeacherData, result: GraphTeacherOutput, attempts: 2, stage: () => stageNames.teacher(0), topLevel: false }),
  'distill-graph': entry({ queue: QueueNames.train, data: DistillGraphData, result: JobResult, attempts: 2, stage: () => stageNames.train, topLevel: true }),
};

/**
 * distill-graph (queue train) <- graph-teacher (queue teacher): the GNN
 * teacher is trained first, or found in the tenant's teacher-output cache
 * (the same graph, network, training and setting), and stored there: its
 * logits for every node, its weights and how it scored. The student's
 * subjob then trains the MLP and its baseline from the stored logits and
 * times serving both, the teacher rebuilt from its weights.
 */
export const distillGraphFlow = {
  type: 'distill-graph',
  request: DistillGraphJobRequest,
  subjobs,
  stages: (): Stage[] => [
    { name: stageNames.teacher(0), status: 'queued' },
    { name: stageNames.train, status: 'queued' },
  ],
  build(id: string, request: DistillGraphJobRequest): FlowNode {
    return {
      name: 'distill-graph',
      queueName: QueueNames.train,
      data: { jobId: id, request } satisfies DistillGraphData,
      opts: jobOptions(id, subjobs['distill-graph']),
      children: [{ name: 'graph-teacher', queueName: QueueNames.teacher, data: { jobId: id, request } satisfies GraphTeacherData, opts: jobOptions(`${id}-graph-teacher`, subjobs['graph-teacher'], true) }],
    };
  },
} as const;
