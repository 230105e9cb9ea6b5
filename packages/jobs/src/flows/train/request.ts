import { Id, ModelSpec, TimeoutSeconds, TrainingConfig } from '@distillery/contracts';
import { Type, type Static } from 'typebox';

/** Trains a model from scratch on a labelled dataset (typically a teacher). */
export const TrainJobRequest = Type.Object(
  {
    type: Type.Literal('train'),
    dataset: Id,
    model: ModelSpec,
    training: Type.Optional(TrainingConfig),
    timeoutSeconds: Type.Optional(TimeoutSeconds),
  },
  { additionalProperties: false, $id: 'TrainJobRequest' },
);
export type TrainJobRequest = Static<typeof TrainJobRequest>;
