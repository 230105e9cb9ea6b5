import * as tf from '@tensorflow/tfjs';
import type { TensorInferenceModel } from '../../teachers/inference-model.ts';
import { createEnvironment, type Environment } from './environments/index.ts';

/**
 * A policy maps observations [n, size] to action scores [n, actions]:
 * logits, or Q-values for a teacher declared so. A model trained here is a
 * LayersModel; a teacher loaded by the service is a TensorFlow.js InferenceModel.
 */
export type PolicyModel = tf.LayersModel | TensorInferenceModel;

/** The scores of a batch of observations, read back; one forward pass per step for every episode in flight. */
export function actionScores(model: PolicyModel, observations: Float32Array, count: number, size: number): Float32Array {
  return tf.tidy(() => {
    const batch = tf.tensor2d(observations, [count, size]);
    return ((model instanceof tf.LayersModel ? model.predict(batch) : model.logits(batch)) as tf.Tensor).dataSync() as Float32Array;
  });
}

export const argmax = (scores: Float32Array, row: number, actions: number): number => {
  let best = 0;
  for (let a = 1; a < actions; a++) if (scores[row * actions + a]! > scores[row * actions + best]!) best = a;
  return best;
};

/** One action drawn from softmax(logits) of a row. */
export function sampleAction(logits: Float32Array, row: number, actions: number, random: () => number): number {
  let max = -Infinity;
  for (let a = 0; a < actions; a++) max = Math.max(max, logits[row * actions + a]!);
  let total = 0;
  const weights = new Float64Array(actions);
  for (let a = 0; a < actions; a++) total += weights[a] = Math.exp(logits[row * actions + a]! - max);
  let u = random() * total;
  for (let a = 0; a < actions - 1; a++) if ((u -= weights[a]!) < 0) return a;
  return actions - 1;
}

export interface EpisodeReturns {
  /** One return per seed, in the seeds' order. */
  returns: number[];
  mean: number;
  min: number;
  max: number;
  /** Environment steps the episodes took. */
  steps: number;
}

export function summarizeReturns(returns: number[], steps: number): EpisodeReturns {
  return { returns, mean: returns.reduce((a, b) => a + b, 0) / returns.length, min: Math.min(...returns), max: Math.max(...returns), steps };
}

/**
 * Plays one episode per seed with `choose` picking each action from the
 * step's scores, all episodes in step: one forward pass per time step over
 * the episodes still running. `visit` sees every state before its action is
 * taken (DAgger collects them).
 */
export function playEpisodes(
  model: PolicyModel,
  environment: string,
  seeds: number[],
  choose: (scores: Float32Array, row: number, actions: number) => number,
  visit?: (observation: Float32Array) => void,
): EpisodeReturns {
  const envs: Environment[] = seeds.map(() => createEnvironment(environment));
  const { size } = envs[0]!.spec.observation;
  const actions = envs[0]!.spec.actions.count;
  const observations = envs.map((env, i) => env.reset(seeds[i]!));
  const returns = seeds.map(() => 0);
  let running = envs.map((_, i) => i);
  let steps = 0;
  while (running.length > 0) {
    const batch = new Float32Array(running.length * size);
    running.forEach((i, row) => batch.set(observations[i]!, row * size));
    const scores = actionScores(model, batch, running.length, size);
    running = running.filter((i, row) => {
      visit?.(observations[i]!);
      const result = envs[i]!.step(choose(scores, row, actions));
      steps++;
      returns[i]! += result.reward;
      observations[i] = result.observation;
      return !result.terminated && !result.truncated;
    });
  }
  return summarizeReturns(returns, steps);
}

/** The greedy policy's return on each seeded episode: the score of a policy, teacher or student. */
export const greedyReturns = (model: PolicyModel, environment: string, seeds: number[], visit?: (observation: Float32Array) => void) =>
  playEpisodes(model, environment, seeds, argmax, visit);

/** Evaluation seeds: a fixed set, far from the seeds training draws its episodes from. */
export const evaluationSeeds = (count: number, base = 1_000_000) => Array.from({ length: count }, (_, i) => base + i);
