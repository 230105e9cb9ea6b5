import * as tf from '@tensorflow/tfjs';
import type { Architecture } from '@distillery/contracts';
import { architectureCost } from '@distillery/contracts';
import { ReseededDropout } from './dropout.ts';

/**
 * Builds a classifier from its spec. The last layer is linear: models output
 * raw logits, because distillation needs logits (softmax at a temperature) and
 * the cross-entropy is computed from logits for numerical stability.
 * Every initialiser gets its own seed derived from `seed`, so a job's seed fixes
 * the initial weights.
 */
export function buildClassifier(
  architecture: Architecture,
  inputShape: number[],
  numClasses: number,
  seed: number,
): tf.Sequential {
  architectureCost(architecture, inputShape, numClasses); // throws for shapes the architecture cannot take
  let layerSeed = Math.imul(seed, 7919) >>> 0;
  const nextSeed = () => (layerSeed = (layerSeed + 1) >>> 0);
  const model = tf.sequential();
  if (architecture.kind === 'mlp') {
    // Flatten needs rank >= 2 inputs per sample; vectors go in as they are.
    model.add(inputShape.length > 1 ? tf.layers.flatten({ inputShape }) : tf.layers.inputLayer({ inputShape }));
    for (const units of architecture.hidden) {
      model.add(dense(units, architecture.activation ?? 'relu', nextSeed()));
      if (architecture.dropout) model.add(new ReseededDropout(nextSeed(), { rate: architecture.dropout }));
    }
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
        }),
      );
      model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    });
    model.add(tf.layers.flatten());
    for (const units of architecture.dense ?? []) {
      model.add(dense(units, 'relu', nextSeed()));
      if (architecture.dropout) model.add(new ReseededDropout(nextSeed(), { rate: architecture.dropout }));
    }
  }
  model.add(
    tf.layers.dense({ units: numClasses, kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }), name: 'logits' }),
  );
  return model;
}

function dense(units: number, activation: 'relu' | 'tanh', seed: number): tf.layers.Layer {
  // He initialisation suits relu; Glorot suits tanh.
  const kernelInitializer =
    activation === 'tanh' ? tf.initializers.glorotUniform({ seed }) : tf.initializers.heNormal({ seed });
  return tf.layers.dense({ units, activation, kernelInitializer });
}

/** Number of trainable parameters. */
export function countParameters(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, weight) => sum + weight.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
}
