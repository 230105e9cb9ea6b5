import * as tf from '@tensorflow/tfjs';
import { buildClassifier } from '../../models.ts';
import { mulberry32 } from '../../random.ts';
import { runTraining, type BatchSource } from '../../training/loop.ts';
import { createEnvironment } from './environments/index.ts';
import { actionScores, argmax, evaluationSeeds, greedyReturns, playEpisodes, type EpisodeReturns, type PolicyModel } from './policy.ts';

/**
 * How the student learns the teacher's action scores (Rusu et al. 2015):
 * `kl`, KL(softmax(q_T / τ) ‖ softmax(z_S)), which sharpens Q-values into a
 * distribution at a small τ; `nll`, the cross-entropy of the teacher's best
 * action; `mse`, the squared difference of the scores themselves.
 */
export type PolicyLoss = 'kl' | 'nll' | 'mse';

/** States and the teacher's scores for each, row by row: observations [count, size], scores [count, actions]. */
export interface StateSet {
  observations: Float32Array;
  scores: Float32Array;
  count: number;
}

export interface StateCollection {
  environment: string;
  teacher: PolicyModel;
  /** Environment steps to collect. */
  states: number;
  /** The teacher acts at random this often while collecting, so its states include some recoveries. */
  exploration?: number;
  seed: number;
}

/**
 * Rolls the teacher out, acting greedily except for `exploration` of its
 * steps, until `states` steps, and labels every state it saw with its scores:
 * the first data of a policy distillation (the service's teacher subjob).
 * Yields to the event loop after every episode, where a worker renews its
 * job lock: 100,000 steps take longer than the lock lasts.
 */
export async function collectTeacherStates(options: StateCollection & { signal?: AbortSignal }): Promise<StateSet> {
  const random = mulberry32(options.seed);
  const exploration = options.exploration ?? 0.1;
  const visited: Float32Array[] = [];
  let episodeSeed = options.seed * 7919;
  while (visited.length < options.states) {
    options.signal?.throwIfAborted();
    playEpisodes(
      options.teacher,
      options.environment,
      [episodeSeed++],
      (scores, row, n) => (random() < exploration ? Math.floor(random() * n) : argmax(scores, row, n)),
      (observation) => visited.length < options.states && visited.push(observation),
    );
    await tf.nextFrame();
  }
  return labelStates(options.teacher, options.environment, visited);
}

/** The teacher's scores for each state. */
function labelStates(teacher: PolicyModel, environment: string, states: Float32Array[]): StateSet {
  const { size } = createEnvironment(environment).spec.observation;
  const observations = new Float32Array(states.length * size);
  states.forEach((o, i) => observations.set(o, i * size));
  return { observations, scores: actionScores(teacher, observations, states.length, size), count: states.length };
}

