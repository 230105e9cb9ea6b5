import type {
  AggregationStrategy,
  AggregationWeights,
  AttentionMatrixMethod,
  AttentionMethod,
  DistillJobRequest,
  DistillMethod,
  FeaturesMethod,
  GateAction,
  LayerPair,
  LogitsMethod,
  PseudoLabelMethod,
  TrainingConfig,
} from './jobs.ts';

export type ResolvedTraining = Required<TrainingConfig>;
export type ResolvedLogitsMethod = Required<LogitsMethod>;
export type ResolvedLayerPair = Required<LayerPair>;
export type ResolvedFeaturesMethod = Required<Omit<FeaturesMethod, 'pairs'>> & { pairs: ResolvedLayerPair[] };
/** `beta` stays optional: its default depends on the variant and on the size of the compared maps. */
export type ResolvedAttentionMethod = Required<Omit<AttentionMethod, 'pairs' | 'beta'>> & { pairs: ResolvedLayerPair[]; beta?: number };
/** Hard pseudo-labels come from the teachers at temperature 1; soft targets have no threshold. */
export type ResolvedAttentionMatrixMethod = Required<Omit<AttentionMatrixMethod, 'pairs'>> & { pairs: ResolvedLayerPair[] };
export type ResolvedPseudoLabelMethod =
  | { kind: 'pseudo-label'; targets: 'hard'; threshold: number; temperature: 1; labelledWeight: number; transferWeight: number }
  | { kind: 'pseudo-label'; targets: 'soft'; temperature: number; labelledWeight: number; transferWeight: number };
export type ResolvedMethod = ResolvedLogitsMethod | ResolvedFeaturesMethod | ResolvedAttentionMethod | ResolvedAttentionMatrixMethod | ResolvedPseudoLabelMethod;
/** The methods that read teachers' intermediate layers. */
export type ResolvedLayerMethod = ResolvedFeaturesMethod | ResolvedAttentionMethod | ResolvedAttentionMatrixMethod;

/** Defaults for the optional parts of a job request; the README documents the same values. */
export const TRAINING_DEFAULTS: ResolvedTraining = { epochs: 5, batchSize: 128, learningRate: 0.001, seed: 1 };
export const LOGITS_DEFAULTS: ResolvedLogitsMethod = { kind: 'logits', temperature: 4, alpha: 0.9 };
export const FEATURES_DEFAULTS: Omit<ResolvedFeaturesMethod, 'pairs'> = {
  kind: 'features',
  temperature: 4,
  alpha: 0.9,
  loss: 'mse',
  hintEpochs: 0,
  keepTermsAfterHints: false,
  adapterKernelSize: 1,
};
export const ATTENTION_DEFAULTS: Omit<ResolvedAttentionMethod, 'pairs'> = {
  kind: 'attention',
  temperature: 4,
  alpha: 0.9,
  p: 2,
  variant: 'mean-squared',
};
export const ATTENTION_MATRIX_DEFAULTS: Omit<ResolvedAttentionMatrixMethod, 'pairs'> = { kind: 'attention-matrix', temperature: 4, alpha: 0.9, loss: 'kl' };
export const LAYER_PAIR_DEFAULTS = { weight: 1, teacherIndex: 0 } as const;
export const PSEUDO_LABEL_DEFAULTS = { targets: 'hard', threshold: 0.9, temperature: 4, labelledWeight: 1, transferWeight: 1 } as const;
/** Every distill job evaluates its teachers on this share of the labelled training rows. */
export const VALIDATION_DEFAULTS = { fraction: 0.1 } as const;

export function withDefaults(training: TrainingConfig | undefined): ResolvedTraining {
  return { ...TRAINING_DEFAULTS, ...training };
}

/** The job's method with every default filled in; `logits` when the request names none. */
export function methodWithDefaults(method: FeaturesMethod): ResolvedFeaturesMethod;
export function methodWithDefaults(method: AttentionMethod): ResolvedAttentionMethod;
export function methodWithDefaults(method: AttentionMatrixMethod): ResolvedAttentionMatrixMethod;
export function methodWithDefaults(method: LogitsMethod | undefined): ResolvedLogitsMethod;
export function methodWithDefaults(method: PseudoLabelMethod): ResolvedPseudoLabelMethod;
export function methodWithDefaults(method: DistillMethod | undefined): ResolvedMethod;
export function methodWithDefaults(method: DistillMethod | undefined): ResolvedMethod {
  if (!method || method.kind === 'logits') return { ...LOGITS_DEFAULTS, ...method };
  if (method.kind === 'pseudo-label') return pseudoLabelWithDefaults(method);
  const pairs = method.pairs.map((pair) => ({ ...LAYER_PAIR_DEFAULTS, ...pair }));
  if (method.kind === 'features') return { ...FEATURES_DEFAULTS, ...method, pairs };
  if (method.kind === 'attention-matrix') return { ...ATTENTION_MATRIX_DEFAULTS, ...method, pairs };
  return { ...ATTENTION_DEFAULTS, ...method, pairs };
}

/** Whether the method reads teachers' intermediate layers (and so needs LayersModel teachers). */
export function isLayerMethod(method: ResolvedMethod): method is ResolvedLayerMethod {
  return method.kind === 'features' || method.kind === 'attention' || method.kind === 'attention-matrix';
}

function pseudoLabelWithDefaults(method: PseudoLabelMethod): ResolvedPseudoLabelMethod {
  const d = PSEUDO_LABEL_DEFAULTS;
  const weights = { labelledWeight: method.labelledWeight ?? d.labelledWeight, transferWeight: method.transferWeight ?? d.transferWeight };
  return (method.targets ?? d.targets) === 'hard'
    ? { kind: 'pseudo-label', targets: 'hard', threshold: method.threshold ?? d.threshold, temperature: 1, ...weights }
    : { kind: 'pseudo-label', targets: 'soft', temperature: method.temperature ?? d.temperature, ...weights };
}

export interface ResolvedAggregation {
  strategy: AggregationStrategy;
  weights: AggregationWeights;
}

export function aggregationWithDefaults(aggregation: DistillJobRequest['aggregation']): ResolvedAggregation {
  return { strategy: aggregation?.strategy ?? 'mean', weights: aggregation?.weights ?? 'request' };
}

/** Each teacher's gate threshold (its own `minAccuracy`, else the job's), undefined for an ungated teacher; and what a failed gate does. */
export function gateWithDefaults(request: Pick<DistillJobRequest, 'teachers' | 'teacherGate'>): { minAccuracy: (number | undefined)[]; onGateFail: GateAction } {
  return {
    minAccuracy: request.teachers.map((t) => t.minAccuracy ?? request.teacherGate?.minAccuracy),
    onGateFail: request.teacherGate?.onGateFail ?? 'drop',
  };
}

export function validationWithDefaults(validation: DistillJobRequest['validation']): { fraction: number } {
  return { fraction: validation?.fraction ?? VALIDATION_DEFAULTS.fraction };
}
