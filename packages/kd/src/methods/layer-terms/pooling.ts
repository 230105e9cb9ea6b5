import * as tf from '@tensorflow/tfjs';

/**
 * [to, from] matrix whose row i averages the inputs of output bin i, with the
 * bins of PyTorch's adaptive_avg_pool2d: [floor(i*from/to), ceil((i+1)*from/to)).
 * When `from` is a multiple of `to` the bins are plain non-overlapping blocks,
 * so this is ordinary average pooling with window and stride from/to.
 */
export function poolingMatrix(from: number, to: number): number[][] {
  if (!(to >= 1 && to <= from)) throw new RangeError(`cannot pool ${from} positions down to ${to}`);
  return Array.from({ length: to }, (_, i) => {
    const start = Math.floor((i * from) / to);
    const end = Math.ceil(((i + 1) * from) / to);
    return Array.from({ length: from }, (_, j) => (j >= start && j < end ? 1 / (end - start) : 0));
  });
}

/**
 * Average pooling of [n, h, w, c] down to [n, height, width, c] (adaptive bins,
 * see poolingMatrix). Written as two matrix products rather than tf.avgPool so
 * it handles sizes that do not divide (7 -> 3) and trains on every backend.
 */
export function adaptiveAvgPool(x: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (h === height && w === width) return x;
  return tf.tidy(() => {
    // Width: [n,h,w,c] -> [n*h*c, w] x [w, width] -> [n,h,width,c].
    const pw = tf.tensor2d(poolingMatrix(w, width)).transpose();
    const alongWidth = tf
      .matMul(tf.transpose(x, [0, 1, 3, 2]).reshape([n * h * c, w]), pw)
      .reshape([n, h, c, width])
      .transpose([0, 1, 3, 2]);
    // Height: [n,h,width,c] -> [n*width*c, h] x [h, height] -> [n,height,width,c].
    const ph = tf.tensor2d(poolingMatrix(h, height)).transpose();
    return tf
      .matMul(tf.transpose(alongWidth, [0, 2, 3, 1]).reshape([n * width * c, h]), ph)
      .reshape([n, width, c, height])
      .transpose([0, 3, 1, 2]) as tf.Tensor4D;
  });
}
