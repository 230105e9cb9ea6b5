import { stageNames, type Stage } from '@distillery/contracts';
import { resolveMethod } from '@distillery/kd';
import { QueueNames } from '../../queues.ts';
import { teacherStage, teacherStages } from '../distill/flow.ts';
import type { DistillJobRequest } from '../distill/request.ts';
import { validationRowsOf } from '../distill/subjobs.ts';
import { entry, jobOptions, type FlowNode } from '../flow.ts';
import { SweepResult, TrialOutcome } from './records.ts';
import { SweepData, SweepTrialData, type SweepTrialPlan } from './subjobs.ts';

const subjobs = {
  sweep: entry({
    queue: QueueNames.train,
    data: SweepData,
    result: SweepResult,
    attempts: 2,
    // Processed twice: it prepares the trials' targets and fans them out, then ranks them.
    stage: (data) => ((data as SweepData).step === 'rank' ? stageNames.rank : stageNames.targets),
    topLevel: true,
  }),
  'sweep-trial': entry({
    queue: QueueNames.train,
    data: SweepTrialData,
    result: TrialOutcome,
    attempts: 2,
    stage: (data) => stageNames.trial((data as SweepTrialData).index),
    topLevel: false,
  }),
};

/**
 * sweep (queue train) <- the base distill job's aggregation <- one
 * teacher-logits job per teacher: the teacher stage runs once, extracting
 * what every trial's method reads. The sweep job adds its trials (queue
 * train) as further children when it first runs.
 */
export const sweepFlow = {
  type: 'sweep',
  subjobs,
  stages: (base: DistillJobRequest, trials: number): Stage[] => [
    ...teacherStages(base),
    { name: stageNames.targets, status: 'queued' },
    ...Array.from({ length: trials }, (_, k): Stage => ({ name: stageNames.trial(k), status: 'queued' })),
    { name: stageNames.rank, status: 'queued' },
  ],
  build(id: string, base: DistillJobRequest, trials: SweepTrialPlan[]): FlowNode {
    // What the trials train, only: a comparison's trials ignore base.method, so
    // the teachers must not extract (or fail on) the layers it names.
    const methods = trials.filter((t) => !t.baseline).map((t) => resolveMethod(t.request.method));
    return {
      name: 'sweep',
      queueName: QueueNames.train,
      data: { jobId: id, trials, validation: validationRowsOf(base) } satisfies SweepData,
      opts: jobOptions(id, subjobs.sweep),
      children: [teacherStage(id, base, methods)],
    };
  },
} as const;
