import { Type, type Static } from 'typebox';

/** The temperature of a logit term, the same field in every method built on Hinton's loss. */
export const temperatureOption = (description = 'Temperature of the logit term.') =>
  Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 4, description }));

/** The weight of the soft term of Hinton's loss, the same field in every method built on it. */
export const alphaOption = (description = 'Weight of the soft (teacher) term; 1 - alpha weights the hard-label term.') =>
  Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0.9, description }));

/**
 * Logit standardization (Sun et al., CVPR 2024): z-score each logit vector,
 * the teachers' and the student's, before the temperature, so the student
 * matches the teachers' relations between classes rather than the range of
 * their logits. An option of the methods whose soft term compares logits.
 */
export const standardizeOption = () =>
  Type.Optional(
    Type.Boolean({
      default: false,
      description: "Logit standardization: z-score every logit vector (teachers' and student's) before the temperature, in the soft term only.",
    }),
  );

/** Logit distillation (Hinton et al. 2015): the student matches the teachers' tempered probabilities. */
export const LogitsMethod = Type.Object(
  {
    kind: Type.Literal('logits'),
    temperature: temperatureOption(),
    alpha: alphaOption(),
    standardize: standardizeOption(),
  },
  { additionalProperties: false },
);
export type LogitsMethod = Static<typeof LogitsMethod>;
export type ResolvedLogitsMethod = Required<LogitsMethod>;

export const LOGITS_DEFAULTS: ResolvedLogitsMethod = { kind: 'logits', temperature: 4, alpha: 0.9, standardize: false };
