import { stageNames, type Stage } from '@distillery/contracts';
import { QueueNames } from '../../queues.ts';
import { JobResult } from '../../result.ts';
import { entry, jobOptions, type FlowNode } from '../flow.ts';
import { DistillPrivateJobRequest } from './request.ts';
import { DistillPrivateData, PateAggregateData, PateAggregateOutput, PateTeacherData, PateTeacherOutput } from './subjobs.ts';

const subjobs = {
  'pate-teacher': entry({ queue: QueueNames.teacher, data: PateTeacherData, result: PateTeacherOutput, attempts: 2, stage: (data) => stageNames.teacher((data as PateTeacherData).index), topLevel: false }),
  // One attempt, and answers.json read back when a stalled run is restarted: once answers are stored, no second noisy draw over the same votes.
  // (A run that dies before storing them released nothing, so drawing afresh then is safe.)
  'pate-aggregate': entry({ queue: QueueNames.aggregate, data: PateAggregateData, result: PateAggregateOutput, attempts: 1, stage: () => stageNames.aggregate, topLevel: false }),
  'distill-private': entry({ queue: QueueNames.train, data: DistillPrivateData, result: JobResult, attempts: 2, stage: () => stageNames.train, topLevel: true }),
};

/**
 * distill-private (train) <- pate-aggregate (aggregate) <- one pate-teacher
 * per partition (teacher, in parallel across workers). The teachers' votes
 * stay in the job's scratch space; only the student, which saw nothing but
 * the noisy answers, is registered.
 */
export const distillPrivateFlow = {
  type: 'distill-private',
  request: DistillPrivateJobRequest,
  subjobs,
  stages: (request: DistillPrivateJobRequest): Stage[] => [
    ...Array.from({ length: request.method.teachers.count }, (_, i): Stage => ({ name: stageNames.teacher(i), status: 'queued' })),
    { name: stageNames.aggregate, status: 'queued' },
    { name: stageNames.train, status: 'queued' },
  ],
  build(id: string, request: DistillPrivateJobRequest): FlowNode {
    return {
      name: 'distill-private',
      queueName: QueueNames.train,
      data: { jobId: id, request } satisfies DistillPrivateData,
      opts: jobOptions(id, subjobs['distill-private']),
      children: [
        {
          name: 'pate-aggregate',
          queueName: QueueNames.aggregate,
          data: { jobId: id, request } satisfies PateAggregateData,
          opts: jobOptions(`${id}-aggregate`, subjobs['pate-aggregate'], true),
          children: Array.from({ length: request.method.teachers.count }, (_, index) => ({
            name: 'pate-teacher',
            queueName: QueueNames.teacher,
            data: { jobId: id, index, request } satisfies PateTeacherData,
            opts: jobOptions(`${id}-teacher-${index}`, subjobs['pate-teacher'], true),
          })),
        },
      ],
    };
  },
} as const;
