import { Type, type Static } from 'typebox';
import { Id } from './common.ts';

export const BuiltinName = Type.Union([Type.Literal('mnist'), Type.Literal('iris'), Type.Literal('blobs')]);
export type BuiltinName = Static<typeof BuiltinName>;

export const BuiltinOptions = Type.Object(
  {
    trainSize: Type.Optional(Type.Integer({ minimum: 1, description: 'Training samples to take.' })),
    testSize: Type.Optional(Type.Integer({ minimum: 1, description: 'Test samples to take.' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, description: 'Index of the first training sample taken.' })),
    labelled: Type.Optional(Type.Boolean({ default: true, description: 'false keeps the inputs and drops the labels: an unlabelled transfer set.' })),
    // Generator options (blobs only).
    classes: Type.Optional(Type.Integer({ minimum: 2, maximum: 100 })),
    features: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096 })),
    spread: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
    seed: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export type BuiltinOptions = Static<typeof BuiltinOptions>;

export const BuiltinSource = Type.Object(
  { builtin: BuiltinName, options: Type.Optional(BuiltinOptions) },
  { additionalProperties: false },
);
export type BuiltinSource = Static<typeof BuiltinSource>;

export const CreateDatasetRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    source: BuiltinSource,
  },
  { additionalProperties: false, $id: 'CreateDatasetRequest' },
);
export type CreateDatasetRequest = Static<typeof CreateDatasetRequest>;

export const Dataset = Type.Object(
  {
    id: Id,
    name: Type.String(),
    source: BuiltinSource,
    inputShape: Type.Array(Type.Integer()),
    numClasses: Type.Integer(),
    labelled: Type.Boolean(),
    splits: Type.Object({ train: Type.Integer(), test: Type.Integer() }),
    digest: Type.String({ description: 'sha256 of the dataset content identity.' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Dataset' },
);
export type Dataset = Static<typeof Dataset>;
