import { Type, type Static } from 'typebox';

/**
 * DIST, knowledge distillation from a stronger teacher (Huang et al., NeurIPS
 * 2022): instead of matching the teacher's probabilities exactly (KL), the
 * student matches their relations, by Pearson correlation: each sample's
 * ranking of the classes (inter-class) and each class's ranking of the
 * batch's samples (intra-class). Defaults are the paper's ImageNet settings.
 */
export const DistMethod = Type.Object(
  {
    kind: Type.Literal('dist'),
    tau: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 1, description: 'Temperature of both relations (1 on ImageNet in the paper, 4 on CIFAR-100).' })),
    beta: Type.Optional(Type.Number({ minimum: 0, maximum: 1000, default: 1, description: 'Weight of the inter-class relation: per sample, across the classes.' })),
    gamma: Type.Optional(Type.Number({ minimum: 0, maximum: 1000, default: 1, description: 'Weight of the intra-class relation: per class, across the batch.' })),
    ceWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1000, default: 1, description: 'Weight of the cross-entropy on the labelled samples.' })),
  },
  { additionalProperties: false },
);
export type DistMethod = Static<typeof DistMethod>;
export type ResolvedDistMethod = Required<DistMethod>;

export const DIST_DEFAULTS: ResolvedDistMethod = { kind: 'dist', tau: 1, beta: 1, gamma: 1, ceWeight: 1 };
