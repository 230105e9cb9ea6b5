import type { LogitsMethod, TrainingConfig } from './jobs.ts';

export type ResolvedTraining = Required<TrainingConfig>;
export type ResolvedLogitsMethod = Required<LogitsMethod>;

/** Defaults for the optional parts of a job request; the README documents the same values. */
export const TRAINING_DEFAULTS: ResolvedTraining = { epochs: 5, batchSize: 128, learningRate: 0.001, seed: 1 };
export const LOGITS_DEFAULTS: ResolvedLogitsMethod = { kind: 'logits', temperature: 4, alpha: 0.9 };

export function withDefaults(training: TrainingConfig | undefined): ResolvedTraining {
  return { ...TRAINING_DEFAULTS, ...training };
}

export function methodWithDefaults(method: LogitsMethod | undefined): ResolvedLogitsMethod {
  return { ...LOGITS_DEFAULTS, ...method };
}
