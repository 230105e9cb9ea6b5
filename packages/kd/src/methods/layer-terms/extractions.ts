import * as tf from '@tensorflow/tfjs';

/**
 * What a teacher subjob extracts from one layer for a method: the layer's
 * output, or (for attention transfer) only its attention energies
 * mean_c |A_c|^p, h*w numbers per sample instead of h*w*c. Precomputed
 * extractions are stored under keys that say which one they hold.
 */
export interface LayerExtraction {
  layer: string;
  /** Keep only the attention energies with this exponent; the layer must output feature maps [h, w, c]. */
  attentionP?: number;
}

/** Per-sample shape of what an extraction keeps of a layer with this output shape, or undefined if it cannot apply. */
export function extractedShape(extraction: LayerExtraction, layerShape: number[]): number[] | undefined {
  if (extraction.attentionP === undefined) return layerShape;
  return layerShape.length === 3 ? layerShape.slice(0, 2) : undefined;
}

/** Applies the extraction to a batch of the layer's outputs. */
export function extract(extraction: LayerExtraction, output: tf.Tensor): tf.Tensor {
  return extraction.attentionP === undefined ? output : attentionEnergy(output as tf.Tensor4D, extraction.attentionP);
}

/** sqrt(max(sum x^2, eps^2)) per row: the norm, without sqrt's infinite gradient at 0. */
export function safeNorm(x: tf.Tensor2D, eps = 1e-12): tf.Tensor1D {
  return tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1), eps * eps)) as tf.Tensor1D;
}

/**
 * Un-normalised spatial attention of a feature map [n, h, w, c]: the mean over
 * channels of |A_c|^p, [n, h, w]. p = 2 is computed as A^2 (same value, and
 * a cheaper, smooth gradient). The channel mean is a product with a [c, 1]
 * column of 1/c: tf.mean's gradient is a broadcasting multiply, which the wasm
 * backend runs as a slow scalar loop (about 30 ms per step for 128x28x28x8).
 */
export function attentionEnergy(a: tf.Tensor4D, p = 2): tf.Tensor3D {
  const [n, h, w, c] = a.shape;
  return tf.tidy(() => {
    const powered = p === 2 ? tf.square(a) : tf.pow(tf.abs(a), p);
    const mean = tf.matMul(powered.reshape([n * h * w, c]), tf.fill([c, 1], 1 / c));
    return mean.reshape([n, h, w]) as tf.Tensor3D;
  });
}
