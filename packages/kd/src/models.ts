import * as tf from '@tensorflow/tfjs';
import type { Architecture } from '@distillery/contracts';
import { architectureCost } from '@distillery/contracts';
import { ReseededDropout } from './dropout.ts';
import { buildTransformer } from './transformer.ts';

/**
 * Builds a classifier from its spec. The last layer is linear: models output
 * raw logits, because distillation needs logits (softmax at a temperature) and
 * the cross-entropy is computed from logits for numerical stability.
 * Every initialiser gets its own seed derived from `seed`, so a job's seed fixes
 * the initial weights.
 *
 * Layers get stable names (`conv1`, `pool1`, ..., `flatten`, `dense1`,
 * `dropout1`, ..., `logits`): feature and attention distillation name layers
 * in the job, and tfjs's own names (`conv2d_Conv2D17`) depend on how many
 * layers the process has built before. A transformer is a functional model
 * (buildTransformer): `embedding`, `block1/attention`, `block1`, ..., `pool`,
 * `logits`. The model itself is named after its kind, so the same spec and
 * seed give the same model.json, byte for byte, and the same digest.
 */
export function buildClassifier(
  architecture: Architecture,
  inputShape: number[],
  numClasses: number,
  seed: number,
): tf.LayersModel {
  architectureCost(architecture, inputShape, numClasses); // throws for shapes the architecture cannot take
  let layerSeed = Math.imul(seed, 7919) >>> 0;
  const nextSeed = () => (layerSeed = (layerSeed + 1) >>> 0);
  if (architecture.kind === 'transformer') return buildTransformer(architecture, inputShape, numClasses, nextSeed);
  // Named, so model.json (and so the model's digest) is the same whatever the process built before:
  // tfjs numbers unnamed models (sequential_37), and a retrained identical teacher must hit the cache.
  const model = tf.sequential({ name: architecture.kind });
  if (architecture.kind === 'mlp') {
    // Flatten needs rank >= 2 inputs per sample; vectors go in as they are.
    model.add(
      inputShape.length > 1 ? tf.layers.flatten({ inputShape, name: 'flatten' }) : tf.layers.inputLayer({ inputShape, name: 'input' }),
    );
    architecture.hidden.forEach((units, index) => {
      model.add(dense(units, architecture.activation ?? 'relu', nextSeed(), `dense${index + 1}`));
      if (architecture.dropout) model.add(new ReseededDropout(nextSeed(), { rate: architecture.dropout, name: `dropout${index + 1}` }));
    });
  } else {
    const kernelSize = architecture.kernelSize ?? 3;
    architecture.filters.forEach((filters, index) => {
      model.add(
        tf.layers.conv2d({
          ...(index === 0 ? { inputShape } : {}),
          filters,
          kernelSize,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: tf.initializers.heNormal({ seed: nextSeed() }),
          name: `conv${index + 1}`,
        }),
      );
      model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `pool${index + 1}` }));
    });
    model.add(tf.layers.flatten({ name: 'flatten' }));
    (architecture.dense ?? []).forEach((units, index) => {
      model.add(dense(units, 'relu', nextSeed(), `dense${index + 1}`));
      if (architecture.dropout) model.add(new ReseededDropout(nextSeed(), { rate: architecture.dropout, name: `dropout${index + 1}` }));
    });
  }
  model.add(
    tf.layers.dense({ units: numClasses, kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }), name: 'logits' }),
  );
  return model;
}

function dense(units: number, activation: 'relu' | 'tanh', seed: number, name: string): tf.layers.Layer {
  // He initialisation suits relu; Glorot suits tanh.
  const kernelInitializer =
    activation === 'tanh' ? tf.initializers.glorotUniform({ seed }) : tf.initializers.heNormal({ seed });
  return tf.layers.dense({ units, activation, kernelInitializer, name });
}

/** Number of trainable parameters. */
export function countParameters(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, weight) => sum + weight.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
}
