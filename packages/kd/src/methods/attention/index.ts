import type * as tf from '@tensorflow/tfjs';
import { DistilleryError } from '@distillery/contracts';
import { LayerPairError } from '../../teachers/layers.ts';
import { alphaWeights, hintonLoss } from '../logits/loss.ts';
import { attentionEnergy } from '../layer-terms/extractions.ts';
import { layerObjective } from '../layer-terms/objective.ts';
import {
  checkLayerPairs,
  describeLayerList,
  isFeatureMap,
  resolvePairs,
  teachersInStepCost,
  type LayerPairRules,
} from '../layer-terms/pairs.ts';
import { teacherExtractions, type LayerTermKind } from '../layer-terms/terms.ts';
import { defineMethod } from '../method.ts';
import { ATTENTION_DEFAULTS, AttentionMethod, type ResolvedAttentionMethod } from './contract.ts';
import { attentionTransferFromEnergies, type AttentionOptions } from './loss.ts';

/**
 * Attention transfer (Zagoruyko & Komodakis, ICLR 2017) between CNN feature
 * maps, added to the logit term. Teachers keep only their attention energies
 * mean_c |A_c|^p, so a precomputed map costs h*w numbers per sample.
 */
export const attention = defineMethod({
  kind: 'attention',
  schema: AttentionMethod,
  resolve: (method): ResolvedAttentionMethod => ({ ...ATTENTION_DEFAULTS, ...method, pairs: resolvePairs(method.pairs) }),
  check: (method, job) => checkLayerPairs('attention', rules, method.pairs, job),
  teacherStepCost: (method, teachers) => teachersInStepCost(method.pairs, teachers),
  targets: (method) => ({ temperature: method.temperature, standardize: false }),
  teacherLayers: (method, index) => teacherExtractions(termsOf(method), method.pairs, index),
  objective: (method, input) =>
    layerObjective(input, {
      pairs: method.pairs,
      kind: termsOf(method),
      logitLoss: (z, batch) => hintonLoss(z, batch, alphaWeights(method.temperature, method.alpha)),
    }),
  sweep: {
    temperature: { set: (method, temperature) => ({ ...method, temperature }) },
    alpha: { set: (method, alpha) => ({ ...method, alpha }) },
  },
});

const termsOf = (method: ResolvedAttentionMethod) =>
  attentionTerms({ p: method.p, variant: method.variant, ...(method.beta !== undefined ? { beta: method.beta } : {}) });

/** The teacher side is its attention energies (extracted on the fly or precomputed); the student's are taken in the step. */
function attentionTerms(options: Required<Pick<AttentionOptions, 'p'>> & AttentionOptions): LayerTermKind {
  return {
    extraction: (pair) => ({ layer: pair.teacher, attentionP: options.p }),
    build(pair, { student, teacher }) {
      const teacherIsMap = teacher.precomputed ? teacher.shape.length === 2 : isFeatureMap(teacher.shape);
      if (!isFeatureMap(student.shape) || !teacherIsMap) {
        throw new LayerPairError(
          'incompatible_layers',
          `attention transfer compares feature maps [height, width, channels]; student '${pair.student}' outputs [${student.shape.join(',')}], ` +
            `teacher '${pair.teacher}' [${teacher.shape.join(',')}]: pair conv or pool layers`,
        );
      }
      return {
        target: (energies) => energies,
        loss: (s, energies) => attentionTransferFromEnergies(attentionEnergy(s as tf.Tensor4D, options.p), energies as tf.Tensor3D, options),
        variables: [],
        dispose: () => undefined,
      };
    },
  };
}

const rules: LayerPairRules = {
  checkStudent(architecture) {
    if (architecture.kind === 'cnn') return;
    throw new DistilleryError(
      'unsupported_architecture',
      `attention transfer compares feature maps [height, width, channels], and an ${architecture.kind} student has none: use a cnn student, or method.kind "features"`,
      '/student/architecture/kind',
    );
  },
  checkStudentLayer(layer, layers, at) {
    if (isFeatureMap(layer.shape)) return;
    throw new DistilleryError(
      'unsupported_architecture',
      `student layer '${layer.name}' outputs [${layer.shape.join(',')}]; attention transfer needs a feature map [height, width, channels]: ` +
        `pair a conv or pool layer (${describeLayerList(layers.filter((l) => isFeatureMap(l.shape)))})`,
      at,
    );
  },
  checkShapes(both, teacherShape, _student, at) {
    if (isFeatureMap(teacherShape)) return;
    throw new DistilleryError('incompatible_model', `attention transfer compares feature maps [height, width, channels]; ${both}: pair conv or pool layers`, `${at}/teacher`);
  },
};
