export * from './aggregate.ts';
export * from './models.ts';
export * from './quality.ts';
export * from './random.ts';
export * from './train.ts';
export * from './backend/select-backend.ts';
export { registerWasmTrainingKernels } from './backend/wasm-kernels.ts';
export { AttentionScores, AttentionValues, PositionEmbedding, buildTransformer } from './transformer.ts';

export * from './tasks/task.ts';
export * from './tasks/classification/index.ts';
export * from './tasks/policy/index.ts';
export * from './tasks/graph/index.ts';
export * from './privacy/index.ts';

export * from './teachers/inference-model.ts';
export { describeLayer, describeLayers, layerOutputModel, layerShape, LayerPairError, type LayerInfo } from './teachers/layers.ts';

export * from './training/checkpoint.ts';
export * from './training/errors.ts';
export * from './training/gradients.ts';
export * from './training/loop.ts';
export * from './training/optimizers.ts';

export * from './methods/method.ts';
export * from './methods/registry.ts';
export { extract, extractedShape, type LayerExtraction } from './methods/layer-terms/extractions.ts';
export { precomputeTeacherFeatures, type PrecomputedFeatures, type PrecomputedLayer } from './methods/layer-terms/precompute.ts';
export { LayerTerms, type LayerTerm, type LayerTermKind } from './methods/layer-terms/terms.ts';
export { distillationLoss, hintonLoss, weightedDistillationLoss, type DistillationLossInputs } from './methods/logits/loss.ts';
export { hardPseudoLabels, type PseudoLabels } from './methods/pseudo-label/pseudo-labels.ts';
export type { PseudoLabelReport } from './methods/pseudo-label/contract.ts';
