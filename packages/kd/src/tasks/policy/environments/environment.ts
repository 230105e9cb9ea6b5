/**
 * A reinforcement-learning environment with discrete actions, as Gym defines
 * one: `reset(seed)` starts an episode from a seeded state, `step(action)`
 * advances it. An episode ends when the environment terminates it (the pole
 * fell, the goal was reached) or is truncated at `maxEpisodeSteps`. Plain
 * TypeScript with no TensorFlow.js: the API lists environments and checks
 * requests against their spaces without loading a backend.
 */
export interface EnvironmentSpec {
  /** The id a request names, e.g. `cartpole-v1`. */
  id: string;
  title: string;
  /** Observations are vectors of this length, each value within its bounds (±Infinity: unbounded). */
  observation: { size: number; low: number[]; high: number[]; names: string[] };
  /** Discrete actions 0..actions-1. */
  actions: { count: number; names: string[] };
  /** Episodes are truncated after this many steps (Gym's TimeLimit). */
  maxEpisodeSteps: number;
  /** The mean return at which Gym considers the environment solved. */
  rewardThreshold: number;
  /** Where the dynamics come from. */
  source: string;
}

export interface StepResult {
  observation: Float32Array;
  reward: number;
  /** The episode ended in the environment (the pole fell, the goal was reached). */
  terminated: boolean;
  /** The episode was cut at maxEpisodeSteps: the state itself is not terminal. */
  truncated: boolean;
}

export interface Environment {
  readonly spec: EnvironmentSpec;
  /** Starts an episode; the same seed gives the same start. */
  reset(seed: number): Float32Array;
  step(action: number): StepResult;
}
