import * as tf from '@tensorflow/tfjs';
// The stock wasm kernels must be in the registry before we read (and wrap) them.
import '@tensorflow/tfjs-backend-wasm';

/**
 * Training kernels for the tfjs wasm backend.
 *
 * wasm ships no `Conv2DBackpropFilter` (so no CNN can train on it) and its
 * `Conv2DBackpropInput` is a scalar C++ loop. Both gradients are themselves
 * correlations, so we rewrite them as a call to wasm's own `Conv2D`, which is
 * XNNPACK (SIMD GEMM). Everything here runs on TensorInfo inside a kernel:
 * each intermediate is released with `backend.disposeData`, which also frees
 * the XNNPACK operator that Conv2D cached for it (its cache is keyed by filter
 * id, so the one-off "filters" built here must not outlive the call).
 */

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
type Conv4D = [number, number, number, number];

const BACKEND = 'wasm';

function kernel(name: string): tf.KernelFunc {
  const config = tf.getKernel(name, BACKEND);
  if (!config) throw new Error(`wasm backend has no '${name}' kernel; import '@tensorflow/tfjs-backend-wasm' first`);
  return config.kernelFunc;
}

/** Runs wasm kernels and remembers their outputs so one call frees them all. */
class Scratch {
  private readonly made: tf.TensorInfo[] = [];
  constructor(readonly backend: tf.KernelBackend) {}

  run(name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo {
    const out = kernel(name)({ inputs, backend: this.backend, attrs }) as tf.TensorInfo;
    this.made.push(out);
    return out;
  }

  /** Hands `t` to the caller: it is not freed by `dispose`. */
  keep(t: tf.TensorInfo): tf.TensorInfo {
    this.made.splice(this.made.indexOf(t), 1);
    return t;
  }

  dispose(): void {
    // disposeData is refcounted, so outputs that alias an input (Reshape) are safe.
    for (const t of this.made) this.backend.disposeData(t.dataId);
    this.made.length = 0;
  }
}

function checkAttrs(op: string, attrs: { dataFormat?: string; dilations?: number | number[] }, x: tf.TensorInfo): void {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new Error(`${op} on wasm: only NHWC is supported, got dataFormat '${attrs.dataFormat}'`);
  }
  const d = attrs.dilations;
  if (d !== undefined && [d].flat().some((v) => v !== 1)) {
    throw new Error(`${op} on wasm: dilations must be 1, got ${String(d)}`);
  }
  if (x.dtype !== 'float32') throw new Error(`${op} on wasm: only float32 is supported, got ${x.dtype}`);
}

function conv(s: Scratch, x: tf.TensorInfo, filter: tf.TensorInfo, dilation: [number, number], pads: number[]): tf.TensorInfo {
  const [top = 0, bottom = 0, left = 0, right = 0] = pads;
  return s.run('Conv2D', { x, filter }, {
    strides: [1, 1],
    dilations: dilation,
    pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
    dataFormat: 'NHWC',
  });
}

/**
 * dW[kh,kw,ci,co] = sum_{n,oh,ow} x[n, oh*s+kh-pt, ow*s+kw-pl, ci] * dy[n,oh,ow,co].
 * Read the batch as channels and that is a plain convolution of x^T
 * [Cin,H,W,N] by dy^T [OH,OW,N,Cout] used as the filter, dilated by the
 * stride, whose output [Cin,KH,KW,Cout] is dW up to a transpose. The
 * reduction over N*OH*OW becomes XNNPACK's GEMM inner dimension.
 */
function conv2DBackpropFilter({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs & { dilations?: number | number[] };
  checkAttrs('Conv2DBackpropFilter', a, x);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Conv4D, a.filterShape, a.strides, 1, a.pad as Pad, a.dimRoundingMode,
  );
  const { filterHeight: kh, filterWidth: kw, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  // Pad the far side just enough for a KH x KW output. It goes negative when
  // the forward conv never read the last rows (valid, stride 2); then pad 0
  // and crop the surplus rows of the result instead.
  const bottom = Math.max(0, kh + (oh - 1) * sh - h - padInfo.top);
  const right = Math.max(0, kw + (ow - 1) * sw - w - padInfo.left);

  const s = new Scratch(backend as tf.KernelBackend);
  try {
    const xT = s.run('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const dyT = s.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    let g = conv(s, xT, dyT, [sh, sw], [padInfo.top, bottom, padInfo.left, right]);
    if (g.shape[1] !== kh || g.shape[2] !== kw) {
      g = s.run('Slice', { x: g }, { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] });
    }
    return s.keep(s.run('Transpose', { x: g }, { perm: [1, 2, 0, 3] }));
  } finally {
    s.dispose();
  }
}

/**
 * For stride 1, dx is the "full" correlation of dy with the filter rotated
 * 180 degrees and its in/out channels swapped:
 * dx[n,i,j,ci] = sum dy[n, i+pt-kh, j+pl-kw, co] * W[kh,kw,ci,co].
 * Padding dy by KH-1-pt on top (and what is left to reach H at the bottom)
 * makes that a forward Conv2D. Strides > 1 would need a zero-dilated dy,
 * which XNNPACK's conv cannot take, so they keep the stock kernel.
 */
function fastConv2DBackpropInput(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const a = attrs as unknown as tf.Conv2DBackpropInputAttrs & { dilations?: number | number[] };
    if (a.dataFormat === 'NCHW') return stock(args); // the stock kernel handles both layouts
    checkAttrs('Conv2DBackpropInput', a, dy);
    const info = tf.backend_util.computeConv2DInfo(
      a.inputShape, filter.shape as Conv4D, a.strides, 1, a.pad as Pad, a.dimRoundingMode,
    );
    const { filterHeight: kh, filterWidth: kw, inHeight: h, inWidth: w, padInfo } = info;
    const [, oh = 0, ow = 0] = dy.shape;
    const pads = [kh - 1 - padInfo.top, h + padInfo.top - oh, kw - 1 - padInfo.left, w + padInfo.left - ow];
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || pads.some((p) => p < 0)) return stock(args);

    const s = new Scratch(backend as tf.KernelBackend);
    try {
      const flipped = s.run('Reverse', { x: filter }, { dims: [0, 1] });
      const swapped = s.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
      return s.keep(conv(s, dy, swapped, [1, 1], pads));
    } finally {
      s.dispose();
    }
  };
}

