import * as tf from '@tensorflow/tfjs';
import { buildClassifier } from '../../models.ts';
import { mulberry32, shuffledIndices } from '../../random.ts';
import { scaledToGlobalNorm } from '../../training/gradients.ts';
import { createOptimizer } from '../../training/optimizers.ts';
import { createEnvironment } from './environments/index.ts';
import { actionScores, evaluationSeeds, greedyReturns, sampleAction, type EpisodeReturns } from './policy.ts';

export interface PpoOptions {
  environment: string;
  /** Hidden widths of the policy and of the value network (tanh). */
  hidden: number[];
  seed: number;
  /** Environment steps to train for at most (whole steps of every episode in flight: up to envs - 1 fewer). */
  maxSteps: number;
  /** Episodes run side by side; each rollout takes rolloutSteps steps of each. */
  envs?: number;
  rolloutSteps?: number;
  /** Passes over each rollout, and minibatches per pass. */
  epochs?: number;
  minibatches?: number;
  learningRate?: number;
  gamma?: number;
  /** GAE's λ. */
  lambda?: number;
  /** The probability ratio's clip range, 1 ± clip. */
  clip?: number;
  valueCoefficient?: number;
  entropyCoefficient?: number;
  maxGradientNorm?: number;
  /**
   * Stop early once the greedy policy's mean return over `episodes` fixed
   * seeded episodes reaches `target` at `consecutive` evaluations in a row,
   * evaluated every `every` rollouts: a stable policy, not one lucky episode.
   */
  stopping?: { target: number; episodes?: number; every?: number; consecutive?: number };
  signal?: AbortSignal;
  onEvaluation?: (evaluation: PpoEvaluation) => void | Promise<void>;
}

export interface PpoEvaluation extends Omit<EpisodeReturns, 'returns' | 'steps'> {
  /** Training environment steps so far. */
  steps: number;
}

export interface PpoResult {
  /** Observations to action logits: the trained agent. */
  policy: tf.LayersModel;
  /** Environment steps of training (evaluation episodes not counted). */
  steps: number;
  /** Whether the stopping rule was met before maxSteps. */
  solved: boolean;
  evaluations: PpoEvaluation[];
}

/**
 * Proximal policy optimisation (Schulman et al. 2017) with a value baseline
 * and generalised advantage estimation, for discrete actions: clipped
 * surrogate objective, value loss, entropy bonus, advantages normalised per
 * minibatch, gradients clipped by global norm, one Adam optimizer for the
 * whole run. Episodes cut by the time limit are bootstrapped from the value
 * of their last state, not treated as terminal. Deterministic from the seed.
 */
