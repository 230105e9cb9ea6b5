import { Type, type Static } from 'typebox';
import { layerMethodAlpha, layerPairs, type ResolvedLayerPair } from '../layer-terms/pairs.ts';
import { temperatureOption } from '../logits/contract.ts';

/** Attention transfer (Zagoruyko & Komodakis 2017) on CNN feature maps, added to the logit term. */
export const AttentionMethod = Type.Object(
  {
    kind: Type.Literal('attention'),
    temperature: temperatureOption(),
    alpha: layerMethodAlpha(),
    pairs: layerPairs(),
    p: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 16, default: 2, description: 'Exponent of |A| in the attention map mean_c |A_c|^p.' })),
    variant: Type.Optional(
      Type.Union([Type.Literal('mean-squared'), Type.Literal('l2')], {
        default: 'mean-squared',
        description: "'mean-squared': beta * mean (Q_s - Q_t)^2, the authors' code; 'l2': beta/2 * mean_n ||Q_s - Q_t||_2, the paper's eq. (2).",
      }),
    ),
    beta: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1e9,
        description: "Weight of each pair's term before its pair weight. Default: 1000 for 'mean-squared'; 1000 / (h*w) of the compared maps for 'l2'.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type AttentionMethod = Static<typeof AttentionMethod>;
/** `beta` stays optional: its default depends on the variant and on the size of the compared maps. */
export type ResolvedAttentionMethod = Required<Omit<AttentionMethod, 'pairs' | 'beta'>> & { pairs: ResolvedLayerPair[]; beta?: number };

export const ATTENTION_DEFAULTS: Omit<ResolvedAttentionMethod, 'pairs'> = { kind: 'attention', temperature: 4, alpha: 0.9, p: 2, variant: 'mean-squared' };
