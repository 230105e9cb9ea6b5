/**
 * Issue 18: teacher inference with ONNX Runtime against TensorFlow.js on
 * wasm, on the same model with the same weights. The TensorFlow.js model is
 * built as the service builds teachers; its ONNX twin is written two ways:
 * by the service's exporter (channels-last, as the service's data) and, for
 * the CNN, as PyTorch exports it (channels-first, so every batch is also
 * transposed on the way in, as an uploaded PyTorch teacher's is). Both run
 * through the teacher runtime's own path (predictLogits over the same rows,
 * results read back); figures are samples per second, the median of timed
 * passes after a warm-up one, and the ratio of ONNX Runtime's to wasm's.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { Architecture } from '@distillery/contracts';
import { buildClassifier, predictLogits, selectBackend, type InferenceModel } from '@distillery/kd';
import { exportLayersModel, openOnnxTeacher } from '@distillery/onnx';
import { pytorchStyleOnnx } from '@distillery/onnx/test-models';
import { median, type Benchmark, type BenchFigure } from './lib/report.ts';

const GROUP = 'onnx';
const INPUT_SHAPE = [28, 28, 1];
const CLASSES = 10;

const CASES: { key: string; architecture: Architecture; pytorchStyle?: boolean }[] = [
  { key: 'mlp [512,512]', architecture: { kind: 'mlp', hidden: [512, 512] } },
  { key: 'cnn [16,32] dense [64]', architecture: { kind: 'cnn', filters: [16, 32], dense: [64] } },
  { key: 'cnn [16,32] dense [64], NCHW as PyTorch exports', architecture: { kind: 'cnn', filters: [16, 32], dense: [64] }, pytorchStyle: true },
  { key: 'transformer 2x4h dim 64', architecture: { kind: 'transformer', layers: 2, heads: 4, dim: 64 } },
];

async function samplesPerSecond(model: InferenceModel | tf.LayersModel, x: Float32Array, rows: number, repeats: number): Promise<number> {
  await predictLogits(model, x, INPUT_SHAPE, { numClasses: CLASSES }); // warm-up: kernels, operator set-up, memory planning
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await predictLogits(model, x, INPUT_SHAPE, { numClasses: CLASSES });
    times.push((performance.now() - started) / 1000);
  }
  return rows / median(times);
}

export default (async ({ quick }) => {
  const previous = tf.getBackend();
  await selectBackend('wasm');
  const rows = quick ? 512 : 4096;
  const repeats = quick ? 2 : 5;
  const cores = os.availableParallelism();
  const x = tf.tidy(() => tf.randomUniform([rows * 784], 0, 1, 'float32', 1).dataSync() as Float32Array);
  const figures: BenchFigure[] = [];
  for (const { key, architecture, pytorchStyle } of CASES) {
    const model = buildClassifier(architecture, INPUT_SHAPE, CLASSES, 1);
    const bytes = pytorchStyle ? await pytorchStyleOnnx(model) : await exportLayersModel(model);
    const info = pytorchStyle ? { input: 'input', output: 'output', layout: 'nchw' as const } : { input: 'input', output: 'logits' };
    const wasm = await samplesPerSecond(model, x, rows, repeats);
    const rates: Record<string, number> = {};
    for (const threads of [...new Set([1, cores])]) {
      const teacher = await openOnnxTeacher({ model: bytes, external: [] }, { info, inputShape: INPUT_SHAPE, numClasses: CLASSES, output: 'logits' }, { threads });
      rates[threads] = await samplesPerSecond(teacher, x, rows, repeats);
      teacher.dispose();
    }
    model.dispose();
    const details = { rows, wasmSamplesPerSecond: wasm, onnxSamplesPerSecond: rates, cores };
    figures.push({ group: GROUP, name: `${key}: tfjs-wasm inference`, value: wasm, unit: 'samples/s', details });
    figures.push({ group: GROUP, name: `${key}: ONNX Runtime ${cores} threads / tfjs-wasm`, value: rates[cores]! / wasm, unit: 'x', details });
    if (cores > 1) figures.push({ group: GROUP, name: `${key}: ONNX Runtime 1 thread / tfjs-wasm`, value: rates[1]! / wasm, unit: 'x', details });
  }
  if (previous) await tf.setBackend(previous);
  return figures;
}) satisfies Benchmark;
