import * as tf from '@tensorflow/tfjs';
import { DistilleryError } from '@distillery/contracts';
import { alphaWeights, hintonLoss } from '../logits/loss.ts';
import { layerObjective } from '../layer-terms/objective.ts';
import {
  checkLayerPairs,
  isFeatureMap,
  refuseAttentionLayer,
  resolvePairs,
  teachersInStepCost,
  type LayerPairRules,
} from '../layer-terms/pairs.ts';
import { teacherExtractions, type LayerTerm, type LayerTermKind } from '../layer-terms/terms.ts';
import { defineMethod } from '../method.ts';
import { buildAdapter, type FeatureAdapter } from './adapters.ts';
import { FEATURES_DEFAULTS, FeaturesMethod, type ResolvedFeaturesMethod } from './contract.ts';
import { featureLoss, type FeatureLossKind } from './loss.ts';

/**
 * Feature distillation (FitNets, Romero et al. 2015): the logit term plus a
 * distance between paired layers, through a learned adapter where the shapes
 * differ; optionally a hint stage first.
 */
export const features = defineMethod({
  kind: 'features',
  schema: FeaturesMethod,
  resolve: (method): ResolvedFeaturesMethod => ({ ...FEATURES_DEFAULTS, ...method, pairs: resolvePairs(method.pairs) }),
  check: (method, job) => checkLayerPairs('features', rules, method.pairs, job),
  teacherStepCost: (method, teachers) => teachersInStepCost(method.pairs, teachers),
  targets: (method) => ({ temperature: method.temperature, standardize: false }),
  teacherLayers: (method, index) => teacherExtractions(featureTerms(method.loss, method.adapterKernelSize), method.pairs, index),
  extraEpochs: (method) => method.hintEpochs,
  objective: (method, input) =>
    layerObjective(input, {
      pairs: method.pairs,
      kind: featureTerms(method.loss, method.adapterKernelSize),
      logitLoss: (z, batch) => hintonLoss(z, batch, alphaWeights(method.temperature, method.alpha)),
      hintEpochs: method.hintEpochs,
      keepTermsAfterHints: method.keepTermsAfterHints,
    }),
  sweep: {
    temperature: { set: (method, temperature) => ({ ...method, temperature }) },
    alpha: { set: (method, alpha) => ({ ...method, alpha }) },
  },
});

/** featureLoss(adapter(student), teacher) per pair; no adapter where the shapes already agree. */
function featureTerms(loss: FeatureLossKind, adapterKernelSize: 1 | 3): LayerTermKind {
  return {
    extraction: (pair) => ({ layer: pair.teacher }),
    build(_pair, { student, teacher }, seed): LayerTerm {
      if (tf.util.arraysEqual(student.shape, teacher.shape)) {
        return { target: (t) => t, loss: (s, t) => featureLoss(s, t, loss), variables: [], dispose: () => undefined };
      }
      const adapter: FeatureAdapter = buildAdapter(student.shape, teacher.shape, seed, { kernelSize: adapterKernelSize });
      return {
        target: (t) => adapter.target(t),
        loss: (s, t) => featureLoss(adapter.apply(s), t, loss),
        variables: adapter.variables,
        dispose: () => adapter.dispose(),
      };
    },
  };
}

const rules: LayerPairRules = {
  checkStudentLayer: (layer, layers, at) => refuseAttentionLayer('features', layer, layers, at),
  // Same shape: compared as they are; two vectors: a dense adapter; two maps: pooling and a 1x1 convolution.
  checkShapes(both, teacherShape, student, at) {
    if (teacherShape.length !== student.shape.length || (teacherShape.length !== 1 && !isFeatureMap(teacherShape))) {
      throw new DistilleryError(
        'incompatible_model',
        `cannot pair these layers: ${both}. Pair vectors (flatten, dense) with vectors and feature maps [height, width, channels] (conv, pool) with feature maps`,
        at,
      );
    }
  },
};
