import { Type, type Static } from 'typebox';

/**
 * A reinforcement-learning environment the service ships (kd's policy task
 * implements each): what `GET /v1/environments` lists and what a policy job
 * is checked against.
 */
export const EnvironmentSpec = Type.Object(
  {
    id: Type.String({ description: 'What a request names, e.g. cartpole-v1.' }),
    title: Type.String(),
    observation: Type.Object({
      size: Type.Integer({ description: 'Observations are vectors of this length.' }),
      names: Type.Array(Type.String()),
      low: Type.Array(Type.Union([Type.Number(), Type.Null()]), { description: 'Lower bound of each value; null: unbounded.' }),
      high: Type.Array(Type.Union([Type.Number(), Type.Null()]), { description: 'Upper bound of each value; null: unbounded.' }),
    }),
    actions: Type.Object({ count: Type.Integer({ description: 'Discrete actions 0..count-1.' }), names: Type.Array(Type.String()) }),
    maxEpisodeSteps: Type.Integer({ description: 'Episodes are cut after this many steps.' }),
    rewardThreshold: Type.Number({ description: 'The mean return at which Gym considers the environment solved.' }),
    source: Type.String({ description: 'Where the dynamics come from.' }),
  },
  { $id: 'Environment' },
);
export type EnvironmentSpec = Static<typeof EnvironmentSpec>;
