/**
 * Issue 8, item 2: what the service adds on top of TensorFlow.js.
 *
 * One process holds a fresh redis-server (temp dir, free port), the API (the
 * Fastify `app` plugin driven with inject) and ONE in-process worker runtime on
 * the wasm backend. A teacher is trained through the API, then a distill job
 * runs; its result says how long trainClassifier took (`timings.student`), and
 * its teacher stage says how fast inference ran (`samplesPerSecond`). Then, in
 * the same process and on the same backend, a plain loop does the same work:
 *
 *   student: buildClassifier (same seed) + optimizer.minimize(distillationLoss)
 *            over the same MNIST images, labels and aggregated soft targets,
 *            same batch size, epochs, Adam learning rate and shuffle order;
 *   teacher: model.predict(x, { batchSize: 1024 }) over the same splits the
 *            teacher stage infers on (train + test).
 *
 * Service and bare runs alternate (ABBA order, so a drift in machine load
 * does not favour one side) and the figures are ratios of medians.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import Fastify, { type FastifyInstance } from 'fastify';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { app } from '@distillery/api';
import { artifactKeys, type Architecture, type BuiltinSource, type Dataset } from '@distillery/contracts';
import type { Job, TeacherLogitsOutput } from '@distillery/jobs';
import { loadBuiltin } from '@distillery/datasets';
import {
  aggregateTeachers,
  buildClassifier,
  distillationLoss,
  mulberry32,
  predictLogits,
  rowSize,
  shuffledIndices,
  trainClassifier,
} from '@distillery/kd';
import { createArtifactStore, decodeNpy, loadLayersModel, type ArtifactStore } from '@distillery/storage';
import { startWorkerRuntime, type WorkerRuntime } from '@distillery/worker';
import { freePort, startRedisServer } from '../scripts/redis.ts';
import { median, type Benchmark, type BenchFigure } from './lib/report.ts';

const GROUP = 'training';
const TEACHER: Architecture = { kind: 'mlp', hidden: [256] };
const STUDENT: Architecture = { kind: 'mlp', hidden: [64] };
const TEMPERATURE = 4;
const ALPHA = 0.9;

interface Sizes {
  trainSize: number;
  testSize: number;
  studentEpochs: number;
  /** Service/bare pairs; ABBA order. */
  repeats: number;
}

const seconds = (from: number) => (performance.now() - from) / 1000;

