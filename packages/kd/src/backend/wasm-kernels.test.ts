import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './select-backend.ts';
import { registerWasmTrainingKernels } from './wasm-kernels.ts';

type Pad = 'valid' | 'same' | number;
interface Case { pad: Pad; stride: number; k: number; cin: number; cout: number; h: number; w: number }

const N = 3;

function randomArray(size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: size }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** d/dx and d/dw of sum(conv2d(x, w) * r) on `backend`, as plain arrays. */
async function convGrads(backend: string, c: Case): Promise<[Float32Array, Float32Array]> {
  await tf.setBackend(backend);
  const grads = tf.tidy(() => {
    const x = tf.tensor4d(randomArray(N * c.h * c.w * c.cin, 1), [N, c.h, c.w, c.cin]);
    const w = tf.tensor4d(randomArray(c.k * c.k * c.cin * c.cout, 2), [c.k, c.k, c.cin, c.cout]);
    const outShape = tf.conv2d(x, w, c.stride, c.pad).shape;
    const r = tf.tensor(randomArray(outShape.reduce((a, b) => a * b), 3), outShape);
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad).mul(r).sum();
    return tf.grads(f)([x, w]);
  });
  const [gx, gw] = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  return [gx!, gw!];
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 1;
  expected.forEach((e, i) => {
    diff = Math.max(diff, Math.abs(e - actual[i]!));
    scale = Math.max(scale, Math.abs(e));
  });
  return diff / scale;
}

const cases: Case[] = [];
for (const pad of ['valid', 'same'] as const) {
  for (const stride of [1, 2]) {
    for (const k of [3, 5]) {
      for (const cin of [1, 3]) cases.push({ pad, stride, k, cin, cout: 4 + (cases.length % 5), h: 7, w: 9 });
    }
  }
}
cases.push(
  { pad: 'valid', stride: 2, k: 3, cin: 2, cout: 4, h: 8, w: 10 }, // last row/col unused: result is cropped
  { pad: 'same', stride: 2, k: 3, cin: 3, cout: 5, h: 8, w: 8 }, // asymmetric SAME padding
  { pad: 1, stride: 1, k: 3, cin: 3, cout: 6, h: 7, w: 9 },
  { pad: 2, stride: 2, k: 5, cin: 1, cout: 7, h: 9, w: 7 },
  { pad: 3, stride: 1, k: 3, cin: 2, cout: 4, h: 5, w: 6 }, // pad > k-1: input grad falls back to stock
);

