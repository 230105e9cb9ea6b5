import { Id, JobErrorInfo, JobStatus, Progress, Stage, TenantId } from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { JobRequest } from './requests.ts';
import { JobResult } from './result.ts';

export const Job = Type.Object(
  {
    id: Id,
    tenant: TenantId,
    type: Type.Union([Type.Literal('train'), Type.Literal('distill'), Type.Literal('train-policy'), Type.Literal('distill-policy'), Type.Literal('distill-graph'), Type.Literal('distill-private')]),
    status: JobStatus,
    request: JobRequest,
    progress: Type.Optional(Progress),
    stages: Type.Array(Stage),
    result: Type.Optional(JobResult),
    error: Type.Optional(JobErrorInfo),
    createdAt: Type.String({ format: 'date-time' }),
    startedAt: Type.Optional(Type.String()),
    finishedAt: Type.Optional(Type.String()),
  },
  { $id: 'Job' },
);
export type Job = Static<typeof Job>;
