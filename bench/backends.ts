/**
 * Issue 8, item 3: how fast each TensorFlow.js backend runs the models the
 * service trains, and how close wasm gets to its own matMul ceiling.
 *
 * For each backend (cpu, wasm, and tensorflow when a native binding starts)
 * and each model (an MLP and a small CNN on 28x28x1 inputs): samples/s of
 * teacher-style inference (model.apply on a large batch, result read back) and
 * of student-style training (one Adam step on the KD loss, the loss read back).
 * Each measurement is steady state: warm-up steps first (kernel set-up, XNNPACK
 * operator creation, Adam slot variables), then the median of timed steps, so a
 * step slowed by other work on this shared machine does not move the figure.
 * The same batch and shapes run on every backend, so the ratios compare like
 * with like. Random inputs: throughput does not depend on the pixel values.
 */
import * as tf from '@tensorflow/tfjs';
import { architectureCost, type Architecture } from '@distillery/contracts';
import { buildClassifier, distillationLoss, selectBackend, type BackendChoice } from '@distillery/kd';
import { median, type Benchmark, type BenchFigure } from './lib/report.ts';

const GROUP = 'backends';
const INPUT_SHAPE = [28, 28, 1];
const CLASSES = 10;

interface ModelCase {
  key: 'mlp' | 'cnn';
  /** The teacher-sized model we time inference on. */
  inference: Architecture;
  /** The student-sized model we time training on. */
  training: Architecture;
  inferenceBatch: number;
  trainingBatch: number;
}

const CASES: ModelCase[] = [
  { key: 'mlp', inference: { kind: 'mlp', hidden: [512, 512] }, training: { kind: 'mlp', hidden: [64] }, inferenceBatch: 512, trainingBatch: 128 },
  // The same CNN both ways: the README's CNN teacher, and the shape whose
  // training the wasm filter-gradient kernel exists for. Training batch 32, not
  // the README's 64: the cpu backend's stock Conv2DBackpropFilter (a scalar JS
  // loop, ~90% of a cpu step) makes one 32-sample step take about 4 s here.
  { key: 'cnn', inference: { kind: 'cnn', filters: [16, 32], dense: [64] }, training: { kind: 'cnn', filters: [16, 32], dense: [64] }, inferenceBatch: 256, trainingBatch: 32 },
];

interface Timing {
  samplesPerSecond: number;
  /** Seconds per step, each timed step. */
  steps: number[];
  batch: number;
}

interface Budget {
  warmup: number;
  minSteps: number;
  /** Keep stepping until this much time has been measured (and minSteps done). */
  minSeconds: number;
}

const describe = (a: Architecture) =>
  a.kind === 'mlp'
    ? `mlp [${a.hidden.join(',')}]`
    : a.kind === 'cnn'
      ? `cnn [${a.filters.join(',')}] dense [${(a.dense ?? []).join(',')}]`
      : `transformer ${a.layers}x${a.heads}h dim ${a.dim}`;

