import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DistilleryError, Id, JobEvent, JobStatus, JobWarning, PageQuery, Problem } from '@distillery/contracts';
import { Sweep, SweepRequest } from '@distillery/jobs';
import { SweepSubmission } from '../sweeps/submission.ts';
import { IdempotencyHeaders } from '../idempotency.ts';

const errors = { 400: Problem, 401: Problem, 404: Problem, 409: Problem, 422: Problem, 429: Problem, 503: Problem };
const SweepParams = Type.Object({ id: Type.With(Id, { description: 'The sweep id (`sw_…`).' }) });

export const sweepRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const sweeps = new SweepSubmission(app.registry, app.store, app.jobSubmission);

  /** Another tenant's sweep answers exactly like a sweep that does not exist. */
  const getSweep = async (id: string, tenant: string) => {
    const sweep = await app.registry.sweeps.getOwned(id, tenant);
    if (!sweep) throw new DistilleryError('sweep_not_found', `sweep ${id} does not exist`);
    return sweep;
  };

  app.post(
    '/v1/sweeps',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'submitSweep',
        tags: ['sweeps'],
        summary: 'Sweep a distill job over its values, or compare distillation methods over seeds',
        description:
          'One flow: the teachers run once (or come from the cache), then one student training per trial fans out across the workers. ' +
          'The trials are ranked by accuracy on a validation slice held out of the labelled training split, never the test split; the best student is kept. ' +
          'With `methods`, every method (and the baseline) trains once per seed on the same teacher outputs, and the result ranks the methods by their mean.',
        headers: IdempotencyHeaders,
        body: SweepRequest,
        response: {
          202: Type.Object({
            id: Id,
            status: JobStatus,
            trials: Type.Integer(),
            warnings: Type.Optional(
              Type.Array(JobWarning, {
                description:
                  "Present when there is something to know now: a trial's student with at least as many parameters as the smallest teacher (student_not_smaller, naming the trial), a teacher whose licence does not say whether it may be distilled. The sweep runs anyway.",
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { sweep, warnings } = await sweeps.submit(request.body, request.principal.tenant);
      request.log.info({ sweepId: sweep.id, trials: sweep.trials.length, warnings: warnings.map((w) => w.code) }, 'sweep submitted');
      return reply
        .code(202)
        .header('location', `/v1/sweeps/${sweep.id}`)
        .send({ id: sweep.id, status: sweep.status, trials: sweep.trials.length, ...(warnings.length > 0 ? { warnings } : {}) });
    },
  );

  app.get(
    '/v1/sweeps',
    {
      schema: {
        operationId: 'listSweeps',
        tags: ['sweeps'],
        summary: 'Sweeps, newest first',
        querystring: Type.Object({
          status: Type.Optional(Type.Union(JobStatus.anyOf, { description: 'Only sweeps in this status.' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Sweeps per page.' })),
          after: PageQuery.properties.after,
        }),
        response: { 200: Type.Object({ items: Type.Array(Sweep), next: Type.Optional(Type.String()) }), ...errors },
      },
    },
    async (request) =>
      app.registry.sweeps.list(request.principal.tenant, { limit: request.query.limit ?? 50, after: request.query.after, status: request.query.status }),
  );

  app.get(
    '/v1/sweeps/:id',
    {
      schema: {
        operationId: 'getSweep',
        tags: ['sweeps'],
        summary: 'A sweep: its stages, the table of trials as it fills, and once ranked the best student',
        params: SweepParams,
        response: { 200: Sweep, ...errors },
      },
    },
    async (request) => getSweep(request.params.id, request.principal.tenant),
  );

  app.post(
    '/v1/sweeps/:id/cancel',
    {
      schema: {
        operationId: 'cancelSweep',
        tags: ['sweeps'],
        summary: 'Cancel a queued or running sweep: queued trials never start, running ones stop within one batch',
        params: SweepParams,
        response: { 202: Sweep, ...errors },
      },
    },
    async (request, reply) => {
      const sweep = await getSweep(request.params.id, request.principal.tenant);
      return reply.code(202).send(await sweeps.cancel(sweep));
    },
  );

  app.get(
    '/v1/sweeps/:id/events',
    {
      schema: {
        operationId: 'listSweepEvents',
        tags: ['sweeps'],
        summary: "The sweep's events (status, stage, progress, log), oldest first",
        params: SweepParams,
        querystring: Type.Object({
          after: Type.Optional(Type.String({ pattern: '^\\d{1,15}-\\d{1,15}$', description: 'Return events after this event id.' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200, description: 'Events per page.' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(JobEvent) }), ...errors },
      },
    },
    async (request) => {
      await getSweep(request.params.id, request.principal.tenant);
      return { items: await app.registry.jobs.events(request.params.id, { after: request.query.after, limit: request.query.limit ?? 200 }) };
    },
  );
};
