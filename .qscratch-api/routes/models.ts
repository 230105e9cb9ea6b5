import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DistilleryError, Id, Model, PageQuery, Problem } from '@distillery/contracts';

const errors = { 400: Problem, 404: Problem, 503: Problem };

export const modelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const getModel = async (id: string) => {
    const model = await app.registry.models.get(id);
    if (!model) throw new DistilleryError('model_not_found', `model ${id} does not exist`);
    return model;
  };

  app.get(
    '/v1/models',
    {
      schema: {
        operationId: 'listModels',
        tags: ['models'],
        querystring: PageQuery,
        response: { 200: Type.Object({ items: Type.Array(Model), next: Type.Optional(Type.String()) }), ...errors },
      },
    },
    async (request) => app.registry.models.list({ limit: request.query.limit ?? 50, after: request.query.after }),
  );

  app.get(
    '/v1/models/:id',
    {
      schema: { operationId: 'getModel', tags: ['models'], params: Type.Object({ id: Id }), response: { 200: Model, ...errors } },
    },
    async (request) => getModel(request.params.id),
  );

  app.get(
    '/v1/models/:id/files/:name',
    {
      schema: {
        operationId: 'downloadModelFile',
        tags: ['models'],
        summary: 'Download a model file (TensorFlow.js LayersModel: model.json and weights.bin)',
        params: Type.Object({ id: Id, name: Type.String({ maxLength: 200 }) }),
        response: { 200: Type.Unknown({ description: 'The file.' }), ...errors },
      },
    },
    async (request, reply) => {
      const model = await getModel(request.params.id);
      // Only names the record lists are served, so a crafted name can never reach another path.
      if (!model.files.includes(request.params.name)) {
        throw new DistilleryError('artifact_not_found', `model ${model.id} has no file ${request.params.name}; it has ${model.files.join(', ')}`);
      }
      const key = `models/${model.id}/${request.params.name}`;
      const type = request.params.name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
      return reply
        .type(type)
        .header('content-length', await app.store.size(key))
        .header('content-disposition', `attachment; filename="${request.params.name}"`)
        .send(await app.store.createReadStream(key));
    },
  );
};
