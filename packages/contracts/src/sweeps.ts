import { Type, type Static } from 'typebox';
import { Id, JobErrorInfo, TenantId } from './common.ts';
import { DistillJobRequest, JobStatus, Progress, Stage, TimeoutSeconds } from './jobs.ts';

/**
 * Hyperparameter sweeps over a distill job: one flow in which the teachers
 * run once, then one student training per trial fans out across the workers,
 * and the trials are ranked on a validation slice of the labelled training
 * split (never the test split).
 */

/** At most this many trials in one sweep: each is a full student training. */
export const MAX_SWEEP_TRIALS = 64;

const temperature = Type.Number({ exclusiveMinimum: 0, maximum: 100 });
const alpha = Type.Number({ minimum: 0, maximum: 1 });
const learningRate = Type.Number({ exclusiveMinimum: 0, maximum: 10 });
const width = Type.Number({ minimum: 0.01, maximum: 16 });

const PARAMETER_DESCRIPTIONS = {
  temperature: 'Temperature of the logit term (method.temperature).',
  alpha: 'Weight of the soft term (method.alpha).',
  learningRate: 'Adam learning rate (training.learningRate).',
  width: "Multiplier of every layer width of the base student (mlp hidden; cnn filters and dense), rounded, at least 1: 0.5 halves the student, 2 doubles it.",
} as const;

/** One trial's values; a parameter the sweep does not vary keeps the base request's value (width 1). */
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

export const SweepRequest = Type.Object(
  {
    // A distill job request (method "logits", no baseline, no timeoutSeconds): every trial is this job with its own values.
    base: DistillJobRequest,
    grid: Type.Optional(SweepGrid),
    random: Type.Optional(SweepRandom),
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
      '`base` is a distill job request (method "logits", no baseline, no timeoutSeconds): every trial is that job with its own values, and its validation.fraction sets the validation slice the trials are ranked on. Give exactly one of `grid` and `random`.',
  },
);
export type SweepRequest = Static<typeof SweepRequest>;

/** One row of the sweep's table. */
export const SweepTrial = Type.Object(
  {
    index: Type.Integer({ minimum: 0 }),
    params: SweepParams,
    status: Type.With(JobStatus, { description: "failed: this trial diverged or ran out of memory (see error); the sweep ranks the others." }),
    rank: Type.Optional(Type.Integer({ minimum: 1, description: '1 is the best; absent until the sweep has ranked its trials, and for failed ones.' })),
    model: Type.Optional(Type.With(Id, { description: "The trial's student; only the best trial's is kept." })),
    validationAccuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    validationLoss: Type.Optional(Type.Number({ description: 'Mean cross-entropy on the validation slice.' })),
    testAccuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'On the test split, reported only: never used to rank.' })),
    trainLoss: Type.Optional(Type.Number({ description: 'Training loss of the last epoch.' })),
    parameters: Type.Optional(Type.Integer()),
    epochs: Type.Optional(Type.Integer()),
    seconds: Type.Optional(Type.Number({ description: 'Wall time of the trial on its worker.' })),
    worker: Type.Optional(Type.String({ description: 'The worker that ran it.' })),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() }, { description: 'Why this trial failed (training_diverged, out_of_memory).' })),
  },
  { description: 'One trial: its values, status and scores.' },
);
export type SweepTrial = Static<typeof SweepTrial>;

/** What a trial reports when it ends (its BullMQ return value and its row's fields). */
export type TrialOutcome = Partial<Omit<SweepTrial, 'index' | 'params' | 'status' | 'rank' | 'model'>>;

export const SweepResult = Type.Object(
  {
    model: Type.With(Id, { description: "The best trial's student." }),
    objective: Type.Literal('validationAccuracy'),
    validation: Type.Object(
      {
        dataset: Id,
        split: Type.Literal('train'),
        fraction: Type.Number(),
        rows: Type.Integer(),
        seed: Type.Integer(),
      },
      { description: "The rows the trials were ranked on: a slice of the dataset's labelled training split drawn with the seed (the one the teachers are evaluated on), held out of every trial's training." },
    ),
    best: SweepTrial,
    table: Type.Array(SweepTrial, { description: 'Every trial, best first; failed ones last, without a rank.' }),
    teachers: Type.Array(
      Type.Object({
        model: Id,
        testAccuracy: Type.Number(),
        cached: Type.Boolean({ description: 'Its logits came from the cache: no inference ran.' }),
        used: Type.Boolean({ description: 'In the aggregation (false: dropped by the quality gate).' }),
      }),
      { description: 'The teacher stage, run once for every trial.' },
    ),
    warnings: Type.Optional(
      Type.Array(Type.Object({ code: Type.String(), model: Type.Optional(Id), message: Type.String() }), {
        description: 'As for a distill job: a teacher whose licence does not say whether it may be distilled.',
      }),
    ),
    wallSeconds: Type.Number(),
    backend: Type.String(),
  },
  { $id: 'SweepResult' },
);
export type SweepResult = Static<typeof SweepResult>;

export const Sweep = Type.Object(
  {
    id: Id,
    tenant: TenantId,
    status: JobStatus,
    request: SweepRequest,
    progress: Type.Optional(Progress),
    stages: Type.Array(Stage, { description: 'teacher:<i>, aggregate, targets (soft targets at each trial temperature, then the fan-out), trial:<k>, rank.' }),
    trials: Type.Array(SweepTrial, { description: 'The table as it fills, by trial index.' }),
    result: Type.Optional(SweepResult),
    error: Type.Optional(JobErrorInfo),
    createdAt: Type.String({ format: 'date-time' }),
    startedAt: Type.Optional(Type.String()),
    finishedAt: Type.Optional(Type.String()),
  },
  { $id: 'Sweep' },
);
export type Sweep = Static<typeof Sweep>;

/** A planned trial: its values and the distill request they make of the base. */
export const SweepTrialPlan = Type.Object({ params: SweepParams, request: DistillJobRequest });
export type SweepTrialPlan = Static<typeof SweepTrialPlan>;

/** The sweep's BullMQ parent: first pass (no step) prepares targets and fans the trials out; `rank` ranks them. */
export const SweepData = Type.Object({
  jobId: Id,
  trials: Type.Array(SweepTrialPlan, { minItems: 1, maxItems: MAX_SWEEP_TRIALS }),
  step: Type.Optional(Type.Literal('rank')),
});
export type SweepData = Static<typeof SweepData>;

export const SweepTrialData = Type.Object({
  /** The sweep's id: every subjob of the sweep carries it, as a distill job's carry the job's. */
  jobId: Id,
  index: Type.Integer({ minimum: 0 }),
  params: SweepParams,
  request: DistillJobRequest,
  /** Aggregated teacher probabilities at this trial's temperature on the transfer set, [N, C] float32 NPY. */
  softTargets: Type.String({ minLength: 1, maxLength: 512 }),
  /** The teachers in the aggregation (for the student's lineage). */
  teachers: Type.Array(Id),
  validation: Type.Object({ fraction: Type.Number({ exclusiveMinimum: 0, maximum: 1 }), seed: Type.Integer({ minimum: 0 }) }),
});
export type SweepTrialData = Static<typeof SweepTrialData>;
