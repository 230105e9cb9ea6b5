import { Type, type Static } from 'typebox';
import { Id } from './common.ts';

/** The states of a job, and of each of its stages. */
export const JobStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);
export type JobStatus = Static<typeof JobStatus>;

/** Succeeded, failed or cancelled: a finished job never changes status again. */
export function isFinished(status: JobStatus | undefined): status is 'succeeded' | 'failed' | 'cancelled' {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** A stage (one teacher's inference, the aggregation, the training) moves through the same states as its job. */
export const StageStatus = JobStatus;

export const Stage = Type.Object(
  {
    name: Type.String({ description: 'teacher:<index>, aggregate, train; for sweeps also targets, trial:<k>, rank.' }),
    status: StageStatus,
    model: Type.Optional(Id),
    cached: Type.Optional(Type.Boolean()),
    startedAt: Type.Optional(Type.String()),
    finishedAt: Type.Optional(Type.String()),
  },
  { $id: 'Stage' },
);
export type Stage = Static<typeof Stage>;

export const Progress = Type.Object(
  {
    stage: Type.String(),
    epoch: Type.Optional(Type.Integer()),
    epochs: Type.Optional(Type.Integer()),
    loss: Type.Optional(Type.Number()),
    accuracy: Type.Optional(Type.Number()),
    epsilon: Type.Optional(Type.Number({ description: "DP-SGD: the ε the run has spent so far, at its δ." })),
    steps: Type.Optional(Type.Integer({ description: 'A policy job: environment steps of training so far.' })),
    maxSteps: Type.Optional(Type.Integer({ description: 'A policy job: its budget of environment steps.' })),
    meanReturn: Type.Optional(Type.Number({ description: "A policy job: the greedy policy's mean return at the latest evaluation." })),
  },
  { $id: 'Progress' },
);
export type Progress = Static<typeof Progress>;

export const JobEvent = Type.Object(
  {
    id: Type.String({ description: 'Monotonic event id within the job.' }),
    type: Type.Union([Type.Literal('status'), Type.Literal('stage'), Type.Literal('progress'), Type.Literal('log')]),
    at: Type.String(),
    data: Type.Record(Type.String(), Type.Unknown()),
  },
  { $id: 'JobEvent' },
);
export type JobEvent = Static<typeof JobEvent>;
