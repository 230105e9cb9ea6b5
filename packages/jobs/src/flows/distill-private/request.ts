import { Architecture, Id, ModelSpec, TimeoutSeconds, TrainingConfig } from '@distillery/contracts';
import { Type, type Static } from 'typebox';

/** The smallest private partition a teacher may train on: below it a teacher is little better than chance, and so is its vote. */
export const MIN_PARTITION = 10;
export const MAX_PATE_TEACHERS = 250;

const positive = (description: string) => Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description });

/**
 * PATE (Papernot et al. 2017, 2018): `teachers.count` teachers, each trained
 * on its own disjoint partition of the private data, answer the student's
 * queries on public data with a noisy vote, until the privacy budget is spent.
 */
export const PateMethod = Type.Object(
  {
    kind: Type.Literal('pate'),
    teachers: Type.Object(
      {
        count: Type.Integer({ minimum: 2, maximum: MAX_PATE_TEACHERS, description: 'Teachers, one per disjoint partition of the private training rows.' }),
        architecture: Architecture,
        training: Type.Optional(TrainingConfig),
      },
      { additionalProperties: false },
    ),
    aggregator: Type.Union([
      Type.Object({ kind: Type.Literal('gnmax'), sigma: positive('Std of the Gaussian noise on each vote count.') }, { additionalProperties: false }),
      Type.Object(
        {
          kind: Type.Literal('confident-gnmax'),
          threshold: positive('A query is answered only when its largest count plus N(0, sigma1²) noise reaches this.'),
          sigma1: positive('Noise of the threshold check.'),
          sigma2: positive('Noise of the answer.'),
        },
        { additionalProperties: false },
      ),
    ]),
    queries: Type.Integer({ minimum: 1, maximum: 100_000, description: 'Public rows asked, in order from the first; the budget may stop the answers earlier.' }),
    delta: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 0.01, default: 1e-5 })),
    budget: Type.Object({ epsilon: positive('The most data-independent ε the answers may spend.') }, { additionalProperties: false }),
    semiSupervised: Type.Optional(
      Type.Object(
        { threshold: Type.Optional(Type.Number({ minimum: 0.5, maximum: 1, default: 0.9, description: "A public row the student classifies with at least this probability keeps the student's label." })) },
        {
          additionalProperties: false,
          description:
            "After training on the answers, the student labels the public rows the teachers never answered; those it is sure of join the answers, and a fresh student trains on both. Post-processing of the private student and public data: it spends no privacy.",
        },
      ),
    ),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: 0, description: 'Seeds the partition of the private data (the noise is drawn from a secure random source, never from a seed).' })),
  },
  { additionalProperties: false },
);
export type PateMethod = Static<typeof PateMethod>;

/**
 * Distils private data into a student that never sees it: the teachers learn
 * from the private dataset, the student only from their noisy answers on the
 * public one. Reported beside it: the same student trained on the same
 * queries with the teachers' clean votes (no privacy).
 */
export const DistillPrivateJobRequest = Type.Object(
  {
    type: Type.Literal('distill-private'),
    dataset: Type.With(Id, { description: 'The private labelled dataset; its test split scores the teachers and the students.' }),
    public: Type.Object({ dataset: Type.With(Id, { description: 'Public data of the same shape: its training rows are the queries; labels, if any, only score the answers.' }) }, { additionalProperties: false }),
    student: ModelSpec,
    training: Type.Optional(TrainingConfig),
    method: PateMethod,
    timeoutSeconds: Type.Optional(TimeoutSeconds),
  },
  { additionalProperties: false, $id: 'DistillPrivateJobRequest' },
);
export type DistillPrivateJobRequest = Static<typeof DistillPrivateJobRequest>;

const Spent = Type.Object({ epsilon: Type.Number(), order: Type.Number({ description: 'The Rényi order that gave it.' }) });

/** What a distill-private job reports in `result.metrics.privacy`. */
export const PrivateDistillationMetrics = Type.Object(
  {
    mechanism: Type.String(),
    delta: Type.Number(),
    epsilon: Type.Object(
      {
        dataIndependent: Spent,
        dataDependent: Type.Object(
          { ...Spent.properties },
          { description: "Papernot et al.'s data-dependent bound: far smaller where the teachers agree, but computed from the private votes; releasing it leaks about them unless it goes through smooth-sensitivity noise, which the service does not add. Publish dataIndependent." },
        ),
        conversion: Type.String({ description: 'RDP to (ε, δ): improved (Canonne, Kamath & Steinke 2020), at the PATE orders 2 … 100.5 by halves and 100 … 500.' }),
      },
    ),
    queries: Type.Object({
      requested: Type.Integer(),
      asked: Type.Integer({ description: 'Queries looked at before the budget stopped the answers.' }),
      answered: Type.Integer({ description: 'The student trains on these.' }),
      exhausted: Type.Boolean({ description: 'The budget stopped the answers before the requested queries ran out.' }),
    }),
    labelAccuracy: Type.Optional(Type.Object({ noisy: Type.Number(), clean: Type.Number() }, { description: 'Where the public rows have labels: how often the answered queries got the right label, noisy and without noise.' })),
    teachers: Type.Object({ count: Type.Integer(), partition: Type.Integer({ description: 'Private training rows per teacher (the smallest partition).' }), meanTestAccuracy: Type.Number(), ensembleTestAccuracy: Type.Number({ description: 'Their clean plurality vote on the private test split.' }) }),
    student: Type.Object({ testAccuracy: Type.Number() }),
    semiSupervised: Type.Optional(
      Type.Object(
        { threshold: Type.Number(), pseudoLabelled: Type.Integer({ description: 'Public rows the first student labelled with enough confidence.' }), answersOnlyTestAccuracy: Type.Number({ description: 'The first student, on the answers alone.' }) },
        { description: 'The registered student is the second one: student.testAccuracy is its accuracy.' },
      ),
    ),
    nonPrivate: Type.Object({ testAccuracy: Type.Number() }, { description: 'The same student, seed and steps, on the same queries labelled by the clean plurality vote: what privacy costs.' }),
  },
  { $id: 'PrivateDistillationMetrics' },
);
export type PrivateDistillationMetrics = Static<typeof PrivateDistillationMetrics>;