export default (async ({ quick }) => {
  const sizes: Sizes = quick
    ? { trainSize: 2000, testSize: 2000, studentEpochs: 2, repeats: 3 }
    : { trainSize: 10000, testSize: 2000, studentEpochs: 3, repeats: 5 };
  const training = { epochs: sizes.studentEpochs, batchSize: 128, learningRate: 0.001, seed: 1 };

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'distillery-bench-training-'));
  const artifactStore = `fs://${path.join(tmp, 'artifacts')}`;
  const store = createArtifactStore(artifactStore);
  let redisProcess: ChildProcess | undefined;
  let redis: Redis | undefined;
  let teacherQueue: Queue | undefined;
  let api: FastifyInstance | undefined;
  let worker: WorkerRuntime | undefined;
  try {
    // Our own redis-server on a free port: never a Redis someone else uses.
    const port = await freePort();
    redisProcess = await startRedisServer({ port, dir: path.join(tmp, 'redis') });
    const redisUrl = `redis://127.0.0.1:${port}`;
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    // Finished BullMQ jobs are kept (RETENTION), so the teacher stage's return value can be read back.
    const stageJobs = (teacherQueue = new Queue('teacher', { connection: redis }));
    api = Fastify({ logger: false });
    await api.register(app, { redis, store, access: { auth: 'off' } });
    await api.ready();
    worker = await startWorkerRuntime(
      {
        redisUrl,
        artifactStore,
        backend: 'wasm',
        queues: ['teacher', 'aggregate', 'train'],
        lockDurationMs: 30_000,
        logLevel: 'silent',
      },
      pino({ level: 'silent' }),
    );
    if (tf.getBackend() !== 'wasm') throw new Error(`expected the wasm backend, got ${tf.getBackend()}`);
    const client = api;

    // ---- set-up through the API: a dataset and a teacher trained by the service.
    const dataset = (await post(client, '/v1/datasets', {
      name: 'bench-mnist',
      source: { builtin: 'mnist', options: { trainSize: sizes.trainSize, testSize: sizes.testSize } },
    })) as Dataset;
    const teacherJob = (await post(client, '/v1/jobs', {
      type: 'train',
      dataset: dataset.id,
      model: { architecture: TEACHER },
      training: { epochs: 2, batchSize: 128, learningRate: 0.001, seed: 1 },
    })) as Job;
    const teacherId = succeeded(await waitForJob(client, teacherJob.id)).result!.model;

    // The bare side's copy of the same data: the dataset record's source, defaults filled in.
    const data = loadBuiltin(dataset.source as BuiltinSource);
    const labels = data.train.y!;
    const { inputShape, numClasses } = data;

    const service = { student: [] as number[], inference: [] as number[], stage: [] as number[], wall: [] as number[] };
    const bare = { student: [] as number[], inference: [] as number[], predictLogits: [] as number[] };
    const direct = { withEvaluation: [] as number[], withoutEvaluation: [] as number[] };
    const lossCheck: { service: number[]; bare: number[] } = { service: [], bare: [] };
    let softTargets: Float32Array | undefined;
    let softTargetsMaxDiff = 0;
    let inferenceSamples = 0;

    const runService = async () => {
      // Teacher logits are content-addressed: without this every job after the
      // first would reuse them and the teacher stage would run no inference.
      await store.deletePrefix('logits');
      const submitted = (await post(client, '/v1/jobs', {
        type: 'distill',
        dataset: dataset.id,
        teachers: [{ model: teacherId }],
        student: { architecture: STUDENT },
        method: { kind: 'logits', temperature: TEMPERATURE, alpha: ALPHA },
        training,
        baseline: false,
      })) as Job;
      const job = succeeded(await waitForJob(client, submitted.id));
      const stageOutput = (await stageJobs.getJob(`${job.id}-teacher-0`))?.returnvalue as TeacherLogitsOutput | undefined;
      if (!stageOutput || stageOutput.cached) throw new Error('the teacher stage ran no inference');
      // teacher-logits.ts infers on the transfer set's train split (here the dataset itself) and the test split.
      inferenceSamples = data.train.count + data.test.count;
      service.inference.push(inferenceSamples / stageOutput.samplesPerSecond);
      service.student.push(job.result!.timings!.student!);
      service.wall.push(job.result!.wallSeconds);
      const stage = job.stages.find((s) => s.name === 'teacher:0')!;
      service.stage.push((Date.parse(stage.finishedAt!) - Date.parse(stage.startedAt!)) / 1000);
      lossCheck.service = (job.result!.history ?? []).filter((h) => h.run === 'student').map((h) => h.loss);
      if (!softTargets) {
        // The job's own soft targets went with it; they are the teacher's cached logits, tempered (one teacher: the mean is itself).
        const logits = decodeNpy(await store.get(stageOutput.transferLogits)) as { data: Float32Array; shape: [number, number] };
        const probs = tf.tidy(() => aggregateTeachers([tf.tensor2d(logits.data, logits.shape)], [1], 'mean', TEMPERATURE));
        softTargets = probs.dataSync() as Float32Array;
        probs.dispose();
        softTargetsMaxDiff = await checkSoftTargets(store, teacherId, data.train.x, inputShape, softTargets);
      }
    };

    const runBare = async () => {
      const predictSeconds = await barePredict(store, teacherId, [data.train.x, data.test.x], inputShape);
      bare.inference.push(predictSeconds);
      bare.predictLogits.push(await directPredictLogits(store, teacherId, [data.train.x, data.test.x], inputShape));
      const result = await bareStudentTraining(data.train.x, labels, softTargets!, inputShape, numClasses, training);
      bare.student.push(result.seconds);
      lossCheck.bare = result.epochLosses;
      // Where the student's overhead lives, if any: trainClassifier alone (no
      // queue, no Redis, no worker), with and without the per-epoch test
      // evaluation the processor asks for. Context, in the same rotation.
      const timed = await directTrainClassifier(data, labels, softTargets!, training);
      direct.withEvaluation.push(timed.withEvaluation);
      direct.withoutEvaluation.push(timed.withoutEvaluation);
    };

    // One discarded round first: the first job and the first loop in this
    // process pay one-off costs (JIT, first kernels for these shapes) that
    // would otherwise land on whichever side runs first.
    await runService();
    await runBare();
    for (const list of [service.student, service.inference, service.stage, service.wall, bare.student, bare.inference, bare.predictLogits, direct.withEvaluation, direct.withoutEvaluation]) {
      list.length = 0;
    }
    // Then ABBA: S B B S S B ... (service S, bare B).
    for (let i = 0; i < sizes.repeats; i++) {
      if (i % 2 === 0) {
        await runService();
        await runBare();
      } else {
        await runBare();
        await runService();
      }
    }

    const studentRatio = median(service.student) / median(bare.student);
    const inferenceRatio = median(service.inference) / median(bare.inference);
    const samplesTrained = data.train.count * training.epochs;
    const figures: BenchFigure[] = [
      {
        group: GROUP,
        name: `distill job student training / stand-alone tfjs loop (wasm, mlp [64], ${samplesTrained} samples)`,
        value: studentRatio,
        unit: 'x',
        target: { op: '<=', value: 1.1 },
        details: {
          compares:
            'median result.timings.student of distill jobs (trainClassifier inside the worker, incl. its per-epoch test evaluation and progress writes) / median seconds of a plain optimizer.minimize(distillationLoss) loop on the same model, data, soft targets, batch size, epochs and shuffle order, same process and backend',
          serviceSeconds: service.student,
          bareSeconds: bare.student,
          trainClassifierDirectSeconds: direct.withEvaluation,
          trainClassifierNoEvaluationSeconds: direct.withoutEvaluation,
          medianSeconds: {
            service: median(service.student),
            bare: median(bare.student),
            trainClassifier: median(direct.withEvaluation),
            trainClassifierNoEvaluation: median(direct.withoutEvaluation),
          },
          ratioOfFastest: Math.min(...service.student) / Math.min(...bare.student),
          // Each round's service and bare runs are adjacent in time, so they
          // saw similar load from the rest of the machine.
          medianOfRoundRatios: median(service.student.map((t, i) => t / bare.student[i]!)),
          serviceJobWallSeconds: service.wall,
          // Identical per-epoch losses prove both sides did the same arithmetic on the same batches.
          sameLossTrajectory: lossCheck.service.length > 0 && lossCheck.service.every((l, i) => l === lossCheck.bare[i]),
          epochLosses: lossCheck,
          softTargetsMaxAbsDiffVsBarePredict: softTargetsMaxDiff,
          sizes,
        },
      },
      {
        group: GROUP,
        name: `teacher stage inference / bare model.predict (wasm, mlp [256], ${inferenceSamples} samples)`,
        value: inferenceRatio,
        unit: 'x',
        target: { op: '<=', value: 1.1 },
        details: {
          compares:
            "median of samples / samplesPerSecond from the distill job's teacher-logits output (BullMQ return value: predictLogits over train + test splits, each followed by encoding and fsync-writing its NPY; model loading excluded) / median seconds of model.predict(x, { batchSize: 1024 }) + data() over the same two splits on a freshly loaded copy of the same teacher",
          serviceSeconds: service.inference,
          bareSeconds: bare.inference,
          predictLogitsDirectSeconds: bare.predictLogits,
          medianSeconds: { service: median(service.inference), bare: median(bare.inference), predictLogits: median(bare.predictLogits) },
          medianOfRoundRatios: median(service.inference.map((t, i) => t / bare.inference[i]!)),
          stageWallSeconds: service.stage,
        },
      },
      {
        group: GROUP,
        name: 'teacher stage wall / bare model.predict',
        value: median(service.stage) / median(bare.inference),
        unit: 'x',
        details: {
          compares:
            "the teacher:0 stage's finishedAt - startedAt (model load, dataset records, inference, NPY writes, test accuracy, stage updates) / the bare predict time; context for the figure above",
        },
      },
    ];
    return figures;
  } finally {
    await worker?.close();
    await api?.close(); // closes the app's queues; the redis connection is ours
    await teacherQueue?.close();
    await redis?.quit().catch(() => undefined);
    if (redisProcess) await stopProcess(redisProcess);
    rmSync(tmp, { recursive: true, force: true });
  }
}) satisfies Benchmark;