export default (async ({ quick }) => {
  // With nothing active yet, tf.memory() would initialise whatever tfjs ranks
  // first (webgl, failing noisily in Node): start from the service's default.
  const originalBackend = tf.getBackend() ?? (await selectBackend('wasm')).backend;
  const startTensors = tf.memory().numTensors;
  // cpu is slow (a CNN training step of 32 samples takes ~4 s, an MLP
  // inference batch ~1 s), so it gets a few steps; its per-step time hardly
  // varies (no operator caches to fill after the first step). wasm steps are
  // short and get more, for a steadier median.
  const budgets: Record<string, Budget> = quick
    ? { cpu: { warmup: 1, minSteps: 1, minSeconds: 0 }, fast: { warmup: 2, minSteps: 5, minSeconds: 0.4 } }
    : { cpu: { warmup: 1, minSteps: 3, minSeconds: 1.5 }, fast: { warmup: 3, minSteps: 10, minSeconds: 2.5 } };

  const results: Record<string, Record<string, { inference: Timing; training: Timing }>> = {};
  const skipped: Record<string, string> = {};
  const devices: Record<string, string> = {};
  let ceiling: { gflops: number; blocks: number[] } | undefined;
  let gradientMatMul: Awaited<ReturnType<typeof weightGradientMatMul>> | undefined;
  let wasmThreads: number | undefined;

  try {
    for (const choice of ['cpu', 'wasm', 'tensorflow'] as BackendChoice[]) {
      try {
        devices[choice] = (await selectBackend(choice)).device;
      } catch (error) {
        skipped[choice] = (error as Error).message;
        continue;
      }
      const budget = choice === 'cpu' ? budgets.cpu! : budgets.fast!;
      results[choice] = {};
      for (const c of CASES) {
        results[choice][c.key] = {
          inference: await timeInference(c.inference, c.inferenceBatch, budget),
          training: await timeTraining(c.training, c.trainingBatch, budget),
        };
      }
      if (choice === 'wasm') {
        ceiling = await matMulCeiling(quick);
        gradientMatMul = await weightGradientMatMul();
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        wasmThreads = wasm.getThreadsCount();
      }
    }
  } finally {
    // Put back whatever the runner had active: the next benchmark must not
    // silently inherit our last backend.
    if (tf.getBackend() !== originalBackend) await tf.setBackend(originalBackend);
  }
  const leaked = tf.memory().numTensors - startTensors;
  if (leaked !== 0) throw new Error(`backends benchmark leaked ${leaked} tensors`);

  const rate = (backend: string, key: string, task: 'inference' | 'training') => results[backend]?.[key]?.[task]?.samplesPerSecond;
  const figures: BenchFigure[] = [];
  const nativeNote = skipped.tensorflow ? { tensorflow: `skipped: ${skipped.tensorflow}` } : {};

  for (const [key, target] of [['mlp', 3], ['cnn', 50]] as const) {
    const c = CASES.find((m) => m.key === key)!;
    const wasm = rate('wasm', key, 'training');
    const cpu = rate('cpu', key, 'training');
    if (wasm === undefined || cpu === undefined) throw new Error('the cpu and wasm backends must both start');
    figures.push({
      group: GROUP,
      name: `wasm / cpu training samples/s, ${describe(c.training)} (batch ${c.trainingBatch})`,
      value: wasm / cpu,
      unit: 'x',
      target: { op: '>=', value: target },
      details: { compares: 'steady-state Adam steps on the KD loss, median step time, same batch on both backends', wasm, cpu, ...nativeNote },
    });
  }

  for (const backend of Object.keys(results)) {
    for (const c of CASES) {
      for (const task of ['inference', 'training'] as const) {
        const timing = results[backend]![c.key]![task];
        const arch = task === 'inference' ? c.inference : c.training;
        figures.push({
          group: GROUP,
          name: `${backend} ${task} ${describe(arch)} (batch ${timing.batch})`,
          value: timing.samplesPerSecond,
          unit: 'samples/s',
          details: {
            device: devices[backend],
            steps: timing.steps.length,
            medianStepSeconds: median(timing.steps),
            fastestStepSeconds: Math.min(...timing.steps),
            slowestStepSeconds: Math.max(...timing.steps),
          },
        });
      }
    }
  }
  if (skipped.tensorflow) {
    figures.push({
      group: GROUP,
      name: 'tensorflow backend: skipped, no native binding',
      value: 0,
      unit: 'samples/s',
      details: { reason: skipped.tensorflow },
    });
  }

  if (ceiling) {
    figures.push({
      group: GROUP,
      name: 'wasm matMul 512x512 float32 (ceiling)',
      value: ceiling.gflops,
      unit: 'GFLOP/s',
      details: { flopPerMatMul: 2 * 512 ** 3, blockGflops: ceiling.blocks, threads: wasmThreads, device: devices.wasm },
    });
    if (gradientMatMul) {
      figures.push({
        group: GROUP,
        name: 'wasm matMul(a, b, transposeA) [128,784]^T x [128,64] (a dense weight gradient)',
        value: gradientMatMul.transposeA,
        unit: 'GFLOP/s',
        details: {
          why: "a Dense layer's weight gradient is matMul(x, dy, transposeA=true) and its input gradient matMul(dy, W, false, true); training time on wasm follows these",
          plainGflops: gradientMatMul.plain,
          explicitTransposeThenMatMulGflops: gradientMatMul.explicitTranspose,
        },
      });
    }
    for (const c of CASES) {
      for (const task of ['inference', 'training'] as const) {
        const arch = task === 'inference' ? c.inference : c.training;
        const flopPerSample = architectureCost(arch, INPUT_SHAPE, CLASSES).multiplyAddsPerSample * (task === 'inference' ? 2 : 6);
        const gflops = (rate('wasm', c.key, task)! * flopPerSample) / 1e9;
        figures.push({
          group: GROUP,
          name: `wasm ${task} ${describe(arch)}: share of matMul ceiling`,
          value: gflops / ceiling.gflops,
          unit: '',
          details: {
            gflops,
            flopPerSample,
            note: `FLOP counted as ${task === 'inference' ? 2 : 6} x architectureCost().multiplyAddsPerSample (dense and conv multiply-adds only)`,
          },
        });
      }
    }
  }
  return figures;
}) satisfies Benchmark;

/** Runs `step` (one batch) through warm-up, then times steps until the budget is spent. */
async function measure(step: () => Promise<void>, batch: number, budget: Budget): Promise<Timing> {
  for (let i = 0; i < budget.warmup; i++) await step();
  const steps: number[] = [];
  let total = 0;
  while (steps.length < budget.minSteps || total < budget.minSeconds) {
    const started = performance.now();
    await step();
    const elapsed = (performance.now() - started) / 1000;
    steps.push(elapsed);
    total += elapsed;
  }
  return { samplesPerSecond: batch / median(steps), steps, batch };
}