const concatenate = (a: StateSet, b: StateSet): StateSet => {
  const join = (x: Float32Array, y: Float32Array) => {
    const out = new Float32Array(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  return { observations: join(a.observations, b.observations), scores: join(a.scores, b.scores), count: a.count + b.count };
};

export interface PolicyDistillationOptions {
  environment: string;
  teacher: PolicyModel;
  /** What the teacher's scores are: the default temperature follows (1 for logits, 0.01 for Q-values). */
  teacherOutput: 'logits' | 'q-values';
  /** The teacher's states to start from (collectTeacherStates); they count as environment steps. */
  states: StateSet;
  /** The student's hidden widths (tanh MLP), as the RL baseline's. */
  studentHidden: number[];
  loss: PolicyLoss;
  temperature?: number;
  /** DAgger: after the first fit, `rounds` times roll the student out for `states` steps, let the teacher label what it visited, and fit again on everything. */
  dagger?: { rounds: number; states: number };
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  evaluationEpisodes?: number;
  signal?: AbortSignal;
  /** After each fit: its index (0 the first, then each DAgger round), the states it used, the student's greedy mean return. */
  onRound?: (round: { round: number; states: number; mean: number }) => void | Promise<void>;
}

export interface PolicyDistillationResult {
  student: tf.LayersModel;
  teacher: EpisodeReturns;
  studentReturns: EpisodeReturns;
  /** Environment steps the distillation used: the teacher's rollouts and the DAgger rounds (not evaluation). */
  environmentSteps: number;
  /** The student's greedy mean return after the first fit and after each DAgger round. */
  rounds: { states: number; mean: number }[];
}

/**
 * Distils a policy (Rusu et al. 2015): fits a small student on the teacher's
 * states and scores with the chosen loss on the open training loop; DAgger
 * rounds then roll out the student and add the states it reaches, labelled
 * by the teacher. Deterministic from the seed; the student is scored by its
 * greedy return on the fixed evaluation episodes.
 */
export async function distillPolicy(options: PolicyDistillationOptions): Promise<PolicyDistillationResult> {
  const { size } = createEnvironment(options.environment).spec.observation;
  const actions = options.states.scores.length / options.states.count;
  const temperature = options.temperature ?? (options.teacherOutput === 'q-values' ? 0.01 : 1);
  let data = options.states;
  let environmentSteps = data.count;
  let episodeSeed = options.seed * 7919 + 1_000_003;
  const student = buildClassifier({ kind: 'mlp', hidden: options.studentHidden, activation: 'tanh' }, [size], actions, options.seed);
  const episodes = evaluationSeeds(options.evaluationEpisodes ?? 10);
  const rounds: PolicyDistillationResult['rounds'] = [];
  const fitted = async () => {
    await fit(student, data, options, actions, size, temperature);
    const round = { states: data.count, mean: greedyReturns(student, options.environment, episodes).mean };
    rounds.push(round);
    await options.onRound?.({ round: rounds.length - 1, ...round });
  };
  try {
    await fitted();
    for (let round = 0; round < (options.dagger?.rounds ?? 0); round++) {
      const visited: Float32Array[] = [];
      while (visited.length < options.dagger!.states) {
        options.signal?.throwIfAborted();
        greedyReturns(student, options.environment, [episodeSeed++], (observation) => visited.length < options.dagger!.states && visited.push(observation));
        await tf.nextFrame();
      }
      data = concatenate(data, labelStates(options.teacher, options.environment, visited));
      environmentSteps += visited.length;
      await fitted();
    }
    return {
      student,
      teacher: greedyReturns(options.teacher, options.environment, episodes),
      studentReturns: greedyReturns(student, options.environment, episodes),
      environmentSteps,
      rounds,
    };
  } catch (error) {
    student.dispose();
    throw error;
  }
}

interface PolicyBatch {
  tensors: tf.Tensor[];
  observations: tf.Tensor2D;
  scores: tf.Tensor2D;
}

/** `epochs` passes over every collected state on the training loop (fresh Adam state each fit, as after each DAgger aggregation). */
async function fit(student: tf.LayersModel, data: StateSet, options: PolicyDistillationOptions, actions: number, size: number, temperature: number) {
  const { observations, scores } = data;
  const source: BatchSource<PolicyBatch> = {
    count: data.count,
    make(rows) {
      const x = new Float32Array(rows.length * size);
      const y = new Float32Array(rows.length * actions);
      rows.forEach((r, k) => {
        x.set(observations.subarray(r * size, (r + 1) * size), k * size);
        y.set(scores.subarray(r * actions, (r + 1) * actions), k * actions);
      });
      const batch = { observations: tf.tensor2d(x, [rows.length, size]), scores: tf.tensor2d(y, [rows.length, actions]) };
      return { ...batch, tensors: [batch.observations, batch.scores] };
    },
  };
  const variables = student.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const stepsPerEpoch = Math.ceil(data.count / options.batchSize);
  await runTraining({
    data: source,
    stages: [
      {
        name: 'policy',
        steps: options.epochs * stepsPerEpoch,
        variables,
        evaluate: false,
        loss: (batch) => policyLoss(options.loss, student.apply(batch.observations, { training: true }) as tf.Tensor2D, batch.scores, temperature),
      },
    ],
    batchSize: options.batchSize,
    seed: options.seed + data.count,
    optimizer: { kind: 'adam', weightDecay: 0, learningRate: options.learningRate },
    model: student,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** The student's loss against the teacher's scores for a batch of states (see PolicyLoss). */
export function policyLoss(kind: PolicyLoss, studentScores: tf.Tensor2D, teacherScores: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    if (kind === 'mse') return tf.mean(tf.square(tf.sub(studentScores, teacherScores))) as tf.Scalar;
    const logProbs = tf.logSoftmax(studentScores);
    if (kind === 'nll') {
      const best = tf.oneHot(tf.argMax(teacherScores, 1) as tf.Tensor1D, teacherScores.shape[1]);
      return tf.neg(tf.mean(tf.sum(tf.mul(best, logProbs), 1))) as tf.Scalar;
    }
    const target = tf.logSoftmax(tf.div(teacherScores, temperature));
    return tf.mean(tf.sum(tf.mul(tf.exp(target), tf.sub(target, logProbs)), 1)) as tf.Scalar;
  });
}