export async function trainPpo(options: PpoOptions): Promise<PpoResult> {
  const o = {
    envs: 8, rolloutSteps: 128, epochs: 4, minibatches: 4, learningRate: 1e-3, gamma: 0.99, lambda: 0.95, clip: 0.2,
    valueCoefficient: 0.5, entropyCoefficient: 0.01, maxGradientNorm: 0.5, ...options,
  };
  const envs = Array.from({ length: o.envs }, () => createEnvironment(o.environment));
  const { size } = envs[0]!.spec.observation;
  const actions = envs[0]!.spec.actions.count;
  const architecture = { kind: 'mlp', hidden: o.hidden, activation: 'tanh' } as const;
  const policy = buildClassifier(architecture, [size], actions, o.seed);
  const value = buildClassifier(architecture, [size], 1, o.seed + 7919);
  const variables = [...policy.trainableWeights, ...value.trainableWeights].map((w) => (w as unknown as { val: tf.Variable }).val);
  const optimizer = createOptimizer({ kind: 'adam', weightDecay: 0, learningRate: o.learningRate });
  const random = mulberry32(o.seed);
  let episodeSeed = o.seed * 1000;
  const observations = envs.map((env) => env.reset(episodeSeed++));
  const stopping = o.stopping && { episodes: 10, every: 2, consecutive: 2, ...o.stopping };
  const evaluations: PpoEvaluation[] = [];
  let steps = 0;
  let rollouts = 0;
  let metTarget = 0;
  try {
    while (steps < o.maxSteps) {
      o.signal?.throwIfAborted();
      // Rollout: rolloutSteps steps of every environment; the last one shorter, so training never takes more than maxSteps.
      const length = Math.min(o.rolloutSteps, Math.floor((o.maxSteps - steps) / o.envs));
      if (length === 0) break;
      const batchSize = o.envs * length;
      const obs = new Float32Array(batchSize * size);
      const taken = new Int32Array(batchSize);
      const oldLogProbs = new Float32Array(batchSize);
      const values = new Float32Array(batchSize);
      const rewards = new Float32Array(batchSize);
      const ends = new Uint8Array(batchSize); // the episode ended after this step (terminated or truncated)
      for (let t = 0; t < length; t++) {
        const current = new Float32Array(o.envs * size);
        observations.forEach((observation, i) => current.set(observation, i * size));
        const logits = actionScores(policy, current, o.envs, size);
        const stateValues = actionScores(value, current, o.envs, size);
        const truncatedFinal: [number, Float32Array][] = [];
        for (let i = 0; i < o.envs; i++) {
          const row = t * o.envs + i;
          obs.set(current.subarray(i * size, (i + 1) * size), row * size);
          const action = sampleAction(logits, i, actions, random);
          taken[row] = action;
          oldLogProbs[row] = logSoftmaxAt(logits, i, actions, action);
          values[row] = stateValues[i]!;
          const result = envs[i]!.step(action);
          rewards[row] = result.reward;
          if (result.truncated) truncatedFinal.push([row, result.observation]);
          if (result.terminated || result.truncated) {
            ends[row] = 1;
            observations[i] = envs[i]!.reset(episodeSeed++);
          } else {
            observations[i] = result.observation;
          }
        }
        // A time limit is not a terminal state: the return goes on past it, as the value says.
        if (truncatedFinal.length > 0) {
          const finals = new Float32Array(truncatedFinal.length * size);
          truncatedFinal.forEach(([, observation], k) => finals.set(observation, k * size));
          const bootstrap = actionScores(value, finals, truncatedFinal.length, size);
          truncatedFinal.forEach(([row], k) => (rewards[row]! += o.gamma * bootstrap[k]!));
        }
      }
      steps += batchSize;
      rollouts++;
      const next = new Float32Array(o.envs * size);
      observations.forEach((observation, i) => next.set(observation, i * size));
      const nextValues = actionScores(value, next, o.envs, size);
      const { advantages, returns } = generalisedAdvantages(rewards, values, ends, nextValues, o.envs, o.gamma, o.lambda);

      // Update: epochs passes over the rollout in shuffled minibatches.
      const minibatch = Math.max(1, Math.floor(batchSize / o.minibatches));
      for (let epoch = 0; epoch < o.epochs; epoch++) {
        const order = shuffledIndices(batchSize, random);
        for (let start = 0; start + minibatch <= batchSize; start += minibatch) {
          const rows = order.subarray(start, start + minibatch);
          tf.tidy(() => {
            const pick = <T extends Float32Array | Int32Array>(source: T, width: number, into: T) => {
              rows.forEach((r, k) => into.set(source.subarray(r * width, (r + 1) * width), k * width));
              return into;
            };
            const x = tf.tensor2d(pick(obs, size, new Float32Array(minibatch * size)), [minibatch, size]);
            const a = tf.oneHot(tf.tensor1d(pick(taken, 1, new Int32Array(minibatch)), 'int32'), actions);
            const previous = tf.tensor1d(pick(oldLogProbs, 1, new Float32Array(minibatch)));
            const rawAdvantage = tf.tensor1d(pick(advantages, 1, new Float32Array(minibatch)));
            const { mean, variance } = tf.moments(rawAdvantage);
            const advantage = tf.div(tf.sub(rawAdvantage, mean), tf.add(tf.sqrt(variance), 1e-8));
            const target = tf.tensor1d(pick(returns, 1, new Float32Array(minibatch)));
            const loss = () => {
              const logProbs = tf.logSoftmax(policy.apply(x, { training: true }) as tf.Tensor2D);
              const ratio = tf.exp(tf.sub(tf.sum(tf.mul(logProbs, a), 1), previous));
              const surrogate = tf.minimum(tf.mul(ratio, advantage), tf.mul(tf.clipByValue(ratio, 1 - o.clip, 1 + o.clip), advantage));
              const entropy = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), 1)));
              const predicted = tf.reshape(value.apply(x, { training: true }) as tf.Tensor, [-1]);
              const valueLoss = tf.mean(tf.square(tf.sub(predicted, target)));
              return tf.addN([tf.neg(tf.mean(surrogate)), tf.mul(o.valueCoefficient, valueLoss), tf.mul(-o.entropyCoefficient, entropy)]) as tf.Scalar;
            };
            const { value: lossValue, grads } = tf.variableGrads(loss, variables);
            lossValue.dispose();
            optimizer.apply(scaledToGlobalNorm(grads, o.maxGradientNorm), variables);
          });
        }
      }
      await tf.nextFrame();

      if (stopping && rollouts % stopping.every === 0) {
        const { mean, min, max } = greedyReturns(policy, o.environment, evaluationSeeds(stopping.episodes));
        const evaluation = { steps, mean, min, max };
        evaluations.push(evaluation);
        await o.onEvaluation?.(evaluation);
        metTarget = mean >= stopping.target ? metTarget + 1 : 0;
        if (metTarget >= stopping.consecutive) return { policy, steps, solved: true, evaluations };
      }
    }
    return { policy, steps, solved: false, evaluations };
  } catch (error) {
    policy.dispose();
    throw error;
  } finally {
    value.dispose();
    optimizer.dispose();
  }
}

