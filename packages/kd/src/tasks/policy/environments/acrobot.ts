import { mulberry32 } from '../../../random.ts';
import type { Environment, EnvironmentSpec, StepResult } from './environment.ts';

export const acrobotSpec: EnvironmentSpec = {
  id: 'acrobot-v1',
  title: 'Acrobot-v1: swing a two-link pendulum up by torquing its middle joint',
  observation: {
    size: 6,
    names: ['cos θ1', 'sin θ1', 'cos θ2', 'sin θ2', 'θ1 velocity', 'θ2 velocity'],
    low: [-1, -1, -1, -1, -4 * Math.PI, -9 * Math.PI],
    high: [1, 1, 1, 1, 4 * Math.PI, 9 * Math.PI],
  },
  actions: { count: 3, names: ['torque -1', 'no torque', 'torque +1'] },
  maxEpisodeSteps: 500,
  rewardThreshold: -100,
  source: "Gym's Acrobot-v1 (Sutton 1996; the dynamics of Sutton and Barto's book): RK4 over 0.2 s, no torque noise",
};

const LINK_LENGTH_1 = 1.0;
const LINK_MASS_1 = 1.0;
const LINK_MASS_2 = 1.0;
/** Positions of the links' centres of mass. */
const LINK_COM_1 = 0.5;
const LINK_COM_2 = 0.5;
const LINK_MOMENT = 1.0;
const MAX_VELOCITY_1 = 4 * Math.PI;
const MAX_VELOCITY_2 = 9 * Math.PI;
const TORQUES = [-1, 0, 1];
const DT = 0.2;
const G = 9.8;

/**
 * The time derivative of [θ1, θ2, θ̇1, θ̇2] under `torque` at the second joint:
 * Gym's `_dsdt` with book_or_nips = "book".
 */
export function acrobotDerivatives(state: ArrayLike<number>, torque: number): [number, number, number, number] {
  const [theta1, theta2, dtheta1, dtheta2] = [state[0]!, state[1]!, state[2]!, state[3]!];
  const m1 = LINK_MASS_1;
  const m2 = LINK_MASS_2;
  const l1 = LINK_LENGTH_1;
  const lc1 = LINK_COM_1;
  const lc2 = LINK_COM_2;
  const i1 = LINK_MOMENT;
  const i2 = LINK_MOMENT;
  const d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * Math.cos(theta2)) + i1 + i2;
  const d2 = m2 * (lc2 ** 2 + l1 * lc2 * Math.cos(theta2)) + i2;
  const phi2 = m2 * lc2 * G * Math.cos(theta1 + theta2 - Math.PI / 2);
  const phi1 =
    -m2 * l1 * lc2 * dtheta2 ** 2 * Math.sin(theta2) -
    2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2) +
    (m1 * lc1 + m2 * l1) * G * Math.cos(theta1 - Math.PI / 2) +
    phi2;
  const ddtheta2 = (torque + (d2 / d1) * phi1 - m2 * l1 * lc2 * dtheta1 ** 2 * Math.sin(theta2) - phi2) / (m2 * lc2 ** 2 + i2 - d2 ** 2 / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  return [dtheta1, dtheta2, ddtheta1, ddtheta2];
}

/** Gym's wrap: into [low, high) by whole turns. */
function wrap(x: number, low: number, high: number): number {
  const span = high - low;
  while (x > high) x -= span;
  while (x < low) x += span;
  return x;
}

const clip = (x: number, limit: number) => Math.min(limit, Math.max(-limit, x));

/**
 * Gym's Acrobot-v1: two links hanging from a pivot, torque -1, 0 or +1 at the
 * joint between them, one classical Runge-Kutta step over 0.2 s per action;
 * angles wrapped to [-π, π], velocities clipped; reward -1 per step until the
 * free end rises one link length above the pivot, which terminates the
 * episode. Starts are uniform in ±0.1 for every state value, from the seed
 * (this project's generator: reproducible here, not Gym's starts).
 */
export class Acrobot implements Environment {
  readonly spec = acrobotSpec;
  private state = new Float64Array(4);
  private steps = 0;

  reset(seed: number): Float32Array {
    const random = mulberry32(seed);
    for (let i = 0; i < 4; i++) this.state[i] = -0.1 + 0.2 * random();
    this.steps = 0;
    return this.observe();
  }

  step(action: number): StepResult {
    const torque = TORQUES[action]!;
    const s = Array.from(this.state);
    const shifted = (k: number[], h: number) => s.map((v, i) => v + h * k[i]!);
    const k1 = acrobotDerivatives(s, torque);
    const k2 = acrobotDerivatives(shifted(k1, DT / 2), torque);
    const k3 = acrobotDerivatives(shifted(k2, DT / 2), torque);
    const k4 = acrobotDerivatives(shifted(k3, DT), torque);
    const next = s.map((v, i) => v + (DT / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
    this.state[0] = wrap(next[0]!, -Math.PI, Math.PI);
    this.state[1] = wrap(next[1]!, -Math.PI, Math.PI);
    this.state[2] = clip(next[2]!, MAX_VELOCITY_1);
    this.state[3] = clip(next[3]!, MAX_VELOCITY_2);
    this.steps++;
    const [theta1, theta2] = [this.state[0]!, this.state[1]!];
    const terminated = -Math.cos(theta1) - Math.cos(theta2 + theta1) > 1.0;
    return { observation: this.observe(), reward: terminated ? 0 : -1, terminated, truncated: !terminated && this.steps >= this.spec.maxEpisodeSteps };
  }

  private observe(): Float32Array {
    const [theta1, theta2, dtheta1, dtheta2] = this.state as unknown as [number, number, number, number];
    return Float32Array.of(Math.cos(theta1), Math.sin(theta1), Math.cos(theta2), Math.sin(theta2), dtheta1, dtheta2);
  }
}
