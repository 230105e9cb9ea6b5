import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  artifactKeys,
  DistillationPermission,
  DistilleryError,
  Id,
  Model,
  ModelFormat,
  ModelUploadFields,
  PageQuery,
  Problem,
} from '@distillery/contracts';
import { ModelCard } from '@distillery/jobs';
import { removeModel } from '@distillery/registry';
import { buildModelCard, renderModelCardMarkdown } from '../model-card.ts';
import { MODEL_FILE_FIELD, uploadModel } from '../uploads/model-upload.ts';

const errors = { 400: Problem, 401: Problem, 404: Problem, 429: Problem, 503: Problem };

const ModelOrigin = Type.Union([Type.Literal('uploaded'), Type.Literal('trained'), Type.Literal('distilled')], {
  description: 'Only models uploaded, trained by a train job, or distilled by a distill job.',
});

const ModelParams = Type.Object({ id: Type.With(Id, { description: 'The model id (`m_…`).' }) });

/** The upload form as the OpenAPI document shows it: the text fields, plus the files. */
const ModelUploadForm = Type.Object({
  ...ModelUploadFields.properties,
  [MODEL_FILE_FIELD]: Type.Array(Type.String({ format: 'binary' }), { description: 'model.json and every weight file it names, or model.onnx and its external-data files; each a part with its file name.' }),
});

