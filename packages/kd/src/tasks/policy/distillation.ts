import * as tf from '@tensorflow/tfjs';
import { buildClassifier } from '../../models.ts';
import { mulberry32 } from '../../random.ts';
import { runTraining, type BatchSource } from '../../training/loop.ts';
import { createEnvironment } from './environments/index.ts';
import { actionScores, argmax, evaluationSeeds, greedyReturns, playEpisodes, type EpisodeReturns } from './policy.ts';

/**
 * How the student learns the teacher's action scores (Rusu et al. 2015):
 * `kl`, KL(softmax(q_T / τ) ‖ softmax(z_S)), which sharpens Q-values into a
 * distribution at a small τ; `nll`, the cross-entropy of the teacher's best
 * action; `mse`, the squared difference of the scores themselves.
 */
export type PolicyLoss = 'kl' | 'nll' | 'mse';

export interface PolicyDistillationOptions {
  environment: string;
  /** Observations to action scores. */
  teacher: tf.LayersModel;
  /** What the teacher's scores are: the default temperature follows (1 for logits, 0.01 for Q-values). */
  teacherOutput: 'logits' | 'q-values';
  /** The student's hidden widths (tanh MLP), as the RL baseline's. */
  studentHidden: number[];
  loss: PolicyLoss;
  temperature?: number;
  /** Teacher states to collect before training: the environment steps of the teacher's rollouts. */
  states: number;
  /** DAgger: after the first fit, `rounds` times roll the student out for `states` steps, let the teacher label what it visited, and fit again on everything. */
  dagger?: { rounds: number; states: number };
  /** The teacher acts at random this often while collecting, so its states include some recoveries. */
  exploration?: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  evaluationEpisodes?: number;
  signal?: AbortSignal;
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

/** Collected states and the teacher's scores for each. */
interface StateSet {
  observations: number[];
  scores: number[];
  count: number;
}

/**
 * Distils a policy: collects states by rolling out the teacher (with a little
 * exploration), labels every state with the teacher's scores, and fits a
 * small student on them with the chosen loss on the open training loop;
 * DAgger rounds then roll out the student and add the states it reaches,
 * labelled by the teacher. Deterministic from the seed; the student is
 * scored by its greedy return on the fixed evaluation episodes.
 */
export async function distillPolicy(options: PolicyDistillationOptions): Promise<PolicyDistillationResult> {
  const env = createEnvironment(options.environment);
  const { size } = env.spec.observation;
  const actions = env.spec.actions.count;
  const temperature = options.temperature ?? (options.teacherOutput === 'q-values' ? 0.01 : 1);
  const random = mulberry32(options.seed);
  const data: StateSet = { observations: [], scores: [], count: 0 };
  const label = (observations: Float32Array[]) => {
    const batch = new Float32Array(observations.length * size);
    observations.forEach((o, i) => batch.set(o, i * size));
    const scores = actionScores(options.teacher, batch, observations.length, size);
    // One value at a time: a spread of many thousands of arguments would overflow the stack.
    for (const value of batch) data.observations.push(value);
    for (const value of scores) data.scores.push(value);
    data.count += observations.length;
  };
  let episodeSeed = options.seed * 7919;
  const exploration = options.exploration ?? 0.1;
  // The teacher's own rollouts, until `states` steps.
  const teacherStates: Float32Array[] = [];
  while (teacherStates.length < options.states) {
    playEpisodes(
      options.teacher,
      options.environment,
      [episodeSeed++],
      (scores, row, n) => (random() < exploration ? Math.floor(random() * n) : argmax(scores, row, n)),
      (observation) => teacherStates.length < options.states && teacherStates.push(observation),
    );
  }
  label(teacherStates);
  let environmentSteps = options.states;

  const student = buildClassifier({ kind: 'mlp', hidden: options.studentHidden, activation: 'tanh' }, [size], actions, options.seed);
  const episodes = evaluationSeeds(options.evaluationEpisodes ?? 10);
  const rounds: PolicyDistillationResult['rounds'] = [];
  try {
    await fit(student, data, options, actions, size, temperature);
    rounds.push({ states: data.count, mean: greedyReturns(student, options.environment, episodes).mean });
    for (let round = 0; round < (options.dagger?.rounds ?? 0); round++) {
      const visited: Float32Array[] = [];
      while (visited.length < options.dagger!.states) {
        options.signal?.throwIfAborted();
        greedyReturns(student, options.environment, [episodeSeed++], (observation) => visited.length < options.dagger!.states && visited.push(observation));
      }
      label(visited);
      environmentSteps += visited.length;
      await fit(student, data, options, actions, size, temperature);
      rounds.push({ states: data.count, mean: greedyReturns(student, options.environment, episodes).mean });
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
  const observations = Float32Array.from(data.observations);
  const scores = Float32Array.from(data.scores);
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
