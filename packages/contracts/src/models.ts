import { Type, type Static } from 'typebox';
import { Architecture } from './architecture.ts';
import { Id } from './common.ts';

export const Lineage = Type.Object(
  {
    jobId: Id,
    kind: Type.Union([Type.Literal('train'), Type.Literal('distill')]),
    dataset: Id,
    transferDataset: Type.Optional(Id),
    teachers: Type.Array(Id),
    method: Type.Optional(Type.Unknown()),
    seed: Type.Integer(),
  },
  { $id: 'Lineage' },
);
export type Lineage = Static<typeof Lineage>;

export const Model = Type.Object(
  {
    id: Id,
    name: Type.String(),
    format: Type.Literal('tfjs-layers'),
    architecture: Architecture,
    inputShape: Type.Array(Type.Integer()),
    numClasses: Type.Integer(),
    parameters: Type.Integer(),
    bytes: Type.Integer({ description: 'Size of the weight files.' }),
    digest: Type.String({ description: 'sha256 of model.json and weights.' }),
    files: Type.Array(Type.String()),
    lineage: Type.Optional(Lineage),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Model' },
);
export type Model = Static<typeof Model>;
