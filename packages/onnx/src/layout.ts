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