/** Kernel functions installed by this module, so re-registration is skipped. */
const installed = new Set<tf.KernelFunc>();

function install(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, BACKEND)) tf.unregisterKernel(config.kernelName, BACKEND);
  tf.registerKernel(config);
  installed.add(config.kernelFunc);
}

/**
 * wasm's BatchMatMul runs its fast (XNNPACK) path only without transpose
 * flags; with one (every dense layer's weight and input gradients) it falls
 * back to a scalar loop, about 13x slower. An explicit Transpose first is far
 * cheaper than that loop.
 */
function fastBatchMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  const swapLastTwo = (rank: number) => [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return stock({ inputs, backend, attrs });
    const scratch = new Scratch(backend as tf.KernelBackend);
    try {
      let { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      if (transposeA) a = scratch.run('Transpose', { x: a }, { perm: swapLastTwo(a.shape.length) });
      if (transposeB) b = scratch.run('Transpose', { x: b }, { perm: swapLastTwo(b.shape.length) });
      return stock({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      scratch.dispose();
    }
  };
}

/** What the wasm backend offers beyond KernelBackend that the kernels below read. */
interface WasmHeap extends tf.KernelBackend {
  /** A view of a tensor's values on the wasm heap, valid until the next allocation. */
  typedArrayFromHeap(info: tf.TensorInfo): Int32Array | Float32Array;
}

/**
 * wasm has no `UnsortedSegmentSum`, which is both a graph network's
 * aggregation (each edge's message summed into its target node) and the
 * gradient of `Gather`, so nothing that gathers rows trains on wasm without
 * it. It is a `ScatterNd` (a C++ kernel, which sums repeated indices) of the
 * rows onto [numSegments, ...] at their segment ids. TensorFlow drops ids out
 * of range; ScatterNd would write outside its output, so they are refused.
 */
function unsortedSegmentSum({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
  if (segmentIds.shape.length !== 1 || segmentIds.shape[0] !== x.shape[0]) {
    throw new Error(`UnsortedSegmentSum on wasm: segment ids must be one per row of x, [${x.shape[0]}], got [${segmentIds.shape.join(', ')}]`);
  }
  const ids = (backend as WasmHeap).typedArrayFromHeap(segmentIds);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!(id >= 0 && id < numSegments)) throw new Error(`UnsortedSegmentSum on wasm: segment id ${id} at row ${i} is outside 0..${numSegments - 1}`);
  }
  const s = new Scratch(backend as tf.KernelBackend);
  try {
    const indices = s.run('Reshape', { x: segmentIds }, { shape: [ids.length, 1] });
    return s.keep(s.run('ScatterNd', { indices, updates: x }, { shape: [numSegments, ...x.shape.slice(1)] }));
  } finally {
    s.dispose();
  }
}

/**
 * Registers `Conv2DBackpropFilter` and `UnsortedSegmentSum`, and faster `Conv2DBackpropInput` and
 * transposed `BatchMatMul`, for the wasm backend. Idempotent, and fine to call
 * before or after the backend has started.
 */
export function registerWasmTrainingKernels(): void {
  const filter = tf.getKernel('Conv2DBackpropFilter', BACKEND);
  if (!filter || !installed.has(filter.kernelFunc)) {
    install({ kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: conv2DBackpropFilter as tf.KernelFunc });
  }
  const segmentSum = tf.getKernel('UnsortedSegmentSum', BACKEND);
  if (!segmentSum || !installed.has(segmentSum.kernelFunc)) {
    install({ kernelName: 'UnsortedSegmentSum', backendName: BACKEND, kernelFunc: unsortedSegmentSum as tf.KernelFunc });
  }
  const input = tf.getKernel('Conv2DBackpropInput', BACKEND);
  if (input && !installed.has(input.kernelFunc)) {
    // Keep the stock setupFunc: it binds the C++ entry point that the
    // stride > 1 fallback calls, should the backend start after this.
    install({ ...input, kernelFunc: fastConv2DBackpropInput(input.kernelFunc) });
  }
  const matMul = tf.getKernel('BatchMatMul', BACKEND);
  if (matMul && !installed.has(matMul.kernelFunc)) install({ ...matMul, kernelFunc: fastBatchMatMul(matMul.kernelFunc) });
}
