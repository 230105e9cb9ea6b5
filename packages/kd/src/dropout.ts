import * as tf from '@tensorflow/tfjs';

type DropoutArgs = Parameters<typeof tf.layers.dropout>[0];
type DropoutInstance = tf.layers.Layer & { seed?: number };

// tfjs-layers does not export the Dropout class itself, only its factory.
const Dropout = Object.getPrototypeOf(tf.layers.dropout({ rate: 0.5 })).constructor as new (args: DropoutArgs) => DropoutInstance;

/**
 * Dropout that is reproducible and still random. A seeded tfjs Dropout layer
 * restarts its generator from the same seed on every call, so each batch drops
 * the same units: not dropout at all. Unseeded, it draws from Math.random and
 * training cannot be reproduced. This one derives a fresh seed per training
 * call from a base seed and a counter of them; inference calls (evaluation
 * between epochs) draw nothing and count nothing, so whether and how often a
 * run evaluates never changes its masks. It serialises as a standard Dropout
 * layer (identity at inference), so saved models load with stock TensorFlow.js.
 */
export class ReseededDropout extends Dropout {
  /** Masks drawn so far (training calls); a checkpoint keeps it, so a resumed run draws the masks an uninterrupted one would. */
  calls = 0;

  constructor(private readonly baseSeed: number, args: Omit<DropoutArgs, 'seed'>) {
    super(args);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    // Kept below 2^32: tfjs seeds its generator from the number's decimal
    // string, and past 2^53 neighbouring seeds print the same.
    if (kwargs.training === true) this.seed = ((this.baseSeed >>> 0) * 1_000_003 + this.calls++) % 2 ** 32;
    return super.call(inputs, kwargs);
  }
}
