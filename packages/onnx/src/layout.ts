import type { InputLayout } from '@distillery/contracts';

/**
 * Rows of [height, width, channels] images (the service's layout, and
 * TensorFlow.js's) rearranged to [channels, height, width] (PyTorch's, and so
 * most ONNX exports'). A copy: the rows given are left as they are.
 */
export function nhwcToNchw(x: Float32Array, rows: number, [height, width, channels]: number[]): Float32Array {
  const plane = height! * width!;
  const size = plane * channels!;
  const out = new Float32Array(rows * size);
  for (let r = 0; r < rows; r++) {
    const base = r * size;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < channels!; c++) out[base + c * plane + p] = x[base + p * channels! + c]!;
    }
  }
  return out;
}

/** An output's per-sample shape as the service reads it: an NCHW model's feature maps [c, h, w] as [h, w, c]. */
export function serviceOutputShape(sample: number[], layout: InputLayout | undefined): number[] {
  return layout === 'nchw' && sample.length === 3 ? [sample[1]!, sample[2]!, sample[0]!] : sample;
}

/** The inverse of serviceOutputShape: the per-sample shape ONNX Runtime returns for an output the service reads as `shape`. */
export function modelOutputShape(shape: number[], layout: InputLayout | undefined): number[] {
  return layout === 'nchw' && shape.length === 3 ? [shape[2]!, shape[0]!, shape[1]!] : shape;
}

/** Rows of [c, h, w] feature maps as [h, w, c]: the inverse of nhwcToNchw. */
export function nchwToNhwc(x: Float32Array, rows: number, [channels, height, width]: number[]): Float32Array {
  const plane = height! * width!;
  const size = plane * channels!;
  const out = new Float32Array(rows * size);
  for (let r = 0; r < rows; r++) {
    const base = r * size;
    for (let c = 0; c < channels!; c++) {
      for (let p = 0; p < plane; p++) out[base + p * channels! + c] = x[base + c * plane + p]!;
    }
  }
  return out;
}