// ------------------------------------------------------------------ bare side

/**
 * The student trained by hand: what someone would write with TensorFlow.js
 * alone. Same initial weights (buildClassifier, same seed), the same
 * mulberry32 shuffle as trainClassifier, Adam via optimizer.minimize on the
 * distillation loss, the loss read back every step (as any loop that logs or
 * checks it does). No yielding, no evaluation, no progress reports.
 */
async function bareStudentTraining(
  x: Float32Array,
  labels: Int32Array,
  soft: Float32Array,
  inputShape: number[],
  numClasses: number,
  training: { epochs: number; batchSize: number; learningRate: number; seed: number },
): Promise<{ seconds: number; epochLosses: number[] }> {
  const startTensors = tf.memory().numTensors;
  const model = buildClassifier(STUDENT, inputShape, numClasses, training.seed);
  const started = performance.now();
  const optimizer = tf.train.adam(training.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const size = rowSize(inputShape);
  const count = labels.length;
  const random = mulberry32(training.seed);
  const epochLosses: number[] = [];
  for (let epoch = 0; epoch < training.epochs; epoch++) {
    const order = shuffledIndices(count, random);
    let lossSum = 0;
    let steps = 0;
    for (let start = 0; start < count; start += training.batchSize) {
      const n = Math.min(training.batchSize, count - start);
      const xb = new Float32Array(n * size);
      const yb = new Int32Array(n);
      const pb = new Float32Array(n * numClasses);
      for (let row = 0; row < n; row++) {
        const i = order[start + row]!;
        xb.set(x.subarray(i * size, (i + 1) * size), row * size);
        yb[row] = labels[i]!;
        pb.set(soft.subarray(i * numClasses, (i + 1) * numClasses), row * numClasses);
      }
      const xs = tf.tensor(xb, [n, ...inputShape]);
      const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(yb, 'int32'), numClasses).toFloat() as tf.Tensor2D);
      const ps = tf.tensor2d(pb, [n, numClasses]);
      const mask = tf.ones([n]) as tf.Tensor1D;
      const cost = optimizer.minimize(
        () =>
          distillationLoss({
            studentLogits: model.apply(xs, { training: true }) as tf.Tensor2D,
            labels: ys,
            hardMask: mask,
            teacherProbs: ps,
            softMask: mask,
            temperature: TEMPERATURE,
            alpha: ALPHA,
          }),
        true,
        variables,
      )!;
      tf.dispose([xs, ys, ps, mask]);
      lossSum += cost.dataSync()[0]!;
      cost.dispose();
      steps++;
    }
    epochLosses.push(lossSum / steps);
  }
  const elapsed = seconds(started);
  optimizer.dispose();
  model.dispose();
  checkTensors('bare training', startTensors);
  return { seconds: elapsed, epochLosses };
}

