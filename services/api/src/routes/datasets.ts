import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CreateDatasetRequest, Dataset, DatasetUploadFields, DistilleryError, Id, PageQuery, Problem } from '@distillery/contracts';
import { builtinCatalog, describeBuiltin } from '@distillery/datasets';
import { newId, removeDataset } from '@distillery/registry';
import { uploadDataset } from '../uploads/dataset-upload.ts';
import { IdempotencyHeaders } from '../idempotency.ts';

const errors = { 400: Problem, 401: Problem, 404: Problem, 422: Problem, 429: Problem, 503: Problem };

const DatasetParams = Type.Object({ id: Type.With(Id, { description: 'The dataset id (`ds_…`).' }) });

const file = (description: string) => Type.Optional(Type.String({ format: 'binary', description }));

/** The upload form as the OpenAPI document shows it: the text fields, plus the files. */
const DatasetUploadForm = Type.Object({
  ...DatasetUploadFields.properties,
  train: file('csv/jsonl: the training rows. graph-npy: the training mask, [nodes] bool.'),
  test: file('csv/jsonl: test rows; without it the test split is drawn by testRatio. graph-npy: the test mask, [nodes] bool.'),
  x: file('npy: features, [rows, ...inputShape]. graph-npy: node features, [nodes, features].'),
  y: file('npy: integer labels, [rows]; -1 = unlabelled. graph-npy: node labels, [nodes]; -1 = unlabelled.'),
  testX: file('npy: test features.'),
  testY: file('npy: test labels.'),
  edges: file('graph-npy: [edges, 2] integer node ids, either direction.'),
  val: file('graph-npy: the validation mask, [nodes] bool.'),
  graph: file('graph-json: the whole graph in one JSON object (see the README).'),
});

const BuiltinInfo = Type.Object({
  name: Type.String(),
  description: Type.String(),
  inputShape: Type.Array(Type.Integer()),
  numClasses: Type.Integer(),
  samples: Type.Object({ train: Type.Integer(), test: Type.Integer() }),
  options: Type.Array(Type.String()),
  license: Type.String(),
});

export const datasetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const getDataset = async (id: string, tenant: string) => {
    const dataset = await app.registry.datasets.getOwned(id, tenant);
    if (!dataset) throw new DistilleryError('dataset_not_found', `dataset ${id} does not exist`);
    return dataset;
  };

  app.post(
    '/v1/datasets',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createDataset',
        tags: ['datasets'],
        summary: 'Register a built-in dataset (JSON) or upload one (multipart: CSV, JSON Lines, NPY, or a graph)',
        description:
          'application/json registers a built-in source. multipart/form-data uploads files: `train` (and optionally `test`) for csv and jsonl, ' +
          '`x`, `y`, `testX`, `testY` for npy; `x`, `edges`, `y`, `train`, `val`, `test` for graph-npy, `graph` for graph-json (graphs train in distill-graph jobs). ' +
          'Files stream to the store, are validated row by row and converted; errors name the file, row and column.',
        consumes: ['application/json', 'multipart/form-data'],
        headers: IdempotencyHeaders,
        body: {
          content: {
            'application/json': { schema: CreateDatasetRequest },
            'multipart/form-data': { schema: DatasetUploadForm },
          },
        },
        // 409 and 422 also for an Idempotency-Key still in use or used for another request.
        response: { 201: Dataset, 409: Problem, 413: Problem, 415: Problem, ...errors },
      },
    },
    async (request, reply) => {
      if (request.isMultipart()) {
        const dataset = await uploadDataset(request, app.registry, app.store, { tenant: request.principal.tenant, maxFileBytes: app.uploadLimits.maxFileBytes, quotas: app.quotas });
        request.log.info({ datasetId: dataset.id, rows: dataset.splits, bytes: dataset.bytes }, 'dataset uploaded');
        return reply.code(201).header('location', `/v1/datasets/${dataset.id}`).send(dataset);
      }
      const body = request.body as CreateDatasetRequest;
      // describeBuiltin validates the options and computes shapes without loading every sample.
      const description = describeBuiltin(body.source);
      const dataset = await app.registry.datasets.create({
        id: newId('ds'),
        tenant: request.principal.tenant,
        name: body.name,
        source: body.source,
        inputShape: description.inputShape,
        numClasses: description.numClasses,
        labelled: description.labelled,
        labels: description.labelled ? 'all' : 'none',
        splits: description.splits,
        digest: description.digest,
        createdAt: new Date().toISOString(),
      });
      return reply.code(201).header('location', `/v1/datasets/${dataset.id}`).send(dataset);
    },
  );

  app.get(
    '/v1/datasets/builtins',
    {
      schema: {
        operationId: 'listBuiltinDatasets',
        tags: ['datasets'],
        summary: 'The datasets that ship with the service',
        response: { 200: Type.Object({ items: Type.Array(BuiltinInfo) }), 401: Problem, 429: Problem, 503: Problem },
      },
    },
    async () => ({ items: builtinCatalog() }),
  );

  app.get(
    '/v1/datasets',
    {
      schema: {
        operationId: 'listDatasets',
        tags: ['datasets'],
        summary: 'Datasets, newest first',
        querystring: PageQuery,
        response: { 200: Type.Object({ items: Type.Array(Dataset), next: Type.Optional(Type.String()) }), ...errors },
      },
    },
    async (request) => app.registry.datasets.list(request.principal.tenant, { limit: request.query.limit ?? 50, after: request.query.after }),
  );

  app.get(
    '/v1/datasets/:id',
    {
      schema: {
        operationId: 'getDataset',
        tags: ['datasets'],
        summary: 'A dataset: shapes, splits, labels and digest',
        params: DatasetParams,
        response: { 200: Dataset, ...errors },
      },
    },
    async (request) => getDataset(request.params.id, request.principal.tenant),
  );

  app.delete(
    '/v1/datasets/:id',
    {
      schema: {
        operationId: 'deleteDataset',
        tags: ['datasets'],
        summary: 'Delete a dataset and its files; refused while a queued or running job uses it',
        params: DatasetParams,
        response: { 204: Type.Null(), 409: Problem, ...errors },
      },
    },
    async (request, reply) => {
      const dataset = await getDataset(request.params.id, request.principal.tenant);
      const users = await app.registry.jobs.unfinishedJobsUsing('dataset', dataset.id);
      if (users.length > 0) {
        throw new DistilleryError('dataset_in_use', `dataset ${dataset.id} is used by unfinished job(s) ${users.join(', ')}; wait for them to finish or cancel them first`);
      }
      await removeDataset(app.registry, app.store, dataset);
      return reply.code(204).send(null);
    },
  );
};
