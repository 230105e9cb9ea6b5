import { Type, type Static } from 'typebox';
import { Architecture } from './architecture.ts';
import { Id, TenantId } from './common.ts';

export const Lineage = Type.Object(
  {
    jobId: Id,
    kind: Type.Union([Type.Literal('train'), Type.Literal('distill'), Type.Literal('train-policy'), Type.Literal('distill-graph'), Type.Literal('distill-private')]),
    /** What it was trained on: a dataset (an uploaded graph among them), for a policy an environment, for a graph student on a built-in graph its name. */
    dataset: Type.Optional(Id),
    environment: Type.Optional(Type.String()),
    graph: Type.Optional(Type.String()),
    transferDataset: Type.Optional(Id),
    teachers: Type.Array(Id),
    method: Type.Optional(Type.Unknown()),
    seed: Type.Integer(),
  },
  { $id: 'Lineage' },
);
export type Lineage = Static<typeof Lineage>;

/**
 * tfjs-layers: a LayersModel (trainable); tfjs-graph: a GraphModel converted
 * from a SavedModel (inference only); onnx: an ONNX model (exported from
 * PyTorch, for example), run by ONNX Runtime (inference only).
 */
export const ModelFormat = Type.Union([Type.Literal('tfjs-layers'), Type.Literal('tfjs-graph'), Type.Literal('onnx')], { $id: 'ModelFormat' });
export type ModelFormat = Static<typeof ModelFormat>;

/**
 * What the model's (first) output holds. Probabilities are turned into
 * log-probabilities before distillation. Q-values (a policy's action values,
 * declared at upload) are read as they are, and policy distillation sharpens
 * them by default (temperature 0.01); they are no class scores, so a
 * classification job refuses them.
 */
export const ModelOutput = Type.Union([Type.Literal('logits'), Type.Literal('probabilities'), Type.Literal('q-values')], { $id: 'ModelOutput' });
export type ModelOutput = Static<typeof ModelOutput>;

/**
 * How an image model's input is laid out. The service's images are
 * [height, width, channels] (nhwc); PyTorch exports [channels, height, width]
 * (nchw), and the ONNX runtime transposes each batch to it.
 */
export const InputLayout = Type.Union([Type.Literal('nhwc'), Type.Literal('nchw')], { $id: 'InputLayout' });
export type InputLayout = Static<typeof InputLayout>;

/** What the service read from an ONNX model when it was uploaded. */
export const OnnxModelInfo = Type.Object(
  {
    /** The version of the default (ai.onnx) operator set it imports. */
    opset: Type.Integer(),
    irVersion: Type.Integer(),
    producer: Type.String({ description: 'producer_name and producer_version, e.g. "pytorch 2.5.1".' }),
    input: Type.String({ description: 'Name of the graph input the service feeds.' }),
    output: Type.String({ description: 'Name of the graph output it reads as class scores.' }),
    /** The batch size the graph fixes, when it does not leave the batch dimension open (then batches are run at this size). */
    fixedBatch: Type.Optional(Type.Integer({ minimum: 1 })),
    layout: Type.Optional(InputLayout),
    /** Per-sample shapes of the readableOutputs, as the service reads them: an NCHW model's feature maps as [height, width, channels]. */
    readableShapes: Type.Optional(Type.Record(Type.String(), Type.Array(Type.Integer()))),
    /** Readable outputs holding attention probabilities [heads, tokens, tokens]: read as they are, never transposed as feature maps. */
    attentionOutputs: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'OnnxModelInfo' },
);
export type OnnxModelInfo = Static<typeof OnnxModelInfo>;

/** Whether the model's licence lets it teach a student: the rule lives in `checkDistillationAllowed`. */
export const DistillationPermission = Type.Union([Type.Literal('allowed'), Type.Literal('forbidden'), Type.Literal('unknown')], {
  $id: 'DistillationPermission',
});
export type DistillationPermission = Static<typeof DistillationPermission>;

/** An SPDX licence identifier (or expression), `proprietary`, or `unknown`. */
export const License = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9.+:() -]+$' });

export const Model = Type.Object(
  {
    id: Id,
    tenant: TenantId,
    name: Type.String(),
    format: ModelFormat,
    architecture: Type.Optional(Architecture),
    inputShape: Type.Array(Type.Integer(), { description: 'One sample as the service feeds it: images as [height, width, channels] whatever the layout the model takes.' }),
    numClasses: Type.Integer({ description: 'Classes it scores; for a policy, the actions.' }),
    environment: Type.Optional(Type.String({ description: 'For a policy (observations to action logits): the environment it acts in.' })),
    output: ModelOutput,
    parameters: Type.Integer(),
    bytes: Type.Integer({ description: 'Size of the weight files.' }),
    digest: Type.String({
      description: 'sha256 of model.json and the weight files, in manifest order; for ONNX, of model.onnx and its external-data files (each with its name and length), in the order the graph names them.',
    }),
    files: Type.Array(Type.String()),
    license: License,
    distillation: DistillationPermission,
    readableOutputs: Type.Array(Type.String(), {
      description: 'Intermediate outputs (layer names, or node names for graph models) that feature and attention methods may read.',
    }),
    metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    onnx: Type.Optional(OnnxModelInfo),
    exportedOnnx: Type.Optional(
      Type.Object(
        { file: Type.String(), bytes: Type.Integer(), opset: Type.Integer() },
        { description: 'The ONNX copy of a model trained here, written when it was registered: one of `files`, not counted in `bytes`.' },
      ),
    ),
    lineage: Type.Optional(Lineage),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Model' },
);
export type Model = Static<typeof Model>;

/** The text fields of a model upload (multipart/form-data, with the files as parts). */
export const ModelUploadFields = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    license: Type.Optional(License),
    distillation: Type.Optional(DistillationPermission),
    output: Type.Optional(ModelOutput),
    inputShape: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1 }), {
        minItems: 1,
        maxItems: 8,
        description: 'Only for models whose input shape is not fixed (graph models, ONNX models with dynamic dimensions): one sample, without the batch, as the model takes it.',
      }),
    ),
    layout: Type.Optional(InputLayout),
    readableOutputs: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 256 })),
    attentionOutputs: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        maxItems: 256,
        description:
          'ONNX models only: outputs holding attention probabilities [batch, heads, tokens, tokens], readable as they are. Without it an NCHW model\'s outputs with three dimensions per sample are read as feature maps and transposed to [height, width, channels].',
      }),
    ),
    metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type ModelUploadFields = Static<typeof ModelUploadFields>;
