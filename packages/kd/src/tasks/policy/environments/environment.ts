import type { EnvironmentSpec } from '@distillery/contracts';

export type { EnvironmentSpec };

export interface StepResult {
  observation: Float32Array;
  reward: number;
  /** The episode ended in the environment (the pole fell, the goal was reached). */
  terminated: boolean;
  /** The episode was cut at maxEpisodeSteps: the state itself is not terminal. */
  truncated: boolean;
}

/**
 * A reinforcement-learning environment with discrete actions, as Gym defines
 * one: `reset(seed)` starts an episode from a seeded state, `step(action)`
 * advances it. An episode ends when the environment terminates it (the pole
 * fell, the goal was reached) or is truncated at `maxEpisodeSteps`. Plain
 * TypeScript with no TensorFlow.js; the spec's schema is in contracts
 * (`GET /v1/environments` answers with it).
 */
export interface Environment {
  readonly spec: EnvironmentSpec;
  /** Starts an episode; the same seed gives the same start. */
  reset(seed: number): Float32Array;
  step(action: number): StepResult;
}
