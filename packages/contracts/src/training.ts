import { Type, type Static } from 'typebox';
import { Architecture } from './architecture.ts';
import { License } from './models.ts';

const weightDecay = (fallback: number, description: string) =>
  Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: fallback, description }));

/**
 * The optimizer of every training run of a job. Weight decay applies to every
 * trained variable, biases included (as PyTorch does when given a model's
 * parameters whole).
 */
export const Optimizer = Type.Union(
  [
    Type.Object(
      {
        kind: Type.Literal('adam'),
        weightDecay: weightDecay(0, 'L2 penalty added to the gradient before the moments (PyTorch Adam weight_decay).'),
      },
      { additionalProperties: false, description: 'Adam (Kingma & Ba 2015), beta1 0.9, beta2 0.999.' },
    ),
    Type.Object(
      {
        kind: Type.Literal('adamw'),
        weightDecay: weightDecay(0.01, 'Decoupled decay: each step also multiplies the weights by 1 - learningRate * weightDecay (PyTorch AdamW).'),
      },
      { additionalProperties: false, description: 'Adam with decoupled weight decay (Loshchilov & Hutter 2019).' },
    ),
    Type.Object(
      {
        kind: Type.Literal('sgd'),
        momentum: Type.Optional(Type.Number({ minimum: 0, maximum: 0.999, default: 0.9, description: 'v = momentum * v + g; 0 is plain SGD.' })),
        nesterov: Type.Optional(Type.Boolean({ default: false, description: "Nesterov's momentum." })),
        weightDecay: weightDecay(0, 'L2 penalty added to the gradient (PyTorch SGD weight_decay).'),
      },
      { additionalProperties: false, description: 'Stochastic gradient descent with momentum.' },
    ),
  ],
  { description: 'Default: {"kind": "adam"}.' },
);
export type Optimizer = Static<typeof Optimizer>;
export type ResolvedOptimizer =
  | { kind: 'adam'; weightDecay: number }
  | { kind: 'adamw'; weightDecay: number }
  | { kind: 'sgd'; weightDecay: number; momentum: number; nesterov: boolean };

/**
 * DP-SGD (Abadi et al. 2016): each example's gradient clipped to `clipNorm`
 * (global L2 over every weight), their sum given Gaussian noise of std
 * `noiseMultiplier` × `clipNorm`, then averaged over the batch. ε at `delta`
 * comes from the RDP accountant of the subsampled Gaussian mechanism with
 * sampling rate batchSize / examples.
 */
export const DpSgdConfig = Type.Object(
  {
    clipNorm: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    noiseMultiplier: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    delta: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 0.01, default: 1e-5 })),
  },
  { additionalProperties: false },
);
export type DpSgdConfig = Static<typeof DpSgdConfig>;

export const TrainingConfig = Type.Object(
  {
    epochs: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 5 })),
    batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 8192, default: 128 })),
    learningRate: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10, default: 0.001 })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, default: 1 })),
    optimizer: Type.Optional(Optimizer),
    privacy: Type.Optional(DpSgdConfig),
  },
  { additionalProperties: false },
);
export type TrainingConfig = Static<typeof TrainingConfig>;
export type ResolvedTraining = Required<Omit<TrainingConfig, 'optimizer' | 'privacy'>> & { optimizer: ResolvedOptimizer; privacy?: DpSgdConfig };

/** Defaults for a job's `training`; the README documents the same values. */
export const TRAINING_DEFAULTS: ResolvedTraining = { epochs: 5, batchSize: 128, learningRate: 0.001, seed: 1, optimizer: { kind: 'adam', weightDecay: 0 } };

export function optimizerWithDefaults(optimizer: Optimizer | undefined): ResolvedOptimizer {
  if (!optimizer || optimizer.kind === 'adam') return { kind: 'adam', weightDecay: optimizer?.weightDecay ?? 0 };
  if (optimizer.kind === 'adamw') return { kind: 'adamw', weightDecay: optimizer.weightDecay ?? 0.01 };
  return { kind: 'sgd', weightDecay: optimizer.weightDecay ?? 0, momentum: optimizer.momentum ?? 0.9, nesterov: optimizer.nesterov ?? false };
}

export function withDefaults(training: TrainingConfig | undefined): ResolvedTraining {
  return { ...TRAINING_DEFAULTS, ...training, optimizer: optimizerWithDefaults(training?.optimizer) };
}

/** A deadline for the whole job, subjobs included, counted from when it first starts running. */
export const TimeoutSeconds = Type.Integer({
  minimum: 1,
  maximum: 7 * 24 * 3600,
  description: 'Fail the job with job_timeout if it has not finished this many seconds after it started running.',
});

/** A model a job trains: its architecture, and the name and licence its record gets. */
export const ModelSpec = Type.Object(
  {
    architecture: Architecture,
    name: Type.Optional(Type.String({ maxLength: 200 })),
    license: Type.Optional(License),
  },
  { additionalProperties: false },
);
export type ModelSpec = Static<typeof ModelSpec>;
