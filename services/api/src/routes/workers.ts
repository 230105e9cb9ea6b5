import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Problem, WorkerInfo } from '@distillery/contracts';
import { problem } from '../problems.ts';

export const workerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/workers',
    {
      schema: {
        operationId: 'listWorkers',
        tags: ['workers'],
        summary: 'Live worker processes, their queues, TensorFlow.js backend and current jobs (admin keys only)',
        response: { 200: Type.Object({ items: Type.Array(WorkerInfo) }), 401: Problem, 403: Problem, 429: Problem, 503: Problem },
      },
    },
    async () => ({ items: await app.registry.workers.list() }),
  );

  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'health',
        tags: ['health'],
        security: [],
        summary: 'Alive: answers while the process runs',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'ready',
        tags: ['health'],
        security: [],
        summary: 'Ready when start-up has finished (the first admin key, if any, is printed) and Redis answers',
        response: { 200: Type.Object({ status: Type.Literal('ready') }), 503: Problem },
      },
    },
    async (_request, reply) => {
      if (app.starting()) return reply.code(503).header('retry-after', '1').send(problem(503, 'starting', 'the API is still starting: it checks for API keys once Redis answers'));
      try {
        await app.registry.redis.ping();
        return { status: 'ready' as const };
      } catch {
        return reply.code(503).header('retry-after', '5').send(problem(503, 'redis_unavailable', 'Redis does not answer'));
      }
    },
  );
};