export const modelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Another tenant's model answers exactly like a model that does not exist. */
  const getModel = async (id: string, tenant: string) => {
    const model = await app.registry.models.getOwned(id, tenant);
    if (!model) throw new DistilleryError('model_not_found', `model ${id} does not exist`);
    return model;
  };

  app.post(
    '/v1/models',
    {
      // An Idempotency-Key is refused here (not yet honoured on uploads) rather than silently ignored.
      config: { idempotent: true },
      schema: {
        operationId: 'uploadModel',
        tags: ['models'],
        summary: 'Upload a model trained elsewhere: TensorFlow.js (layers or graph) or ONNX',
        description:
          'multipart/form-data: the text fields, and one `files` part per file (model.json and its weight shards, or model.onnx and any external-data files it names). ' +
          'Arrays and objects (readableOutputs, metadata, inputShape) are sent as JSON text. ONNX image models need `layout` ("nchw" for PyTorch exports). ' +
          'The model is loaded once to check it (ONNX models by ONNX Runtime).',
        consumes: ['multipart/form-data'],
        body: { content: { 'multipart/form-data': { schema: ModelUploadForm } } },
        response: { 201: Model, 413: Problem, 415: Problem, 422: Problem, ...errors },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new DistilleryError('unsupported_media_type', 'upload a model as multipart/form-data with model.json and its weight files, or model.onnx, as "files" parts');
      const model = await uploadModel(request, app.registry, app.store, app.modelChecker, { tenant: request.principal.tenant, maxFileBytes: app.uploadLimits.maxFileBytes, quotas: app.quotas });
      request.log.info({ modelId: model.id, format: model.format, bytes: model.bytes }, 'model uploaded');
      return reply.code(201).header('location', `/v1/models/${model.id}`).send(model);
    },
  );

  app.get(
    '/v1/models',
    {
      schema: {
        operationId: 'listModels',
        tags: ['models'],
        summary: 'Models, newest first, optionally filtered',
        querystring: Type.Object({
          ...PageQuery.properties,
          format: Type.Optional(Type.Union(ModelFormat.anyOf, { description: 'Only models in this format.' })),
          origin: Type.Optional(ModelOrigin),
          distillation: Type.Optional(Type.Union(DistillationPermission.anyOf, { description: 'Only models with this distillation permission.' })),
          license: Type.Optional(Type.String({ maxLength: 200, description: 'Only models under this licence (exact match, e.g. `MIT`).' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Model), next: Type.Optional(Type.String()) }), ...errors },
      },
    },
    async (request) => {
      const { format, origin, distillation, license } = request.query;
      const filtered = format || origin || distillation || license;
      const originOf = (model: Model) => (!model.lineage ? 'uploaded' : model.lineage.kind === 'distill' ? 'distilled' : 'trained');
      return app.registry.models.list(request.principal.tenant, {
        limit: request.query.limit ?? 50,
        after: request.query.after,
        where: filtered
          ? (model: Model) =>
              (!format || model.format === format) &&
              (!origin || originOf(model) === origin) &&
              (!distillation || model.distillation === distillation) &&
              (!license || model.license === license)
          : undefined,
      });
    },
  );

  app.get(
    '/v1/models/:id',
    {
      schema: { operationId: 'getModel', tags: ['models'], summary: 'A model record: format, shapes, size, licence, lineage', params: ModelParams, response: { 200: Model, ...errors } },
    },
    async (request) => getModel(request.params.id, request.principal.tenant),
  );

  app.delete(
    '/v1/models/:id',
    {
      schema: {
        operationId: 'deleteModel',
        tags: ['models'],
        summary: 'Delete a model and its files; refused while a queued or running job uses it',
        params: ModelParams,
        response: { 204: Type.Null(), 409: Problem, ...errors },
      },
    },
    async (request, reply) => {
      const model = await getModel(request.params.id, request.principal.tenant);
      const users = await app.registry.jobs.unfinishedJobsUsing('model', model.id);
      if (users.length > 0) {
        throw new DistilleryError('model_in_use', `model ${model.id} is used by unfinished job(s) ${users.join(', ')}; wait for them to finish or cancel them first`);
      }
      await removeModel(app.registry, app.store, model);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/models/:id/card',
    {
      schema: {
        operationId: 'getModelCard',
        tags: ['models'],
        summary: 'Model card: lineage (teachers, data, method), results against baseline and teachers, licences',
        params: ModelParams,
        response: { 200: ModelCard, ...errors },
      },
    },
    async (request) => buildModelCard(app.registry, await getModel(request.params.id, request.principal.tenant)),
  );

  app.get(
    '/v1/models/:id/card.md',
    {
      schema: {
        operationId: 'getModelCardMarkdown',
        tags: ['models'],
        summary: 'The model card as Markdown',
        params: ModelParams,
        produces: ['text/markdown'],
        response: { 200: Type.String({ description: 'Markdown.' }), ...errors },
      },
    },
    async (request, reply) => {
      const card = await buildModelCard(app.registry, await getModel(request.params.id, request.principal.tenant));
      return reply.type('text/markdown; charset=utf-8').send(renderModelCardMarkdown(card));
    },
  );

  app.get(
    '/v1/models/:id/files/:name',
    {
      schema: {
        operationId: 'downloadModelFile',
        tags: ['models'],
        summary: 'Download a model file: model.json and the weight files it names, model.onnx (ONNX teachers, and the ONNX copy of every model trained here)',
        params: Type.Object({ ...ModelParams.properties, name: Type.String({ maxLength: 200, description: 'A file name the record lists in `files`.' }) }),
        produces: ['application/octet-stream', 'application/json'],
        response: { 200: Type.Unknown({ description: 'The file: weight shards and model.onnx as bytes, model.json as JSON.' }), ...errors },
      },
    },
    async (request, reply) => {
      const model = await getModel(request.params.id, request.principal.tenant);
      // Only names the record lists are served, so a crafted name can never reach another path.
      if (!model.files.includes(request.params.name)) {
        throw new DistilleryError('artifact_not_found', `model ${model.id} has no file ${request.params.name}; it has ${model.files.join(', ')}`);
      }
      const key = artifactKeys.modelFile(model.id, request.params.name);
      const type = request.params.name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
      return reply
        .type(type)
        .header('content-length', await app.store.size(key))
        .header('content-disposition', `attachment; filename="${request.params.name}"`)
        .send(await app.store.createReadStream(key));
    },
  );
};
