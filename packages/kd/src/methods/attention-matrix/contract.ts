import { Type, type Static } from 'typebox';
import { layerMethodAlpha, layerPairs, type ResolvedLayerPair } from '../layer-terms/pairs.ts';
import { temperatureOption } from '../logits/contract.ts';

/**
 * Attention-matrix distillation between transformer blocks (TinyBERT, MiniLM):
 * the student's attention probabilities `block<i>/attention` learn the paired
 * teacher block's, added to the logit term.
 */
export const AttentionMatrixMethod = Type.Object(
  {
    kind: Type.Literal('attention-matrix'),
    temperature: temperatureOption(),
    alpha: layerMethodAlpha(),
    pairs: layerPairs(),
    loss: Type.Optional(
      Type.Union([Type.Literal('kl'), Type.Literal('mse')], {
        default: 'kl',
        description: "'kl': KL(teacher || student) over the keys, per head and query (MiniLM); 'mse': mean squared difference (TinyBERT).",
      }),
    ),
  },
  { additionalProperties: false },
);
export type AttentionMatrixMethod = Static<typeof AttentionMatrixMethod>;
export type ResolvedAttentionMatrixMethod = Required<Omit<AttentionMatrixMethod, 'pairs'>> & { pairs: ResolvedLayerPair[] };

export const ATTENTION_MATRIX_DEFAULTS: Omit<ResolvedAttentionMatrixMethod, 'pairs'> = { kind: 'attention-matrix', temperature: 4, alpha: 0.9, loss: 'kl' };
