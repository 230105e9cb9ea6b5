import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DistilleryError, Id, JobEvent, JobStatus, JobWarning, PageQuery, Problem } from '@distillery/contracts';
import { Job, JobRequest } from '@distillery/jobs';
import { streamJobEvents } from '../event-stream.ts';
import { IdempotencyHeaders } from '../idempotency.ts';

const errors = { 400: Problem, 401: Problem, 404: Problem, 409: Problem, 422: Problem, 429: Problem, 503: Problem };
const EVENT_ID = '^\\d{1,15}-\\d{1,15}$';
const JobParams = Type.Object({ id: Type.With(Id, { description: 'The job id (`j_…`).' }) });
/** What a submission answers: the new job, and what its user should know before it runs. */
const Submitted = Type.Object({
  id: Id,
  status: JobStatus,
  warnings: Type.Optional(
    Type.Array(JobWarning, {
      description:
        "Present when there is something to know now, such as a student with at least as many parameters as its smallest teacher (student_not_smaller) or a teacher whose licence does not say whether it may be distilled; the job runs anyway, and its result's warnings repeat them.",
    }),
  ),
});

export const jobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Another tenant's job answers exactly like a job that does not exist. */
  const getJob = async (id: string, tenant: string) => {
    const job = await app.registry.jobs.get(id);
    if (!job || job.tenant !== tenant) throw new DistilleryError('job_not_found', `job ${id} does not exist`);
    return job;
  };

  app.post(
    '/v1/jobs',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'submitJob',
        tags: ['jobs'],
        summary: 'Submit a train or distill job',
        headers: IdempotencyHeaders,
        body: JobRequest,
        response: { 202: Submitted, ...errors },
      },
    },
    async (request, reply) => {
      const { job, warnings } = await app.jobSubmission.submit(request.body, request.principal.tenant);
      request.log.info({ jobId: job.id, type: job.type, warnings: warnings.map((w) => w.code) }, 'job submitted');
      return reply
        .code(202)
        .header('location', `/v1/jobs/${job.id}`)
        .send({ id: job.id, status: job.status, ...(warnings.length > 0 ? { warnings } : {}) });
    },
  );

  app.get(
    '/v1/jobs',
    {
      schema: {
        operationId: 'listJobs',
        tags: ['jobs'],
        summary: 'Jobs, newest first',
        querystring: Type.Object({
          status: Type.Optional(Type.Union(JobStatus.anyOf, { description: 'Only jobs in this status.' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Jobs per page.' })),
          after: PageQuery.properties.after,
        }),
        response: { 200: Type.Object({ items: Type.Array(Job), next: Type.Optional(Type.String()) }), ...errors },
      },
    },
    async (request) =>
      app.registry.jobs.list(request.principal.tenant, { limit: request.query.limit ?? 50, after: request.query.after, status: request.query.status }),
  );

  app.get(
    '/v1/jobs/:id',
    {
      schema: {
        operationId: 'getJob',
        tags: ['jobs'],
        summary: 'A job: status, stages, progress, and its result or error once finished',
        params: JobParams,
        response: { 200: Job, ...errors },
      },
    },
    async (request) => getJob(request.params.id, request.principal.tenant),
  );

  app.post(
    '/v1/jobs/:id/cancel',
    {
      schema: {
        operationId: 'cancelJob',
        tags: ['jobs'],
        summary: 'Cancel a queued or running job and its subjobs',
        params: JobParams,
        response: { 202: Job, ...errors },
      },
    },
    async (request, reply) => {
      const job = await getJob(request.params.id, request.principal.tenant);
      return reply.code(202).send(await app.jobSubmission.cancel(job));
    },
  );

  app.get(
    '/v1/jobs/:id/events',
    {
      schema: {
        operationId: 'listJobEvents',
        tags: ['jobs'],
        summary: "The job's events (status, stage, progress, log), oldest first",
        description:
          'As JSON by default. With `Accept: text/event-stream`, a live Server-Sent Events stream that ends with a `result` event once the job finishes; reconnect with `Last-Event-ID` to resume.',
        params: JobParams,
        querystring: Type.Object({
          after: Type.Optional(Type.String({ pattern: EVENT_ID, description: 'Return events after this event id.' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200, description: 'Events per page.' })),
        }),
        headers: Type.Object({
          'last-event-id': Type.Optional(Type.String({ pattern: EVENT_ID, description: 'Resume a stream after this event id; EventSource sends it when it reconnects.' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(JobEvent) }), ...errors },
      },
    },
    async (request, reply) => {
      await getJob(request.params.id, request.principal.tenant);
      const after = request.headers['last-event-id'] ?? request.query.after;
      if (request.headers.accept?.includes('text/event-stream')) {
        return streamJobEvents(app, reply, request.params.id, after ?? '0-0', request.principal.keyId);
      }
      return { items: await app.registry.jobs.events(request.params.id, { after, limit: request.query.limit ?? 200 }) };
    },
  );
};
