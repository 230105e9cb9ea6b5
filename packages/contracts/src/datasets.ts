import { Type, type Static } from 'typebox';
import { Id, TenantId } from './common.ts';
import { GraphSummary } from './graphs.ts';

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

/** Tables of samples (csv, jsonl, npy), or one graph of nodes (graph-npy, graph-json) for distill-graph jobs. */
export const UploadFormat = Type.Union([Type.Literal('csv'), Type.Literal('jsonl'), Type.Literal('npy'), Type.Literal('graph-npy'), Type.Literal('graph-json')], { $id: 'UploadFormat' });
export type UploadFormat = Static<typeof UploadFormat>;

/** How an uploaded dataset was read: what a second upload of the same files needs to give the same dataset. */
export const UploadSource = Type.Object(
  {
    upload: Type.Object({
      format: UploadFormat,
      files: Type.Record(Type.String(), Type.String(), { description: 'Uploaded file name by part: train/test (csv, jsonl), x/y/testX/testY (npy), x/edges/y/train/val/test (graph-npy), graph (graph-json).' }),
      labelColumn: Type.Optional(Type.String()),
      testRatio: Type.Optional(Type.Number()),
      seed: Type.Optional(Type.Integer()),
    }),
  },
  { additionalProperties: false },
);
export type UploadSource = Static<typeof UploadSource>;

/** The text fields of a dataset upload (multipart/form-data, with the files as parts). */
export const DatasetUploadFields = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    format: UploadFormat,
    labelColumn: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'csv/jsonl: the label column or key (default "label"); absent from the file = unlabelled.' })),
    testRatio: Type.Optional(Type.Number({ minimum: 0, maximum: 0.9, description: 'Share of the labelled rows held out for testing when no test file is given (default 0.2; 0 = no test split).' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, description: 'Seed of the train/test split (default 0).' })),
  },
  { additionalProperties: false },
);
export type DatasetUploadFields = Static<typeof DatasetUploadFields>;

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
    tenant: TenantId,
    name: Type.String(),
    source: Type.Union([BuiltinSource, UploadSource]),
    inputShape: Type.Array(Type.Integer()),
    numClasses: Type.Integer(),
    labelled: Type.Boolean({ description: 'Whether any training sample has a label.' }),
    labels: Type.Union([Type.Literal('all'), Type.Literal('partial'), Type.Literal('none')], {
      description: 'Which training samples have labels; unlabelled ones serve as a transfer set.',
    }),
    splits: Type.Object({ train: Type.Integer(), test: Type.Integer() }),
    labelledCount: Type.Optional(Type.Object({ train: Type.Integer(), test: Type.Integer() })),
    classNames: Type.Optional(Type.Array(Type.String())),
    classCounts: Type.Optional(Type.Array(Type.Integer(), { description: 'Labelled training samples per class.' })),
    bytes: Type.Optional(Type.Integer({ description: 'Size of the stored dataset files.' })),
    files: Type.Optional(Type.Array(Type.String(), { description: 'Artifact keys of the stored dataset (uploads).' })),
    graph: Type.Optional(GraphSummary),
    digest: Type.String({ description: 'sha256 of the dataset content identity.' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Dataset' },
);
export type Dataset = Static<typeof Dataset>;
