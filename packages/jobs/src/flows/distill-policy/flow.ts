import { stageNames, type Stage } from '@distillery/contracts';
import { QueueNames } from '../../queues.ts';
import { JobResult } from '../../result.ts';
import { entry, jobOptions, type FlowNode } from '../flow.ts';
import { DistillPolicyJobRequest, policyDistillationWithDefaults } from './request.ts';
import { DistillPolicyData, PolicyRolloutData, PolicyRolloutOutput } from './subjobs.ts';

const subjobs = {
  'policy-rollout': entry({
    queue: QueueNames.teacher,
    data: PolicyRolloutData,
    result: PolicyRolloutOutput,
    attempts: 3,
    stage: (data) => stageNames.teacher((data as PolicyRolloutData).index),
    topLevel: false,
  }),
  'distill-policy': entry({ queue: QueueNames.train, data: DistillPolicyData, result: JobResult, attempts: 2, stage: () => stageNames.train, topLevel: true }),
};

/**
 * distill-policy (queue train) <- one policy-rollout job per teacher (queue
 * teacher): the teacher's rollouts are collected, labelled and stored first,
 * as a classification teacher's logits are; the student's subjob fits on them
 * and runs the DAgger rounds, where the teacher labels the student's states.
 */
export const distillPolicyFlow = {
  type: 'distill-policy',
  request: DistillPolicyJobRequest,
  subjobs,
  stages: (request: DistillPolicyJobRequest): Stage[] => [
    ...request.teachers.map((t, i): Stage => ({ name: stageNames.teacher(i), status: 'queued', model: t.model })),
    { name: stageNames.train, status: 'queued' },
  ],
  build(id: string, request: DistillPolicyJobRequest): FlowNode {
    const { method, seed } = policyDistillationWithDefaults(request);
    return {
      name: 'distill-policy',
      queueName: QueueNames.train,
      data: { jobId: id, request } satisfies DistillPolicyData,
      opts: jobOptions(id, subjobs['distill-policy']),
      children: request.teachers.map((teacher, index) => ({
        name: 'policy-rollout',
        queueName: QueueNames.teacher,
        data: {
          jobId: id,
          index,
          model: teacher.model,
          environment: request.environment,
          states: method.states,
          exploration: method.exploration,
          seed,
        } satisfies PolicyRolloutData,
        opts: jobOptions(`${id}-rollout-${index}`, subjobs['policy-rollout'], true),
      })),
    };
  },
} as const;
