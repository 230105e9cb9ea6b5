import { TimeoutSeconds } from '@distillery/contracts';
import { MethodRequest } from '@distillery/kd';
import { Type, type Static } from 'typebox';
import { DistillJobRequest } from '../distill/request.ts';

/**
 * Sweeps over a distill job: one flow in which the teachers run once, then
 * one student training per trial fans out across the workers, and the trials
 * are ranked on a validation slice of the labelled training split (never the
 * test split). A sweep tunes the base job's values (a grid or random draws),
 * or compares distillation methods over several seeds, with the baseline.
 */

/** At most this many trials in one sweep: each is a full student training. */
export const MAX_SWEEP_TRIALS = 64;

const temperature = Type.Number({ exclusiveMinimum: 0, maximum: 100 });
const alpha = Type.Number({ minimum: 0, maximum: 1 });
const learningRate = Type.Number({ exclusiveMinimum: 0, maximum: 10 });
const width = Type.Number({ minimum: 0.01, maximum: 16 });

const PARAMETER_DESCRIPTIONS = {
  temperature: 'Temperature of the logit term (method.temperature); the base method must take one.',
  alpha: 'Weight of the soft term (method.alpha); the base method must take one.',
  learningRate: 'Adam learning rate (training.learningRate).',
  width: "Multiplier of every layer width of the base student (mlp hidden; cnn filters and dense), rounded, at least 1: 0.5 halves the student, 2 doubles it.",
} as const;

/** One trial's values; a parameter the sweep does not vary keeps the base request's value (width 1; 0 where the method has no such value). */
export const SweepParams = Type.Object(
  {
    temperature: Type.Number({ description: PARAMETER_DESCRIPTIONS.temperature }),
    alpha: Type.Number({ description: PARAMETER_DESCRIPTIONS.alpha }),
    learningRate: Type.Number({ description: PARAMETER_DESCRIPTIONS.learningRate }),
    width: Type.Number({ description: PARAMETER_DESCRIPTIONS.width }),
  },
  // No $id (nor on SweepTrial): a sweep holds many trials, and one schema may name an $id only once.
  { description: "One trial's values." },
);
export type SweepParams = Static<typeof SweepParams>;
export type SweepParameter = keyof SweepParams;
export const SWEEP_PARAMETERS: SweepParameter[] = ['temperature', 'alpha', 'learningRate', 'width'];

const values = <T extends typeof temperature>(value: T, name: SweepParameter) =>
  Type.Optional(Type.Array(value, { minItems: 1, maxItems: MAX_SWEEP_TRIALS, description: `Values of ${name}: ${PARAMETER_DESCRIPTIONS[name]}` }));

/** Every combination of the listed values (the cartesian product). */
export const SweepGrid = Type.Object(
  {
    temperature: values(temperature, 'temperature'),
    alpha: values(alpha, 'alpha'),
    learningRate: values(learningRate, 'learningRate'),
    width: values(width, 'width'),
  },
  { additionalProperties: false, description: 'Every combination of the listed values, temperature varying slowest.' },
);
export type SweepGrid = Static<typeof SweepGrid>;

const range = <T extends typeof temperature>(value: T, name: SweepParameter) =>
  Type.Optional(
    Type.Union(
      [
        Type.Object(
          {
            min: value,
            max: value,
            scale: Type.Optional(
              Type.Union([Type.Literal('linear'), Type.Literal('log')], { default: 'linear', description: "'log': uniform in log space (learning rates, temperatures)." }),
            ),
          },
          { additionalProperties: false },
        ),
        Type.Object({ values: Type.Array(value, { minItems: 1, maxItems: MAX_SWEEP_TRIALS }) }, { additionalProperties: false }),
      ],
      { description: `${name}: drawn uniformly from [min, max], or picked from values. ${PARAMETER_DESCRIPTIONS[name]}` },
    ),
  );

/** `trials` draws, each parameter independently, from a generator seeded with `seed`: the same request gives the same trials. */
export const SweepRandom = Type.Object(
  {
    trials: Type.Integer({ minimum: 1, maximum: MAX_SWEEP_TRIALS }),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, default: 0, description: 'Seeds the draws (not the training, which uses base.training.seed).' })),
    ranges: Type.Object(
      {
        temperature: range(temperature, 'temperature'),
        alpha: range(alpha, 'alpha'),
        learningRate: range(learningRate, 'learningRate'),
        width: range(width, 'width'),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type SweepRandom = Static<typeof SweepRandom>;

/** At most this many methods in one comparison: each trains once per seed. */
export const MAX_COMPARED_METHODS = 8;

export const SweepRequest = Type.Object(
  {
    // A distill job request (no baseline, no timeoutSeconds): every trial is this job with its own values.
    base: DistillJobRequest,
    grid: Type.Optional(SweepGrid),
    random: Type.Optional(SweepRandom),
    methods: Type.Optional(
      Type.Array(MethodRequest, {
        minItems: 1,
        maxItems: MAX_COMPARED_METHODS,
        description: "Compare these methods on the base job's teachers, student and data: each trains once per seed, on the same teacher outputs.",
      }),
    ),
    seeds: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: 2147483647 }), {
        minItems: 1,
        maxItems: 10,
        uniqueItems: true,
        description: "With methods: the training seeds every method (and the baseline) is trained with; default [base.training.seed]. The validation slice stays the base seed's.",
      }),
    ),
    // No schema default: it would be filled in for grids and random searches too, where it does not apply.
    baseline: Type.Optional(
      Type.Boolean({ description: 'With methods (default true): also train the student alone (cross-entropy on its labels, as many steps) with each seed, and rank it beside the methods.' }),
    ),
    objective: Type.Optional(
      Type.Literal('validationAccuracy', {
        default: 'validationAccuracy',
        description: "Accuracy on the validation slice of the labelled training split, held out of every trial's training; ties go to the lower validation cross-entropy, then the earlier trial.",
      }),
    ),
    timeoutSeconds: Type.Optional(TimeoutSeconds),
  },
  {
    additionalProperties: false,
    $id: 'SweepRequest',
    description:
      '`base` is a distill job request (no baseline, no timeoutSeconds): every trial is that job with its own values, and its validation.fraction sets the validation slice the trials are ranked on. Give exactly one of `grid`, `random` (values of the base method) and `methods` (a comparison of methods over seeds).',
  },
);
export type SweepRequest = Static<typeof SweepRequest>;