async function timeInference(architecture: Architecture, batch: number, budget: Budget): Promise<Timing> {
  const before = tf.memory().numTensors;
  const model = buildClassifier(architecture, INPUT_SHAPE, CLASSES, 1);
  const x = tf.randomUniform([batch, ...INPUT_SHAPE], 0, 1, 'float32', 1);
  try {
    return await measure(
      async () => {
        const y = model.apply(x, { training: false }) as tf.Tensor;
        // Reading back is part of inference (and the sync point on async backends).
        await y.data();
        y.dispose();
      },
      batch,
      budget,
    );
  } finally {
    x.dispose();
    model.dispose();
    checkTensors('inference', before);
  }
}

async function timeTraining(architecture: Architecture, batch: number, budget: Budget): Promise<Timing> {
  const before = tf.memory().numTensors;
  const model = buildClassifier(architecture, INPUT_SHAPE, CLASSES, 1);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(0.001);
  const x = tf.randomUniform([batch, ...INPUT_SHAPE], 0, 1, 'float32', 2);
  const labels = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, CLASSES, 'int32', 3), CLASSES).toFloat() as tf.Tensor2D);
  const teacherProbs = tf.tidy(() => tf.softmax(tf.randomNormal([batch, CLASSES], 0, 2, 'float32', 4)) as tf.Tensor2D);
  const mask = tf.ones([batch]) as tf.Tensor1D;
  try {
    return await measure(
      async () => {
        const cost = optimizer.minimize(
          () =>
            distillationLoss({
              studentLogits: model.apply(x, { training: true }) as tf.Tensor2D,
              labels,
              hardMask: mask,
              teacherProbs,
              softMask: mask,
              temperature: 4,
              alpha: 0.9,
            }),
          true,
          variables,
        )!;
        await cost.data();
        cost.dispose();
      },
      batch,
      budget,
    );
  } finally {
    tf.dispose([x, labels, teacherProbs, mask]);
    optimizer.dispose();
    model.dispose();
    checkTensors('training', before);
  }
}

/**
 * The practical ceiling: a 512x512 float32 matMul (XNNPACK GEMM on wasm),
 * 2·n³ FLOP each. Blocks of back-to-back matMuls, read back once per block
 * (wasm runs ops synchronously; the read is a guard for async backends and
 * costs ~1% of a block); the median block is the figure.
 */
async function matMulCeiling(quick: boolean): Promise<{ gflops: number; blocks: number[] }> {
  const before = tf.memory().numTensors;
  const n = 512;
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 5);
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 6);
  const perBlock = 10;
  const block = async () => {
    let last: tf.Tensor | undefined;
    for (let i = 0; i < perBlock; i++) {
      last?.dispose();
      last = tf.matMul(a, b);
    }
    await last!.data();
    last!.dispose();
  };
  try {
    for (let i = 0; i < 2; i++) await block();
    const gflops: number[] = [];
    for (let i = 0; i < (quick ? 3 : 9); i++) {
      const started = performance.now();
      await block();
      gflops.push((perBlock * 2 * n ** 3) / ((performance.now() - started) / 1000) / 1e9);
    }
    return { gflops: median(gflops), blocks: gflops };
  } finally {
    tf.dispose([a, b]);
    checkTensors('matMul', before);
  }
}

/**
 * The matMul a Dense layer's backward pass runs for its weight gradient
 * (student mlp [64], batch 128: x^T·dy), against the same product without
 * transpose flags and with an explicit transpose first. Explains the training
 * share of the ceiling below.
 */
async function weightGradientMatMul(): Promise<{ transposeA: number; plain: number; explicitTranspose: number }> {
  const before = tf.memory().numTensors;
  const x = tf.randomUniform([128, 784], 0, 1, 'float32', 7);
  const dy = tf.randomUniform([128, 64], 0, 1, 'float32', 8);
  const xT = tf.randomUniform([784, 128], 0, 1, 'float32', 9);
  const flop = 2 * 128 * 784 * 64;
  const rate = async (f: () => tf.Tensor) => {
    const run = async () => {
      const y = f();
      await y.data();
      y.dispose();
    };
    for (let i = 0; i < 5; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      await run();
      times.push((performance.now() - started) / 1000);
    }
    return flop / median(times) / 1e9;
  };
  try {
    return {
      transposeA: await rate(() => tf.matMul(x, dy, true, false)),
      plain: await rate(() => tf.matMul(xT, dy)),
      explicitTranspose: await rate(() => tf.tidy(() => tf.matMul(tf.transpose(x), dy))),
    };
  } finally {
    tf.dispose([x, dy, xT]);
    checkTensors('gradient matMul', before);
  }
}

function checkTensors(what: string, before: number): void {
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`${what} benchmark leaked ${after - before} tensors`);
}
