import { Type, type Static } from 'typebox';

export const MlpArchitecture = Type.Object(
  {
    kind: Type.Literal('mlp'),
    hidden: Type.Array(Type.Integer({ minimum: 1, maximum: 8192 }), { maxItems: 16, default: [128] }),
    dropout: Type.Optional(Type.Number({ minimum: 0, maximum: 0.9, default: 0 })),
    activation: Type.Optional(Type.Union([Type.Literal('relu'), Type.Literal('tanh')], { default: 'relu' })),
  },
  { additionalProperties: false },
);

export const CnnArchitecture = Type.Object(
  {
    kind: Type.Literal('cnn'),
    filters: Type.Array(Type.Integer({ minimum: 1, maximum: 1024 }), { minItems: 1, maxItems: 8 }),
    kernelSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 11, default: 3 })),
    dense: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 8192 }), { maxItems: 8 })),
    dropout: Type.Optional(Type.Number({ minimum: 0, maximum: 0.9 })),
  },
  { additionalProperties: false },
);

/**
 * A small transformer encoder (pre-norm blocks, mean-pooled, a dense `logits`
 * head). Tokens: the rows of sequence inputs [length, features]; for image
 * inputs [height, width, channels], non-overlapping `patch` x `patch` squares,
 * or the image rows when `patch` is left out. `dim` must be divisible by
 * `heads` (architectureCost checks it).
 */
export const TransformerArchitecture = Type.Object(
  {
    kind: Type.Literal('transformer'),
    layers: Type.Integer({ minimum: 1, maximum: 12 }),
    heads: Type.Integer({ minimum: 1, maximum: 16 }),
    dim: Type.Integer({ minimum: 8, maximum: 512 }),
    /** Hidden width of each block's MLP; 2 * dim by default. */
    mlpDim: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096 })),
    patch: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
    dropout: Type.Optional(Type.Number({ minimum: 0, maximum: 0.9 })),
  },
  { additionalProperties: false },
);

export const Architecture = Type.Union([MlpArchitecture, CnnArchitecture, TransformerArchitecture]);
export type Architecture = Static<typeof Architecture>;
export type MlpArchitecture = Static<typeof MlpArchitecture>;
export type CnnArchitecture = Static<typeof CnnArchitecture>;
export type TransformerArchitecture = Static<typeof TransformerArchitecture>;
