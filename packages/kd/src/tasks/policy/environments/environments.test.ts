import { describe, expect, it } from 'vitest';
import { acrobotDerivatives } from './acrobot.ts';
import { createEnvironment, environmentIds, environmentSpecs } from './index.ts';

/** Sets an environment's private state (the tests start from states worked out by hand). */
const setState = (environment: object, state: number[]) => ((environment as { state: Float64Array }).state = Float64Array.from(state));

describe('CartPole-v1', () => {
  it("takes one Euler step of Gym's equations", () => {
    const env = createEnvironment('cartpole-v1');
    env.reset(1);
    setState(env, [0, 0, 0, 0]);
    // From rest, pushing right with 10 N: temp = 10 / 1.1 = 9.0909; the pole's angular acceleration
    // (0 - 9.0909) / (0.5 * (4/3 - 0.1/1.1)) = -14.6341, the cart's 9.0909 + 0.05 * 14.6341 / 1.1 = 9.7561.
    // Euler over 0.02 s moves the velocities only: [0, 0.19512, 0, -0.29268].
    const { observation, reward, terminated, truncated } = env.step(1);
    expect(Array.from(observation).map((v) => Number(v.toFixed(5)))).toEqual([0, 0.19512, 0, -0.29268]);
    expect({ reward, terminated, truncated }).toEqual({ reward: 1, terminated: false, truncated: false });
    // The next step moves the positions by tau times those velocities.
    const next = env.step(0).observation;
    expect(next[0]).toBeCloseTo(0.02 * 0.19512, 6);
    expect(next[2]).toBeCloseTo(0.02 * -0.29268, 6);
  });

  it('terminates past 12 degrees or 2.4 m, and truncates at 500 steps', () => {
    const env = createEnvironment('cartpole-v1');
    env.reset(1);
    setState(env, [0, 0, 0.2, 1]); // 0.2 + 0.02 * 1 rad > 12° = 0.20944 rad
    expect(env.step(0).terminated).toBe(true);
    setState(env, [2.39, 1, 0, 0]);
    expect(env.step(1).terminated).toBe(true);

    env.reset(3);
    let steps = 0;
    let result;
    do {
      setState(env, [0, 0, 0, 0]); // held upright: only the time limit can end the episode
      result = env.step(steps % 2);
      steps++;
    } while (!result.terminated && !result.truncated);
    expect({ steps, truncated: result.truncated, terminated: result.terminated }).toEqual({ steps: 500, truncated: true, terminated: false });
  });

  it('starts within ±0.05 from the seed, the same start for the same seed', () => {
    const env = createEnvironment('cartpole-v1');
    const a = env.reset(7);
    const b = env.reset(7);
    const c = env.reset(8);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Array.from(a).every((v) => Math.abs(v) <= 0.05)).toBe(true);
  });
});

describe('Acrobot-v1', () => {
  it("has Gym's derivatives at rest with torque +1", () => {
    // θ2 = 0: d1 = 0.25 + (1 + 0.25 + 1) + 2 = 4.5, d2 = (0.25 + 0.5) + 1 = 1.75, phi1 = phi2 = 0 (hanging straight down);
    // θ̈2 = 1 / (0.25 + 1 - 1.75² / 4.5) = 1.756098, θ̈1 = -1.75 * θ̈2 / 4.5 = -0.682927.
    const [v1, v2, a1, a2] = acrobotDerivatives([0, 0, 0, 0], 1);
    expect([v1, v2]).toEqual([0, 0]);
    expect(a2).toBeCloseTo(1.756098, 5);
    expect(a1).toBeCloseTo(-0.682927, 5);
    // Gravity alone: a link held horizontal (θ1 = π/2) is pulled back down, θ̈1 < 0.
    expect(acrobotDerivatives([Math.PI / 2, 0, 0, 0], 0)[2]).toBeLessThan(0);
  });

  it('stays at rest hanging down without torque, and is rewarded -1 per step', () => {
    const env = createEnvironment('acrobot-v1');
    env.reset(1);
    setState(env, [0, 0, 0, 0]);
    const { observation, reward, terminated } = env.step(1);
    // Up to float error: cos(-π/2) is 6e-17, not 0.
    [1, 0, 1, 0, 0, 0].forEach((value, i) => expect(observation[i]).toBeCloseTo(value, 9));
    expect({ reward, terminated }).toEqual({ reward: -1, terminated: false });
  });

  it('terminates with reward 0 once the free end is a link length above the pivot, and clips the velocities', () => {
    const env = createEnvironment('acrobot-v1');
    env.reset(1);
    setState(env, [Math.PI - 0.05, 0, 0, 0]); // nearly straight up: -cos θ1 - cos(θ1 + θ2) ≈ 2 > 1
    const up = env.step(1);
    expect({ reward: up.reward, terminated: up.terminated }).toEqual({ reward: 0, terminated: true });
    setState(env, [0, 0, 30, 40]);
    const fast = env.step(1).observation;
    expect(Math.abs(fast[4]!)).toBeLessThanOrEqual(4 * Math.PI + 1e-5);
    expect(Math.abs(fast[5]!)).toBeCloseTo(9 * Math.PI, 5); // far past 9π: clipped to it
    // Angles stay within [-π, π], as cos and sin of wrapped angles.
    expect(Math.hypot(fast[0]!, fast[1]!)).toBeCloseTo(1, 5);
  });
});

describe('the environment registry', () => {
  it('lists every environment with its spaces and limits', () => {
    expect(environmentIds).toEqual(['cartpole-v1', 'acrobot-v1']);
    expect(environmentSpecs().map((s) => [s.id, s.observation.size, s.actions.count, s.maxEpisodeSteps])).toEqual([
      ['cartpole-v1', 4, 2, 500],
      ['acrobot-v1', 6, 3, 500],
    ]);
    expect(() => createEnvironment('pong')).toThrow(/no environment pong; use one of cartpole-v1, acrobot-v1/);
  });
});
