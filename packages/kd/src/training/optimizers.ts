import * as tf from '@tensorflow/tfjs';
import type { ResolvedOptimizer } from '@distillery/contracts';

/**
 * The optimizers a run can use, each with weight decay:
 *
 * - `adam`: Adam (Kingma & Ba 2015) with L2 weight decay, `g + weightDecay * w`
 *   added to the gradient before the moments (PyTorch's `Adam(weight_decay)`);
 * - `adamw`: Adam with decoupled weight decay (Loshchilov & Hutter 2019): each
 *   step also shrinks the weights, `w <- w * (1 - learningRate * weightDecay)`,
 *   outside the moments (PyTorch's `AdamW`);
 * - `sgd`: stochastic gradient descent with momentum (`v <- momentum * v + g`,
 *   `w <- w - learningRate * v`, or Nesterov's variant), L2 decay added to
 *   the gradient as for adam.
 *
 * Decay applies to every variable the stage trains, biases included, as
 * PyTorch does when a model's parameters are passed whole.
 */
export type OptimizerSpec = ResolvedOptimizer & { learningRate: number };

export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** The optimizer one stage of a run steps with: gradients in, variables updated, its state saveable. */
export interface StageOptimizer {
  /** Applies one step's gradients, keyed by variable name, to `variables` (in the same order every step). */
  apply(grads: tf.NamedTensorMap, variables: tf.Variable[]): void;
  /** Moments, momentum and step count: what a checkpoint must hold to continue exactly. */
  getWeights(): Promise<NamedTensor[]>;
  setWeights(weights: NamedTensor[]): Promise<void>;
  dispose(): void;
}

export function createOptimizer(spec: OptimizerSpec): StageOptimizer {
  const withMomentum = spec.kind === 'sgd' && spec.momentum > 0;
  const inner =
    spec.kind === 'sgd'
      ? withMomentum
        ? tf.train.momentum(spec.learningRate, spec.momentum, spec.nesterov)
        : tf.train.sgd(spec.learningRate)
      : tf.train.adam(spec.learningRate);
  const coupledDecay = spec.kind === 'adamw' ? 0 : spec.weightDecay;
  const decoupledShrink = spec.kind === 'adamw' ? 1 - spec.learningRate * spec.weightDecay : 1;
  return {
    apply(grads, variables) {
      if (coupledDecay > 0) {
        const decayed = tf.tidy(() => {
          const out: tf.NamedTensorMap = {};
          for (const variable of variables) {
            const grad = grads[variable.name];
            if (grad) out[variable.name] = tf.add(grad, tf.mul(variable, coupledDecay));
          }
          return out;
        });
        try {
          inner.applyGradients(inOrder(decayed));
        } finally {
          tf.dispose(Object.values(decayed));
        }
        return;
      }
      if (decoupledShrink !== 1) {
        // The moments see the gradient at the old weights; the shrink and the Adam step add up (PyTorch's order).
        tf.tidy(() => {
          for (const variable of variables) if (grads[variable.name]) variable.assign(tf.mul(variable, decoupledShrink));
        });
      }
      inner.applyGradients(inOrder(grads));
    },
    getWeights: () => inner.getWeights(),
    async setWeights(weights) {
      await inner.setWeights(weights);
      if (spec.kind !== 'sgd') replayAdamPowers(inner as tf.AdamOptimizer);
    },
    dispose: () => {
      inner.dispose();
      // tfjs's MomentumOptimizer.dispose frees its momentum but not the -learningRate scalar its SGD parent keeps.
      // (Not `instanceof`: tfjs optimizers answer it for any optimizer.)
      if (withMomentum) (inner as unknown as { c: tf.Tensor }).c.dispose();
    },
  };
}

/**
 * tfjs's Adam.setWeights recomputes beta^t with pow(), while a running Adam
 * multiplies by beta every step; in float32 the two differ in the last bit,
 * enough for a resumed run to drift from an uninterrupted one. Replaying the
 * multiplications gives the running values exactly.
 */
function replayAdamPowers(adam: tf.AdamOptimizer): void {
  const state = adam as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable; beta1: number; beta2: number; iterations: number };
  tf.tidy(() => {
    let beta1: tf.Tensor = tf.scalar(state.beta1);
    let beta2: tf.Tensor = tf.scalar(state.beta2);
    for (let step = 0; step < state.iterations; step++) {
      beta1 = tf.mul(beta1, state.beta1);
      beta2 = tf.mul(beta2, state.beta2);
    }
    state.accBeta1.assign(beta1);
    state.accBeta2.assign(beta2);
  });
}

/** The gradients as the list tfjs optimizers take, in the order they were computed (their state is kept by position). */
const inOrder = (grads: tf.NamedTensorMap): NamedTensor[] => Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
