export { buildAdapter, type AdapterOptions, type FeatureAdapter } from './adapters.ts';
export { describeLayers, layerOutputModel, layerShape, LayerPairError, type LayerInfo } from './layers.ts';
export {
  attentionEnergy,
  attentionMap,
  attentionTransferFromEnergies,
  attentionTransferLoss,
  featureLoss,
  type AttentionOptions,
  type AttentionVariant,
  type FeatureLossKind,
} from './losses.ts';
export { IntermediateObjective, type IntermediateDistillation, type IntermediateMethod, type LayerPair } from './objective.ts';
export { adaptiveAvgPool, poolingMatrix } from './pooling.ts';
export { precomputeTeacherFeatures, type PrecomputedFeatures, type PrecomputedLayer } from './precompute.ts';
export { attentionMatrixLoss, checkAttentionShapes, uniformBlockMapping, type AttentionMatrixLoss } from './attention-matrix.ts';
