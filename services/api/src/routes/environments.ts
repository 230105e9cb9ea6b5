import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EnvironmentSpec, Problem } from '@distillery/contracts';
import { environmentSpecs } from '@distillery/kd';

/** The reinforcement-learning environments policy jobs run in: the same for every tenant. */
export const environmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const items = environmentSpecs();
  app.get(
    '/v1/environments',
    {
      schema: {
        operationId: 'listEnvironments',
        tags: ['environments'],
        summary: 'The environments train-policy jobs run in: observation and action spaces, episode limit, solved threshold',
        // 503: checking the key reads Redis.
        response: { 200: Type.Object({ items: Type.Array(EnvironmentSpec) }), 401: Problem, 429: Problem, 503: Problem },
      },
    },
    async () => ({ items }),
  );
};