/** model.predict over each array, batch 1024, results read back: the bare inference. */
async function barePredict(store: ArtifactStore, teacherId: string, splits: Float32Array[], inputShape: number[]): Promise<number> {
  const startTensors = tf.memory().numTensors;
  // Loaded fresh, as the teacher stage loads it; loading is outside both timings.
  const model = await loadLayersModel(store, artifactKeys.model(teacherId));
  const started = performance.now();
  for (const x of splits) {
    const input = tf.tensor(x, [x.length / rowSize(inputShape), ...inputShape]);
    const logits = model.predict(input, { batchSize: 1024 }) as tf.Tensor;
    await logits.data();
    tf.dispose([input, logits]);
  }
  const elapsed = seconds(started);
  model.dispose();
  checkTensors('bare predict', startTensors);
  return elapsed;
}

/** The kd package's predictLogits alone (what the teacher stage calls, minus the NPY writes): context for where time goes. */
async function directPredictLogits(store: ArtifactStore, teacherId: string, splits: Float32Array[], inputShape: number[]): Promise<number> {
  const startTensors = tf.memory().numTensors;
  const model = await loadLayersModel(store, artifactKeys.model(teacherId));
  const started = performance.now();
  for (const x of splits) await predictLogits(model, x, inputShape);
  const elapsed = seconds(started);
  model.dispose();
  checkTensors('predictLogits', startTensors);
  return elapsed;
}

