import { Type, type Static } from 'typebox';
import { DistillationPermission, Id, ModelFormat } from '@distillery/contracts';
import { JobResult } from './result.ts';

const CardTeacher = Type.Object({
  id: Id,
  name: Type.String(),
  digest: Type.String(),
  license: Type.String(),
  distillation: DistillationPermission,
  parameters: Type.Integer(),
});

const CardDataset = Type.Object({
  role: Type.Union([Type.Literal('training'), Type.Literal('transfer')]),
  id: Id,
  name: Type.String(),
  digest: Type.String(),
  source: Type.String({ description: 'builtin:<name> or upload:<format>.' }),
});

/** Where a model came from and what it is good for, in one document: `GET /v1/models/:id/card`. */
export const ModelCard = Type.Object(
  {
    model: Type.Object({
      id: Id,
      name: Type.String(),
      format: ModelFormat,
      digest: Type.String(),
      license: Type.String(),
      parameters: Type.Integer(),
      bytes: Type.Integer(),
      inputShape: Type.Array(Type.Integer()),
      numClasses: Type.Integer(),
      createdAt: Type.String(),
      files: Type.Array(Type.String(), { description: 'What GET /v1/models/:id/files/:name serves: TensorFlow.js files, model.onnx, or both.' }),
      onnx: Type.Optional(Type.String({ description: 'For an ONNX teacher: opset, producer and input layout, in words.' })),
    }),
    origin: Type.Union([Type.Literal('uploaded'), Type.Literal('trained'), Type.Literal('distilled')]),
    teachers: Type.Array(CardTeacher),
    datasets: Type.Array(CardDataset),
    method: Type.Optional(Type.Unknown({ description: 'The distillation method with every default filled in.' })),
    training: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'epochs, batch size, learning rate, seed.' })),
    metrics: Type.Optional(Type.Index(JobResult, ['metrics'])),
    warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
    job: Type.Optional(Type.Object({ id: Id, finishedAt: Type.Optional(Type.String()), backend: Type.Optional(Type.String()) })),
    metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    service: Type.Object({ name: Type.String(), version: Type.String() }),
    generatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ModelCard' },
);
export type ModelCard = Static<typeof ModelCard>;
