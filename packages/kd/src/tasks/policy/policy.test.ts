import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../backend/select-backend.ts';
import { countParameters } from '../../models.ts';
import { collectTeacherStates, distillPolicy, policyLoss } from './distillation.ts';
import { evaluationSeeds, greedyReturns } from './policy.ts';
import { generalisedAdvantages, trainPpo, type PpoResult } from './ppo.ts';

let teacher: PpoResult;
let tensorsBefore: number;

beforeAll(async () => {
  await selectBackend('wasm');
  tensorsBefore = tf.memory().numTensors;
  teacher = await trainPpo({ environment: 'cartpole-v1', hidden: [64, 64], seed: 1, maxSteps: 100_000, stopping: { target: 475 } });
}, 120_000);

afterAll(() => {
  teacher.policy.dispose();
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('generalisedAdvantages', () => {
  it('works backwards within an episode and stops at its end', () => {
    // One environment, three steps, the episode ending after the third: γ = 0.9, λ = 0.8, V = 0.5 everywhere.
    // δ2 = 1 - 0.5 = 0.5 (no bootstrap past the end); δ1 = δ0 = 1 + 0.9 * 0.5 - 0.5 = 0.95;
    // A2 = 0.5, A1 = 0.95 + 0.72 * 0.5 = 1.31, A0 = 0.95 + 0.72 * 1.31 = 1.8932.
    const { advantages, returns } = generalisedAdvantages(Float32Array.of(1, 1, 1), Float32Array.of(0.5, 0.5, 0.5), Uint8Array.of(0, 0, 1), Float32Array.of(9), 1, 0.9, 0.8);
    [1.8932, 1.31, 0.5].forEach((a, i) => expect(advantages[i]).toBeCloseTo(a, 5));
    [2.3932, 1.81, 1].forEach((r, i) => expect(returns[i]).toBeCloseTo(r, 5));
    // Without the end, the last step bootstraps from the next state's value: δ2 = 1 + 0.9 * 9 - 0.5.
    expect(generalisedAdvantages(Float32Array.of(1), Float32Array.of(0.5), Uint8Array.of(0), Float32Array.of(9), 1, 0.9, 0.8).advantages[0]).toBeCloseTo(8.6, 5);
  });
});

describe('PPO', () => {
  it('trains a CartPole agent whose greedy play is stable over the fixed evaluation episodes', () => {
    expect(teacher.solved).toBe(true);
    expect(teacher.steps).toBeLessThan(100_000);
    const last = teacher.evaluations.slice(-2);
    expect(last.every((e) => e.mean >= 475)).toBe(true);
    // Scored again from scratch on the same episodes, the agent holds up.
    expect(greedyReturns(teacher.policy, 'cartpole-v1', evaluationSeeds(10)).mean).toBeGreaterThanOrEqual(475);
  });

  it('is deterministic from its seed', async () => {
    const run = async () => {
      const result = await trainPpo({ environment: 'acrobot-v1', hidden: [8], seed: 5, maxSteps: 1024, envs: 4, rolloutSteps: 128 });
      const weights = result.policy.getWeights().map((w) => Array.from(w.dataSync()));
      result.policy.dispose();
      return { steps: result.steps, weights };
    };
    const [a, b] = [await run(), await run()];
    expect(a.steps).toBe(1024);
    expect(a).toEqual(b);
  });
});

describe('policy distillation', () => {
  it('computes each loss against the teacher scores by hand', () => {
    tf.tidy(() => {
      const student = tf.tensor2d([[0, 0]]);
      const teacherScores = tf.tensor2d([[1, 3]]);
      // nll: the teacher's best action is 1; -log softmax([0, 0])[1] = log 2.
      expect(policyLoss('nll', student, teacherScores, 1).dataSync()[0]).toBeCloseTo(Math.log(2), 5);
      // mse: ((0 - 1)^2 + (0 - 3)^2) / 2 = 5.
      expect(policyLoss('mse', student, teacherScores, 1).dataSync()[0]).toBeCloseTo(5, 5);
      // kl at τ = 1: p = softmax([1, 3]); KL(p ‖ uniform) = sum p log(2p).
      const p = [1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(-2))];
      expect(policyLoss('kl', student, teacherScores, 1).dataSync()[0]).toBeCloseTo(p[0]! * Math.log(2 * p[0]!) + p[1]! * Math.log(2 * p[1]!), 5);
      // A small τ sharpens the target to the best action: the kl loss becomes the nll loss.
      expect(policyLoss('kl', student, teacherScores, 0.01).dataSync()[0]).toBeCloseTo(Math.log(2), 4);
      expect(policyLoss('kl', teacherScores, teacherScores, 1).dataSync()[0]).toBeCloseTo(0, 6);
    });
  });

  it('distils the agent into a student of a few hundred parameters that plays nearly as well, from 2,000 teacher states', async () => {
    const result = await distillPolicy({
      environment: 'cartpole-v1', teacher: teacher.policy, teacherOutput: 'logits', studentHidden: [32], loss: 'kl',
      states: await collectTeacherStates({ environment: 'cartpole-v1', teacher: teacher.policy, states: 2000, seed: 1 }), dagger: { rounds: 1, states: 500 }, epochs: 30, batchSize: 64, learningRate: 3e-3, seed: 1,
    });
    try {
      expect(countParameters(result.student)).toBe(4 * 32 + 32 + 32 * 2 + 2);
      expect(result.environmentSteps).toBe(2500);
      expect(result.rounds.map((r) => r.states)).toEqual([2000, 2500]);
      expect(result.studentReturns.mean).toBeGreaterThanOrEqual(0.95 * result.teacher.mean);
    } finally {
      result.student.dispose();
    }
  });
});