describe('wasm training kernels', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('is idempotent', () => {
    const before = tf.getKernel('Conv2DBackpropInput', 'wasm');
    registerWasmTrainingKernels();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(before);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  it.each(cases)('matches cpu gradients: %o', async (c) => {
    const [cpuX, cpuW] = await convGrads('cpu', c);
    await tf.setBackend('wasm');
    const dataIds = tf.backend().numDataIds();
    const [wasmX, wasmW] = await convGrads('wasm', c);
    expect(tf.backend().numDataIds()).toBe(dataIds);
    expect(relativeError(wasmX, cpuX)).toBeLessThan(1e-4);
    expect(relativeError(wasmW, cpuW)).toBeLessThan(1e-4);
  });

  it.each([
    [false, false, [2, 5, 3], [2, 3, 4]],
    [true, false, [2, 3, 5], [2, 3, 4]],
    [false, true, [2, 5, 3], [2, 4, 3]],
    [true, true, [1, 7, 6], [1, 4, 7]],
  ])('matMul with transposeA=%s transposeB=%s matches cpu and frees its scratch tensors', async (ta, tb, aShape, bShape) => {
    const product = async (backend: string) => {
      await tf.setBackend(backend);
      const out = tf.tidy(() =>
        tf.matMul(
          tf.tensor3d(randomArray(aShape.reduce((x, y) => x * y), 5), aShape as [number, number, number]),
          tf.tensor3d(randomArray(bShape.reduce((x, y) => x * y), 6), bShape as [number, number, number]),
          ta,
          tb,
        ),
      );
      const values = out.dataSync() as Float32Array;
      out.dispose();
      return values;
    };
    const cpu = await product('cpu');
    await tf.setBackend('wasm');
    const dataIds = tf.backend().numDataIds();
    const wasm = await product('wasm');
    expect(tf.backend().numDataIds()).toBe(dataIds);
    expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
  });

  it('sums rows into segments as cpu does, and backpropagates a gather through it', async () => {
    // Ids repeat, skip segment 3 and come unsorted: a graph's edge targets look like this.
    const ids = [4, 0, 2, 0, 4, 4, 1, 0];
    const segments = async (backend: string) => {
      await tf.setBackend(backend);
      const outputs = tf.tidy(() => {
        const x = tf.tensor2d(randomArray(ids.length * 3, 7), [ids.length, 3]);
        const table = tf.tensor2d(randomArray(5 * 3, 8), [5, 3]);
        const r = tf.tensor2d(randomArray(ids.length * 3, 9), [ids.length, 3]);
        const summed = tf.unsortedSegmentSum(x, tf.tensor1d(ids, 'int32'), 6);
        // The gradient of Gather is an UnsortedSegmentSum of the upstream gradient.
        const [gradient] = tf.grads((t: tf.Tensor) => tf.gather(t, tf.tensor1d(ids, 'int32')).mul(r).sum())([table]);
        return [summed, gradient!];
      });
      const values = outputs.map((t) => t.dataSync() as Float32Array);
      tf.dispose(outputs);
      return values;
    };
    const [cpuSum, cpuGrad] = await segments('cpu');
    await tf.setBackend('wasm');
    const tensors = tf.memory().numTensors;
    const dataIds = tf.backend().numDataIds();
    const [wasmSum, wasmGrad] = await segments('wasm');
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(dataIds);
    expect(Array.from(wasmSum!.slice(9, 12))).toEqual([0, 0, 0]); // segment 3 has no rows
    expect(relativeError(wasmSum!, cpuSum!)).toBeLessThan(1e-6);
    expect(relativeError(wasmGrad!, cpuGrad!)).toBeLessThan(1e-6);
  });

  it('refuses a segment id outside the output instead of writing past it', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([3, 2]);
    const ids = tf.tensor1d([0, 5, 1], 'int32');
    expect(() => tf.unsortedSegmentSum(x, ids, 4)).toThrow(/segment id 5 at row 1 is outside 0\.\.3/);
    tf.dispose([x, ids]);
  });

  it('rejects NCHW', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 1, 5, 5]);
    const dy = tf.zeros([1, 2, 3, 3]);
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 1, 2] };
    const run = () => tf.getKernel('Conv2DBackpropFilter', 'wasm')!.kernelFunc({ inputs: { x, dy }, backend: tf.backend(), attrs });
    expect(run).toThrow(/NHWC/);
    tf.dispose([x, dy]);
  });

  it('trains a small CNN without leaking tensors', async () => {
    await tf.setBackend('wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10 }),
      ],
    });
    const optimizer = tf.train.adam(0.01);
    const x = tf.tensor4d(randomArray(32 * 28 * 28, 4), [32, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => (i * 7) % 10), 'int32'), 10);
    const step = (): number => {
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, true)!;
      const value = loss.dataSync()[0]!;
      loss.dispose();
      return value;
    };

    const first = step(); // creates the optimizer's slot variables
    const tensors = tf.memory().numTensors;
    const dataIds = tf.backend().numDataIds();
    let last = first;
    for (let i = 0; i < 10; i++) last = step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(dataIds);
    expect(last).toBeLessThan(first * 0.7);

    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});

describe('selectBackend', () => {
  it("'tensorflow' explains how to get a native binding", async () => {
    // Neither @tensorflow/tfjs-node nor -node-gpu is installed in this repo.
    await expect(selectBackend('tensorflow')).rejects.toThrow(/tfjs-node/);
  });

  it("'auto' falls back to wasm", async () => {
    expect(await selectBackend('auto')).toEqual({ backend: 'wasm', device: expect.stringMatching(/^cpu \(wasm/) });
  });

  it("'cpu' selects the JS backend", async () => {
    expect(await selectBackend('cpu')).toEqual({ backend: 'cpu', device: 'cpu' });
  });
});
