import { DistilleryError } from '@distillery/contracts';
import { LayerPairError } from '../../teachers/layers.ts';
import { AttentionScores } from '../../transformer.ts';
import { alphaWeights, hintonLoss } from '../logits/loss.ts';
import { layerObjective } from '../layer-terms/objective.ts';
import { checkLayerPairs, describeLayerList, resolvePairs, teachersInStepCost, type LayerPairRules } from '../layer-terms/pairs.ts';
import { teacherExtractions, type LayerTermKind } from '../layer-terms/terms.ts';
import { defineMethod } from '../method.ts';
import { ATTENTION_MATRIX_DEFAULTS, AttentionMatrixMethod, type ResolvedAttentionMatrixMethod } from './contract.ts';
import { attentionMatrixLoss, checkAttentionShapes, type AttentionMatrixLoss } from './loss.ts';

/**
 * Attention-matrix distillation between transformer blocks (TinyBERT, Jiao et
 * al. 2020; MiniLM, Wang et al. 2020): the student's attention probabilities
 * learn the paired teacher block's, added to the logit term.
 */
export const attentionMatrix = defineMethod({
  kind: 'attention-matrix',
  schema: AttentionMatrixMethod,
  resolve: (method): ResolvedAttentionMatrixMethod => ({ ...ATTENTION_MATRIX_DEFAULTS, ...method, pairs: resolvePairs(method.pairs) }),
  check: (method, job) => checkLayerPairs('attention-matrix', rules, method.pairs, job),
  teacherStepCost: (method, teachers) => teachersInStepCost(method.pairs, teachers),
  targets: (method) => ({ temperature: method.temperature, standardize: false }),
  teacherLayers: (method, index) => teacherExtractions(attentionMatrixTerms(method.loss), method.pairs, index),
  objective: (method, input) =>
    layerObjective(input, {
      pairs: method.pairs,
      kind: attentionMatrixTerms(method.loss),
      logitLoss: (z, batch) => hintonLoss(z, batch, alphaWeights(method.temperature, method.alpha)),
    }),
  sweep: {
    temperature: { set: (method, temperature) => ({ ...method, temperature }) },
    alpha: { set: (method, alpha) => ({ ...method, alpha }) },
  },
});

/** attentionMatrixLoss per pair, between attention layers over the same tokens. */
export function attentionMatrixTerms(loss: AttentionMatrixLoss): LayerTermKind {
  return {
    extraction: (pair) => ({ layer: pair.teacher }),
    build(pair, { student, teacher }) {
      checkAttentionShapes(student.shape, teacher.shape, pair.student, pair.teacher);
      const notAttention = [
        ['student', student] as const,
        // A precomputed teacher layer was read from the model by name when it was stored; its class is not at hand here.
        ...(teacher.precomputed ? [] : [['teacher', teacher] as const]),
      ].find(([, side]) => side.className !== AttentionScores.className);
      if (notAttention) {
        const [role, side] = notAttention;
        throw new LayerPairError(
          'incompatible_layers',
          `attention-matrix distillation reads attention probabilities; ${role} layer '${side.name}' is a ${side.className}: pair transformer layers 'block<i>/attention'`,
        );
      }
      return { target: (t) => t, loss: (s, t) => attentionMatrixLoss(s, t, loss), variables: [], dispose: () => undefined };
    },
  };
}

const rules: LayerPairRules = {
  checkStudent(architecture) {
    if (architecture.kind === 'transformer') return;
    throw new DistilleryError(
      'unsupported_architecture',
      `attention-matrix distillation compares transformer attention probabilities, and a ${architecture.kind} student has none: use a transformer student, or method.kind "features"`,
      '/student/architecture/kind',
    );
  },
  checkStudentLayer(layer, layers, at) {
    if (layer.attention) return;
    throw new DistilleryError(
      'unsupported_architecture',
      `student layer '${layer.name}' is not an attention layer; attention-matrix distillation pairs block attention probabilities: ${describeLayerList(layers.filter((l) => l.attention))}`,
      at,
    );
  },
  // [heads, tokens, tokens]: head counts may differ (both sides are averaged over heads), token counts may not.
  checkShapes(both, teacherShape, student, at) {
    if (teacherShape.length === 3 && teacherShape[1] === teacherShape[2] && teacherShape[1] === student.shape[1]) return;
    throw new DistilleryError(
      'incompatible_model',
      `attention-matrix distillation compares attention probabilities over the same tokens; ${both}: pair a teacher attention layer with as many tokens (same sequence length, same patch size)`,
      `${at}/teacher`,
    );
  },
};