/** The service's soft targets against softmax(bare predict / T): both sides must train on the same targets. */
async function checkSoftTargets(store: ArtifactStore, teacherId: string, x: Float32Array, inputShape: number[], soft: Float32Array): Promise<number> {
  const model = await loadLayersModel(store, artifactKeys.model(teacherId));
  const probs = tf.tidy(() => {
    const logits = model.predict(tf.tensor(x, [x.length / rowSize(inputShape), ...inputShape]), { batchSize: 1024 }) as tf.Tensor2D;
    return tf.softmax(tf.div(logits, TEMPERATURE));
  });
  const mine = probs.dataSync();
  tf.dispose(probs);
  model.dispose();
  if (mine.length !== soft.length) throw new Error('soft targets have a different shape from the teacher outputs');
  let max = 0;
  for (let i = 0; i < mine.length; i++) max = Math.max(max, Math.abs(mine[i]! - soft[i]!));
  if (max > 1e-4) throw new Error(`the service's soft targets differ from the teacher's by up to ${max}`);
  return max;
}

/** trainClassifier called directly, as distill.ts calls it, minus the service around it. */
async function directTrainClassifier(
  data: ReturnType<typeof loadBuiltin>,
  labels: Int32Array,
  soft: Float32Array,
  training: { epochs: number; batchSize: number; learningRate: number; seed: number },
) {
  const examples = {
    x: data.train.x,
    count: data.train.count,
    inputShape: data.inputShape,
    labels,
    soft: { probs: soft, mask: new Uint8Array(data.train.count).fill(1) },
  };
  const evaluation = { x: data.test.x, count: data.test.count, labels: data.test.y! };
  const run = async (withEvaluation: boolean) => {
    const model = buildClassifier(STUDENT, data.inputShape, data.numClasses, training.seed);
    const started = performance.now();
    await trainClassifier(model, examples, {
      ...training,
      numClasses: data.numClasses,
      distillation: { temperature: TEMPERATURE, alpha: ALPHA },
      ...(withEvaluation ? { evaluation } : {}),
    });
    const elapsed = seconds(started);
    model.dispose();
    return elapsed;
  };
  return { withEvaluation: await run(true), withoutEvaluation: await run(false) };
}

// ------------------------------------------------------------------ helpers

async function post(api: FastifyInstance, url: string, payload: object): Promise<unknown> {
  const response = await api.inject({ method: 'POST', url, payload });
  if (response.statusCode >= 300) throw new Error(`POST ${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

/**
 * Polls the job every 250 ms. The API shares the worker's process here, so
 * each poll takes a little of the worker's CPU; 250 ms keeps that far below
 * 1% (a GET is well under a millisecond).
 */
async function waitForJob(api: FastifyInstance, id: string, timeoutMs = 300_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await api.inject({ method: 'GET', url: `/v1/jobs/${id}` })).json() as Job;
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function succeeded(job: Job): Job {
  if (job.status !== 'succeeded' || !job.result) throw new Error(`job ${job.id} ${job.status}: ${JSON.stringify(job.error)}`);
  return job;
}

function checkTensors(what: string, before: number): void {
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`${what} leaked ${after - before} tensors`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
