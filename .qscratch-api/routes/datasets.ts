import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CreateDatasetRequest, Dataset, DistilleryError, Id, PageQuery, Problem } from '@distillery/contracts';
import { describeBuiltin } from '@distillery/datasets';
import { newId } from '@distillery/registry';

const errors = { 400: Problem, 404: Problem, 422: Problem, 503: Problem };

export const datasetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/datasets',
    {
      schema: {
        operationId: 'createDataset',
        tags: ['datasets'],
        summary: 'Register a dataset from a built-in source',
        body: CreateDatasetRequest,
        response: { 201: Dataset, ...errors },
      },
    },
    async (request, reply) => {
      // describeBuiltin validates the options and computes shapes without loading every sample.
      const description = describeBuiltin(request.body.source);
      const dataset = await app.registry.datasets.create({
        id: newId('ds'),
        name: request.body.name,
        source: request.body.source,
        inputShape: description.inputShape,
        numClasses: description.numClasses,
        labelled: description.labelled,
        splits: description.splits,
        digest: description.digest,
        createdAt: new Date().toISOString(),
      });
      return reply.code(201).header('location', `/v1/datasets/${dataset.id}`).send(dataset);
    },
  );

  app.get(
    '/v1/datasets',
    {
      schema: {
        operationId: 'listDatasets',
        tags: ['datasets'],
        querystring: PageQuery,
        response: { 200: Type.Object({ items: Type.Array(Dataset), next: Type.Optional(Type.String()) }), ...errors },
      },
    },
    async (request) => app.registry.datasets.list({ limit: request.query.limit ?? 50, after: request.query.after }),
  );

  app.get(
    '/v1/datasets/:id',
    {
      schema: {
        operationId: 'getDataset',
        tags: ['datasets'],
        params: Type.Object({ id: Id }),
        response: { 200: Dataset, ...errors },
      },
    },
    async (request) => {
      const dataset = await app.registry.datasets.get(request.params.id);
      if (!dataset) throw new DistilleryError('dataset_not_found', `dataset ${request.params.id} does not exist`);
      return dataset;
    },
  );
};
