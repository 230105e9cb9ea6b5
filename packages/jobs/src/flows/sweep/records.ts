import { Id, JobErrorInfo, JobStatus, JobWarning, Progress, Stage, TenantId } from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { SweepParams, SweepRequest } from './request.ts';

/** In a comparison of methods: the method a trial trains ('baseline': the student alone) and its seed. */
export const TrialComparison = Type.Object(
  {
    method: Type.String({ description: "The method's label: its kind, numbered when the comparison names a kind twice; 'baseline' for the student alone." }),
    seed: Type.Integer({ description: 'The training seed of this trial.' }),
  },
  { description: 'Which method and seed this trial of a comparison trains.' },
);
export type TrialComparison = Static<typeof TrialComparison>;

/** One row of the sweep's table. */
export const SweepTrial = Type.Object(
  {
    index: Type.Integer({ minimum: 0 }),
    params: SweepParams,
    comparison: Type.Optional(TrialComparison),
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
export const TrialOutcome = Type.Partial(Type.Omit(SweepTrial, ['index', 'params', 'comparison', 'status', 'rank', 'model']));
export type TrialOutcome = Static<typeof TrialOutcome>;

const Spread = (what: string) =>
  Type.Object(
    { mean: Type.Number(), std: Type.Number({ description: 'Sample standard deviation over the seeds (0 for one seed).' }), min: Type.Number(), max: Type.Number() },
    { description: `${what} over the method's seeds.` },
  );

/** One method of a comparison, over its seeds. */
export const MethodSummary = Type.Object(
  {
    method: Type.String({ description: "Its label, as in the trials' comparison.method." }),
    kind: Type.String({ description: "method.kind, or 'baseline'." }),
    options: Type.Optional(Type.Unknown({ description: 'The method with every default filled in.' })),
    rank: Type.Integer({ minimum: 1, description: 'By mean validation accuracy (then mean validation cross-entropy); 1 is the best.' }),
    trials: Type.Integer({ description: 'Seeds that finished (a diverged trial is left out of the figures).' }),
    validationAccuracy: Spread('Validation accuracy'),
    testAccuracy: Spread('Test accuracy (reported only, never used to rank)'),
    gainOverBaseline: Type.Optional(
      Type.Object(
        { validation: Type.Number(), test: Type.Number() },
        { description: 'Mean accuracy minus the baseline\'s mean accuracy, on the same seeds.' },
      ),
    ),
    seedsWon: Type.Array(Type.Integer(), { description: 'The seeds on which this method had the highest validation accuracy of all (ties count for each).' }),
  },
  { description: 'A method of the comparison: its figures over the seeds.' },
);
export type MethodSummary = Static<typeof MethodSummary>;

export const SweepResult = Type.Object(
  {
    model: Type.With(Id, { description: "The best trial's student (in a comparison: the best seed of the best method)." }),
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
    methods: Type.Optional(Type.Array(MethodSummary, { description: 'A comparison of methods: each method over its seeds, best first.' })),
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
      Type.Array(JobWarning, { description: 'As for a distill job: a teacher whose licence does not say whether it may be distilled, a kept student no smaller than its smallest teacher.' }),
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

