import { License, TimeoutSeconds } from '@distillery/contracts';
import { environmentIds } from '@distillery/kd';
import { Type, type Static } from 'typebox';

/** One literal per registered environment; typed as a string, since the list is only known at run time. */
export const EnvironmentId = Type.Unsafe<string>(
  Type.Union(
    environmentIds.map((id) => Type.Literal(id)),
    { description: 'An environment the service ships (GET /v1/environments).' },
  ),
);

export const POLICY_TRAINING_DEFAULTS = { hidden: [64, 64], maxSteps: 300_000, learningRate: 0.001, seed: 1, episodes: 10, consecutive: 2 };

/** PPO's budget and the rule that stops it early: a stable greedy return, not one lucky episode. */
export const PolicyTraining = Type.Object(
  {
    maxSteps: Type.Optional(Type.Integer({ minimum: 1024, maximum: 2_000_000, default: POLICY_TRAINING_DEFAULTS.maxSteps, description: 'Environment steps of training at most.' })),
    learningRate: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, default: POLICY_TRAINING_DEFAULTS.learningRate })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: POLICY_TRAINING_DEFAULTS.seed })),
    stopping: Type.Optional(
      Type.Object(
        {
          target: Type.Optional(Type.Number({ description: "Greedy mean return to reach; the environment's rewardThreshold by default." })),
          episodes: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: POLICY_TRAINING_DEFAULTS.episodes, description: 'Fixed seeded evaluation episodes the mean is taken over.' })),
          consecutive: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: POLICY_TRAINING_DEFAULTS.consecutive, description: 'Evaluations in a row that must reach the target.' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PolicyTraining = Static<typeof PolicyTraining>;

/** Trains a teacher agent in one of the service's environments with PPO: a policy from observations to action logits. */
export const TrainPolicyJobRequest = Type.Object(
  {
    type: Type.Literal('train-policy'),
    environment: EnvironmentId,
    model: Type.Optional(
      Type.Object(
        {
          hidden: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 1024 }), { minItems: 1, maxItems: 4, default: POLICY_TRAINING_DEFAULTS.hidden, description: 'Hidden widths of the policy (tanh), and of its value network.' })),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          license: Type.Optional(License),
        },
        { additionalProperties: false },
      ),
    ),
    training: Type.Optional(PolicyTraining),
    timeoutSeconds: Type.Optional(TimeoutSeconds),
  },
  { additionalProperties: false, $id: 'TrainPolicyJobRequest' },
);
export type TrainPolicyJobRequest = Static<typeof TrainPolicyJobRequest>;

/** Greedy returns over the fixed seeded evaluation episodes. */
export const EpisodeReturns = Type.Object({ mean: Type.Number(), min: Type.Number(), max: Type.Number(), episodes: Type.Integer() });

/** What a policy job reports in `result.metrics.policy`. */
export const PolicyMetrics = Type.Object(
  {
    environment: Type.String(),
    greedyReturn: EpisodeReturns,
    environmentSteps: Type.Integer({ description: 'Steps of training in the environment (evaluation episodes not counted).' }),
    solved: Type.Boolean({ description: 'Whether the stopping rule was met before maxSteps.' }),
    evaluations: Type.Array(Type.Object({ steps: Type.Integer(), mean: Type.Number(), min: Type.Number(), max: Type.Number() })),
  },
  { $id: 'PolicyMetrics' },
);
export type PolicyMetrics = Static<typeof PolicyMetrics>;

/** A train-policy request's options with every default filled in (the stopping target stays open: the environment's threshold). */
export function policyTrainingWithDefaults(request: TrainPolicyJobRequest) {
  const d = POLICY_TRAINING_DEFAULTS;
  const training = request.training ?? {};
  return {
    hidden: request.model?.hidden ?? d.hidden,
    maxSteps: training.maxSteps ?? d.maxSteps,
    learningRate: training.learningRate ?? d.learningRate,
    seed: training.seed ?? d.seed,
    stopping: { target: training.stopping?.target, episodes: training.stopping?.episodes ?? d.episodes, consecutive: training.stopping?.consecutive ?? d.consecutive },
  };
}
