import { Id, License, TimeoutSeconds } from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { EnvironmentId, EpisodeReturns } from '../train-policy/request.ts';

export const POLICY_DISTILLATION_DEFAULTS = { loss: 'kl', states: 2000, exploration: 0.1, hidden: [32], epochs: 30, batchSize: 64, learningRate: 0.003, seed: 1 } as const;

/** How the student learns the teacher's action scores (Rusu et al. 2015), and where its states come from. */
export const PolicyMethod = Type.Object(
  {
    kind: Type.Literal('policy'),
    loss: Type.Optional(
      Type.Union([Type.Literal('kl'), Type.Literal('nll'), Type.Literal('mse')], {
        default: POLICY_DISTILLATION_DEFAULTS.loss,
        description: "kl: KL(softmax(teacher / temperature) ‖ softmax(student)); nll: the cross-entropy of the teacher's best action; mse: the squared difference of the scores.",
      }),
    ),
    temperature: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'kl only; 1 for a logits teacher, 0.01 for Q-values by default (Rusu et al. sharpen Q-values).' })),
    states: Type.Optional(Type.Integer({ minimum: 100, maximum: 100_000, default: POLICY_DISTILLATION_DEFAULTS.states, description: "Environment steps of the teacher's rollouts: the states it labels." })),
    exploration: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: POLICY_DISTILLATION_DEFAULTS.exploration, description: 'How often the teacher acts at random while collecting, so its states include recoveries.' })),
    dagger: Type.Optional(
      Type.Object(
        {
          rounds: Type.Integer({ minimum: 1, maximum: 10 }),
          states: Type.Integer({ minimum: 100, maximum: 100_000, description: 'Student steps per round; the teacher labels every state visited.' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PolicyMethod = Static<typeof PolicyMethod>;

/** Distils a policy teacher into a smaller policy in the teacher's environment. */
export const DistillPolicyJobRequest = Type.Object(
  {
    type: Type.Literal('distill-policy'),
    environment: EnvironmentId,
    teachers: Type.Array(Type.Object({ model: Id }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 1,
      description: 'The teacher policy: a model from observations to action logits (a train-policy job makes one). One for now.',
    }),
    student: Type.Optional(
      Type.Object(
        {
          hidden: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 1024 }), { minItems: 1, maxItems: 4, default: POLICY_DISTILLATION_DEFAULTS.hidden, description: "Hidden widths of the student's tanh MLP." })),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          license: Type.Optional(License),
        },
        { additionalProperties: false },
      ),
    ),
    method: Type.Optional(PolicyMethod),
    training: Type.Optional(
      Type.Object(
        {
          epochs: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: POLICY_DISTILLATION_DEFAULTS.epochs, description: 'Passes over the collected states, per fit (the first, then each DAgger round).' })),
          batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096, default: POLICY_DISTILLATION_DEFAULTS.batchSize })),
          learningRate: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, default: POLICY_DISTILLATION_DEFAULTS.learningRate })),
          seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: POLICY_DISTILLATION_DEFAULTS.seed })),
        },
        { additionalProperties: false },
      ),
    ),
    baseline: Type.Optional(Type.Boolean({ description: 'Also train the same student by PPO for as many environment steps as the distillation used.' })),
    timeoutSeconds: Type.Optional(TimeoutSeconds),
  },
  { additionalProperties: false, $id: 'DistillPolicyJobRequest' },
);
export type DistillPolicyJobRequest = Static<typeof DistillPolicyJobRequest>;

/** What a policy distillation reports in `result.metrics.policyDistillation`. */
export const PolicyDistillationMetrics = Type.Object(
  {
    environment: Type.String(),
    teacher: EpisodeReturns,
    student: EpisodeReturns,
    baseline: Type.Optional(Type.Intersect([EpisodeReturns, Type.Object({ environmentSteps: Type.Integer() })])),
    environmentSteps: Type.Integer({ description: "The distillation's environment steps: the teacher's rollouts and the DAgger rounds." }),
    rounds: Type.Array(Type.Object({ states: Type.Integer(), mean: Type.Number() }), { description: "The student's greedy mean return after each fit." }),
    parameterRatio: Type.Number({ description: "Teacher parameters per student parameter." }),
    latencyRatio: Type.Number({ description: "The teacher's latency per observation over the student's (batches of 64)." }),
  },
  { $id: 'PolicyDistillationMetrics' },
);
export type PolicyDistillationMetrics = Static<typeof PolicyDistillationMetrics>;

/** A distill-policy request's options with every default filled in (the temperature stays open: it follows the teacher's output). */
export function policyDistillationWithDefaults(request: DistillPolicyJobRequest) {
  const d = POLICY_DISTILLATION_DEFAULTS;
  const method = request.method ?? { kind: 'policy' as const };
  const training = request.training ?? {};
  return {
    hidden: request.student?.hidden ?? [...d.hidden],
    method: { kind: 'policy' as const, loss: method.loss ?? d.loss, states: method.states ?? d.states, exploration: method.exploration ?? d.exploration, ...(method.temperature !== undefined ? { temperature: method.temperature } : {}), ...(method.dagger ? { dagger: method.dagger } : {}) },
    epochs: training.epochs ?? d.epochs,
    batchSize: training.batchSize ?? d.batchSize,
    learningRate: training.learningRate ?? d.learningRate,
    seed: training.seed ?? d.seed,
  };
}
