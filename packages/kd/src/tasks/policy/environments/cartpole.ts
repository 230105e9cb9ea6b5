import { mulberry32 } from '../../../random.ts';
import type { Environment, EnvironmentSpec, StepResult } from './environment.ts';

export const cartPoleSpec: EnvironmentSpec = {
  id: 'cartpole-v1',
  title: 'CartPole-v1: balance a pole on a cart by pushing the cart left or right',
  observation: {
    size: 4,
    names: ['cart position', 'cart velocity', 'pole angle', 'pole angular velocity'],
    // Gym's bounds: twice the termination thresholds for position and angle; the velocities are unbounded.
    low: [-4.8, null, -0.41887903, null],
    high: [4.8, null, 0.41887903, null],
  },
  actions: { count: 2, names: ['push left', 'push right'] },
  maxEpisodeSteps: 500,
  rewardThreshold: 475,
  source: "Gym's CartPole-v1 (Barto, Sutton and Anderson 1983): Euler integration, tau 0.02 s",
};

const GRAVITY = 9.8;
const CART_MASS = 1.0;
const POLE_MASS = 0.1;
const TOTAL_MASS = CART_MASS + POLE_MASS;
/** Half the pole's length. */
const LENGTH = 0.5;
const POLE_MASS_LENGTH = POLE_MASS * LENGTH;
const FORCE = 10.0;
const TAU = 0.02;
const ANGLE_LIMIT = (12 * 2 * Math.PI) / 360;
const POSITION_LIMIT = 2.4;

/**
 * Gym's CartPole-v1, equation for equation: the state is [x, ẋ, θ, θ̇], each
 * step pushes the cart with ±10 N for 0.02 s (explicit Euler), the reward is
 * 1 per step, and the episode terminates when |x| > 2.4 or |θ| > 12°.
 * Starts are uniform in ±0.05 for every state value, drawn from the seed
 * (with this project's generator, not numpy's: the same seed gives the same
 * start here on every platform, not Gym's start).
 */
export class CartPole implements Environment {
  readonly spec = cartPoleSpec;
  private state = new Float64Array(4);
  private steps = 0;

  reset(seed: number): Float32Array {
    const random = mulberry32(seed);
    for (let i = 0; i < 4; i++) this.state[i] = -0.05 + 0.1 * random();
    this.steps = 0;
    return Float32Array.from(this.state);
  }

  step(action: number): StepResult {
    const [x, xDot, theta, thetaDot] = this.state as unknown as [number, number, number, number];
    const force = action === 1 ? FORCE : -FORCE;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
    const thetaAcc = (GRAVITY * sin - cos * temp) / (LENGTH * (4 / 3 - (POLE_MASS * cos * cos) / TOTAL_MASS));
    const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
    this.state[0] = x + TAU * xDot;
    this.state[1] = xDot + TAU * xAcc;
    this.state[2] = theta + TAU * thetaDot;
    this.state[3] = thetaDot + TAU * thetaAcc;
    this.steps++;
    const position = this.state[0]!;
    const angle = this.state[2]!;
    const terminated = position < -POSITION_LIMIT || position > POSITION_LIMIT || angle < -ANGLE_LIMIT || angle > ANGLE_LIMIT;
    return { observation: Float32Array.from(this.state), reward: 1, terminated, truncated: !terminated && this.steps >= this.spec.maxEpisodeSteps };
  }
}