/**
 * Rollout length for a small budget of environment steps: eight episodes
 * side by side, and rollouts short enough for about eight updates within the
 * budget (16 to 128 steps each). What an RL baseline on the environment steps
 * of a distillation gets.
 */
export const rolloutStepsFor = (maxSteps: number) => Math.min(128, Math.max(16, Math.floor(maxSteps / 64)));

function logSoftmaxAt(logits: Float32Array, row: number, actions: number, action: number): number {
  let max = -Infinity;
  for (let a = 0; a < actions; a++) max = Math.max(max, logits[row * actions + a]!);
  let total = 0;
  for (let a = 0; a < actions; a++) total += Math.exp(logits[row * actions + a]! - max);
  return logits[row * actions + action]! - max - Math.log(total);
}

/**
 * GAE(γ, λ) over a rollout laid out step-major ([t][env]): δ = r + γ V(s') −
 * V(s), A = δ + γλ A' within an episode; returns = A + V, the value target.
 */
export function generalisedAdvantages(
  rewards: Float32Array,
  values: Float32Array,
  ends: Uint8Array,
  nextValues: Float32Array,
  envs: number,
  gamma: number,
  lambda: number,
): { advantages: Float32Array; returns: Float32Array } {
  const advantages = new Float32Array(rewards.length);
  const steps = rewards.length / envs;
  for (let i = 0; i < envs; i++) {
    let running = 0;
    for (let t = steps - 1; t >= 0; t--) {
      const row = t * envs + i;
      const continues = ends[row] ? 0 : 1;
      const following = t === steps - 1 ? nextValues[i]! : values[row + envs]!;
      const delta = rewards[row]! + gamma * following * continues - values[row]!;
      running = delta + gamma * lambda * continues * running;
      advantages[row] = running;
    }
  }
  return { advantages, returns: advantages.map((a, row) => a + values[row]!) };
}
