import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * Layer normalization over the last axis, (x - mean) / sqrt(variance + eps)
 * * gamma + beta, written with broadcasting ops.
 *
 * tfjs-layers' LayerNormalization computes the same thing but tiles gamma,
 * beta, the mean and the variance to the input's full shape first; the
 * gradient of Tile walks the input one slice at a time, and on the wasm
 * backend each slice reads the whole gradient back from the heap, so a
 * training step cost grew with the square of batch x tokens (a [256, 8]
 * sequence transformer spent two thirds of each step there). Broadcasting
 * reduces the gradients with one sum each. The weights keep tfjs's names
 * (gamma, beta) and epsilon (1e-3), so the two compute the same function.
 */
export class LayerNorm extends tf.layers.Layer {
  static readonly className = 'DistilleryLayerNorm';
  readonly epsilon: number;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;

  constructor(args: LayerArgs & { epsilon?: number }) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-3;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const dim = shape[shape.length - 1] as number;
    this.gamma = this.addWeight('gamma', [dim], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const centered = tf.sub(x, tf.mean(x, -1, true));
      const variance = tf.mean(tf.square(centered), -1, true);
      const normed = tf.mul(centered, tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normed, this.gamma.read()), this.beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(LayerNorm);
