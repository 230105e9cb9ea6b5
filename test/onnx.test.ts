import * as tf from '@tensorflow/tfjs';
import type { Model } from '@distillery/contracts';
import type { Job, ModelCard } from '@distillery/jobs';
import { loadBuiltin } from '@distillery/datasets';
import { predictLogits } from '@distillery/kd';
import { decodeNpy } from '@distillery/storage';
import { GraphBuilder, openOnnxTeacher } from '@distillery/onnx';
import { pytorchStyleOnnx, withExternalData } from '@distillery/onnx/test-models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

// A teacher from PyTorch, as far as the service can tell: a CNN trained here,
// downloaded, and written as torch.onnx.export writes the same network
// (channels-first, Gemm weights [out, in]); then uploaded as model.onnx,
// distilled beside the TensorFlow.js original, and the student taken back out as ONNX.
let stack: Stack;
let base: string;
const MNIST = { trainSize: 3000, testSize: 1000 };

beforeAll(async () => {
  await tf.setBackend('cpu');
  stack = await startStack({ workers: 1 });
  base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => stack.close());

async function upload(name: string, bytes: Uint8Array, fields: Record<string, string> = {}, external: { name: string; bytes: Uint8Array }[] = []) {
  const form = new FormData();
  form.append('name', name);
  for (const [field, value] of Object.entries(fields)) form.append(field, value);
  form.append('files', new Blob([bytes]), 'model.onnx');
  for (const file of external) form.append('files', new Blob([file.bytes]), file.name);
  const response = await fetch(`${base}/v1/models`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as any };
}

async function download(model: Model, file: string): Promise<Uint8Array> {
  const response = await fetch(`${base}/v1/models/${model.id}/files/${file}`);
  expect(response.status, file).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** A model the service registered, loaded in this process from its downloaded model.json and weights.bin. */
async function downloadLayersModel(model: Model): Promise<tf.LayersModel> {
  const json = JSON.parse(new TextDecoder().decode(await download(model, 'model.json'))) as tf.io.ModelJSON;
  const weights = await download(model, 'weights.bin');
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData: weights.slice().buffer }));
}

const run = async (payload: unknown): Promise<Job> => {
  const submitted = await post(stack.api, '/v1/jobs', payload);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(stack.api, submitted.body.id, 180_000);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  return job;
};

describe('ONNX teachers in, ONNX students out', () => {
  let dataset: string;
  let tfjsTeacher: Model;
  let onnxTeacher: Model;
  let student: Model;
  let mixed: Job;

  it('trains a CNN teacher on MNIST, whose files include an ONNX copy', async () => {
    dataset = (await post(stack.api, '/v1/datasets', { name: 'mnist', source: { builtin: 'mnist', options: MNIST } })).body.id;
    const job = await run({ type: 'train', dataset, model: { architecture: { kind: 'cnn', filters: [8, 16], dense: [32] } }, training: { epochs: 2, batchSize: 64, learningRate: 0.003, seed: 1 } });
    tfjsTeacher = (await stack.api.inject({ url: `/v1/models/${job.result!.model}` })).json();
    expect(tfjsTeacher.files).toEqual(['model.json', 'weights.bin', 'model.onnx']);
    expect(tfjsTeacher.exportedOnnx).toMatchObject({ file: 'model.onnx', opset: 17 });
    expect(tfjsTeacher.exportedOnnx!.bytes).toBeGreaterThan(tfjsTeacher.bytes); // the weights, plus the graph
  });

  it('uploads the teacher as PyTorch exports it, channels-first, refusing it until its layout is said', async () => {
    const model = await downloadLayersModel(tfjsTeacher);
    const bytes = await pytorchStyleOnnx(model);
    model.dispose();
    const unsaid = await upload('mnist cnn (pytorch)', bytes);
    expect(unsaid.status).toBe(422);
    expect(unsaid.body).toMatchObject({ code: 'invalid_upload', field: '/layout' });
    expect(unsaid.body.detail).toContain('input input takes images [1,28,28]');

    const uploaded = await upload('mnist cnn (pytorch)', bytes, { layout: 'nchw', license: 'BSD-3-Clause', distillation: 'allowed', readableOutputs: '["pool1","pool2"]' });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    onnxTeacher = uploaded.body;
    expect(onnxTeacher).toMatchObject({
      format: 'onnx',
      inputShape: [28, 28, 1],
      numClasses: 10,
      output: 'logits',
      parameters: tfjsTeacher.parameters,
      files: ['model.onnx'],
      bytes: bytes.byteLength,
      onnx: { opset: 17, input: 'input', output: 'output', layout: 'nchw', producer: 'pytorch-style test export' },
      readableOutputs: ['pool1', 'pool2'],
    });
    // Measured at upload, in the service's layout: the NCHW maps [16, 7, 7] read as [7, 7, 16].
    expect(onnxTeacher.onnx!.readableShapes).toEqual({ pool1: [14, 14, 8], pool2: [7, 7, 16] });
    expect(onnxTeacher.digest).toMatch(/^[0-9a-f]{64}$/);
    const listed = await stack.api.inject({ url: '/v1/models?format=onnx' });
    expect(listed.json().items.map((m: Model) => m.id)).toEqual([onnxTeacher.id]);
  });

  it('refuses ONNX uploads it cannot run, and ONNX teachers where they cannot teach, saying what to change', async () => {
    const graph = new GraphBuilder();
    graph.name('x');
    const y = graph.node('NoSuchOp', ['x'], 'y');
    const unknownOp = await upload('broken', graph.encode({ input: { name: 'x', dims: ['batch', 4] }, output: { name: y, dims: ['batch', 4] }, opset: 17, producer: 'test' }));
    expect(unknownOp.status).toBe(422);
    expect(unknownOp.body.detail).toMatch(/ONNX Runtime cannot run this model: .*NoSuchOp/);

    const notOnnx = await upload('garbage', new TextEncoder().encode('definitely not protobuf'));
    expect(notOnnx.status).toBe(422);
    expect(notOnnx.body.code).toBe('invalid_upload');

    const bytes = await download(onnxTeacher, 'model.onnx');
    const qValues = await upload('q', bytes, { layout: 'nchw', output: 'q-values' });
    expect(qValues).toMatchObject({ status: 422, body: { field: '/output' } });
    const unknownAttention = await upload('attention', bytes, { layout: 'nchw', attentionOutputs: '["pool3"]' });
    expect(unknownAttention).toMatchObject({ status: 422, body: { field: '/attentionOutputs', detail: expect.stringMatching(/attentionOutputs names pool3, which the model does not have/) } });

    const featuresJob = (teacher: string, student = 'pool1') => ({
      type: 'distill',
      dataset,
      teachers: [{ model: onnxTeacher.id }],
      student: { architecture: { kind: 'cnn', filters: [8, 16] } },
      method: { kind: 'features', pairs: [{ student, teacher }] },
    });
    const unreadable = await post(stack.api, '/v1/jobs', featuresJob('conv1'));
    expect(unreadable.status).toBe(422);
    expect(unreadable.body).toMatchObject({ code: 'incompatible_model', field: '/method/pairs/0/teacher' });
    expect(unreadable.body.detail).toContain('its readable layers are: pool1, pool2');
    // The shapes were measured at upload, so a mismatch is refused at submission, not in a worker.
    const mismatched = await post(stack.api, '/v1/jobs', featuresJob('pool2', 'flatten'));
    expect(mismatched.status, JSON.stringify(mismatched.body)).toBe(422);
    expect(mismatched.body.detail).toContain(`cannot pair these layers: student 'flatten' outputs [784], teacher 0 (${onnxTeacher.id}) 'pool2' [7,7,16]`);
    // Nothing half-written: the refused uploads left no model behind.
    expect((await stack.api.inject({ url: '/v1/models?format=onnx' })).json().items).toHaveLength(1);
  });

  it('takes a model whose weights sit in an external-data file, and refuses it without that file', async () => {
    const split = withExternalData(await download(onnxTeacher, 'model.onnx'), 'weights.data');
    const fields = { layout: 'nchw' };
    const missing = await upload('mnist cnn (external data)', split.model, fields);
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toMatch(/external data files that were not uploaded: weights.data/);
    const extra = await upload('mnist cnn (external data)', split.model, fields, [...split.external, { name: 'notes.txt', bytes: new Uint8Array(3) }]);
    expect(extra.status).toBe(422);
    expect(extra.body.detail).toMatch(/does not name as external data: notes.txt/);
    expect((await stack.api.inject({ url: '/v1/models?format=onnx' })).json().items).toHaveLength(1);

    const uploaded = await upload('mnist cnn (external data)', split.model, fields, split.external);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body).toMatchObject({ files: ['model.onnx', 'weights.data'], bytes: split.model.byteLength + split.external[0]!.bytes.byteLength, parameters: onnxTeacher.parameters });
    expect(uploaded.body.digest).not.toBe(onnxTeacher.digest);
    expect(Buffer.from(await download(uploaded.body, 'weights.data')).equals(Buffer.from(split.external[0]!.bytes))).toBe(true);
  });

  it('distils the ONNX teacher beside its TensorFlow.js original: both score the test split alike', async () => {
    mixed = await run({
      type: 'distill',
      dataset,
      teachers: [{ model: onnxTeacher.id }, { model: tfjsTeacher.id }],
      student: { architecture: { kind: 'mlp', hidden: [64] } },
      method: { kind: 'logits', temperature: 4, alpha: 0.7 },
      training: { epochs: 3, batchSize: 64, learningRate: 0.003, seed: 2 },
    });
    const [fromOnnx, fromTfjs] = mixed.result!.metrics.teachers!;
    // The same network run by two runtimes, NCHW against NHWC: float32 differences may flip a near tie, no more.
    expect(fromOnnx!.testAccuracy).toBeGreaterThan(0.85);
    expect(Math.abs(fromOnnx!.testAccuracy - fromTfjs!.testAccuracy)).toBeLessThanOrEqual(0.002);
    expect(mixed.result!.metrics.student!.testAccuracy).toBeGreaterThan(0.8);
    // Latency like for like: the ONNX teacher against the student's ONNX copy, the TensorFlow.js one against the student itself.
    const { student: studentMetrics, compression } = mixed.result!.metrics;
    expect(fromOnnx!.studentLatencyMsPerSample).toBeGreaterThan(0);
    expect(fromTfjs!.studentLatencyMsPerSample).toBeUndefined();
    expect(compression!.latencyRatio).toBeCloseTo(fromOnnx!.latencyMsPerSample! / fromOnnx!.studentLatencyMsPerSample! + fromTfjs!.latencyMsPerSample! / studentMetrics!.latencyMsPerSample!, 6);
    student = (await stack.api.inject({ url: `/v1/models/${mixed.result!.model}` })).json();
    expect(student.lineage!.teachers).toEqual([onnxTeacher.id, tfjsTeacher.id]);
  });

  it('distils the ONNX teacher’s feature maps (FitNets) exactly as it distils its TensorFlow.js original’s', async () => {
    const job = (teacher: Model) => ({
      type: 'distill',
      dataset,
      teachers: [{ model: teacher.id }],
      student: { architecture: { kind: 'cnn', filters: [4, 8] } },
      method: { kind: 'features', pairs: [{ student: 'pool2', teacher: 'pool2' }] },
      training: { epochs: 1, batchSize: 64, learningRate: 0.003, seed: 4 },
    });
    const [viaOnnx, viaTfjs] = [await run(job(onnxTeacher)), await run(job(tfjsTeacher))];
    expect(viaOnnx.result!.features).toMatchObject({ path: 'precomputed', teachers: [{ layers: ['pool2'], path: 'precomputed' }] });
    expect(viaOnnx.result!.metrics.student!.testAccuracy).toBeGreaterThan(0.5);
    // The stored maps of both teachers over the 3,000 training images: the same, to float32 precision.
    const stored = async (teacher: Model) => {
      const [key] = (await stack.store.list('features')).filter((k) => k.includes(teacher.digest));
      return decodeNpy(await stack.store.get(key!));
    };
    const [fromOnnx, fromTfjs] = [await stored(onnxTeacher), await stored(tfjsTeacher)];
    expect(fromOnnx.shape).toEqual([MNIST.trainSize, 7, 7, 16]);
    expect(fromTfjs.shape).toEqual(fromOnnx.shape);
    let worst = 0;
    for (let i = 0; i < fromTfjs.data.length; i++) worst = Math.max(worst, Math.abs(fromOnnx.data[i]! - fromTfjs.data[i]!) / Math.max(1, Math.abs(fromTfjs.data[i]!)));
    expect(worst).toBeLessThan(1e-4);
    expect(Math.abs(viaOnnx.result!.metrics.student!.testAccuracy - viaTfjs.result!.metrics.student!.testAccuracy)).toBeLessThanOrEqual(0.01);
  });

  it('reads the ONNX teacher from the teacher-output cache the second time, keyed by its digest', async () => {
    const again = await run({
      type: 'distill',
      dataset,
      teachers: [{ model: onnxTeacher.id }],
      student: { architecture: { kind: 'mlp', hidden: [32] } },
      training: { epochs: 1, batchSize: 64, seed: 3 },
    });
    expect(again.stages.find((stage) => stage.name === 'teacher:0')!.cached).toBe(true);
    expect(again.result!.metrics.teachers![0]!.testAccuracy).toBe(mixed.result!.metrics.teachers![0]!.testAccuracy);
  });

  it('hands the student out as ONNX that ONNX Runtime runs to the TensorFlow.js logits on the test split', async () => {
    expect(student.files).toContain('model.onnx');
    const spec = { info: { input: 'input', output: 'logits' }, inputShape: [28, 28, 1], numClasses: 10, output: 'logits' as const };
    const exported = await openOnnxTeacher({ model: await download(student, 'model.onnx'), external: [] }, spec, { threads: 1 });
    const original = await downloadLayersModel(student);
    const test = loadBuiltin({ builtin: 'mnist', options: MNIST }).test;
    const [viaOnnx, viaTfjs] = [await predictLogits(exported, test.x, [28, 28, 1], { numClasses: 10 }), await predictLogits(original, test.x, [28, 28, 1])];
    let worst = 0;
    for (let i = 0; i < viaTfjs.length; i++) worst = Math.max(worst, Math.abs(viaOnnx[i]! - viaTfjs[i]!) / Math.max(1, Math.abs(viaTfjs[i]!)));
    expect(worst).toBeLessThan(1e-4);
    exported.dispose();
    original.dispose();
  });

  it('writes model cards that name the files and the ONNX teacher with its licence', async () => {
    const card = (await stack.api.inject({ url: `/v1/models/${student.id}/card` })).json() as ModelCard;
    expect(card.model.files).toEqual(['model.json', 'weights.bin', 'model.onnx']);
    expect(card.teachers[0]).toMatchObject({ id: onnxTeacher.id, license: 'BSD-3-Clause', distillation: 'allowed', digest: onnxTeacher.digest });
    const teacherCard = (await stack.api.inject({ url: `/v1/models/${onnxTeacher.id}/card.md` })).body;
    expect(teacherCard).toContain('**format** onnx');
    expect(teacherCard).toContain('opset 17, IR version 8, produced by pytorch-style test export; input input, output output, images fed channels-first (NCHW)');
  });
});
