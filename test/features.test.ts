import * as tf from '@tensorflow/tfjs';
import { architectureCost, architectureLayers, type Architecture, type Model } from '@distillery/contracts';
import type { Job } from '@distillery/jobs';
import { buildClassifier, describeLayers, METHODS, selectBackend } from '@distillery/kd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphModelFiles, layersModelFiles, type ModelFiles } from './fixtures/model-files.ts';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

// Feature distillation and attention transfer through the service: real Redis,
// in-process workers, a small CNN teacher trained by a train job on MNIST. The
// worker's FEATURE_PRECOMPUTE_MAX_BYTES decides where the teacher's layers come
// from; the same request on both paths must give the same student.
let stack: Stack;
let base: string;
const ids = { teacherData: '', labelled: '', transfer: '', blobs: '' };
let cnnTeacher: Model;
let mlpTeacher: Model;

const STUDENT: Architecture = { kind: 'cnn', filters: [4, 8], dense: [16] };
const TRAINING = { epochs: 6, batchSize: 64, learningRate: 0.003, seed: 3 };
const LABELLED_ROWS = 300;
const TRANSFER_ROWS = 300;
const ROWS = LABELLED_ROWS + TRANSFER_ROWS;

const model = async (id: string) => (await stack.api.inject({ url: `/v1/models/${id}` })).json() as Model;

async function trainJob(dataset: string, architecture: Architecture, seed: number): Promise<Model> {
  const { body } = await post(stack.api, '/v1/jobs', {
    type: 'train',
    dataset,
    model: { architecture },
    training: { epochs: 2, batchSize: 64, learningRate: 0.002, seed },
  });
  const job = await waitForJob(stack.api, body.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  return model(job.result!.model);
}

/** A distill request on MNIST: 300 labelled images, 300 unlabelled transfer images, the small CNN student. */
const distillRequest = (method: object, extra: object = {}) => ({
  type: 'distill',
  dataset: ids.labelled,
  teachers: [{ model: cnnTeacher.id }],
  student: { architecture: STUDENT },
  method,
  transfer: { dataset: ids.transfer },
  training: TRAINING,
  ...extra,
});

async function distill(request: object): Promise<Job> {
  const { status, body } = await post(stack.api, '/v1/jobs', request);
  expect(status, JSON.stringify(body)).toBe(202);
  const job = await waitForJob(stack.api, body.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  return job;
}

/** Replaces the running workers with one whose precompute limit is `limit` bytes. */
async function useWorker(limit: number): Promise<void> {
  await Promise.all(stack.workers.splice(0).map((w) => w.close()));
  await stack.startWorker({ featurePrecomputeMaxBytes: limit });
}

const FEATURES = {
  kind: 'features',
  pairs: [
    { teacher: 'pool2', student: 'pool2' }, // [7,7,16] <- [7,7,8]: a 1x1 convolution adapter
    { teacher: 'dense1', student: 'dense1', weight: 0.5 }, // [32] <- [16]: a dense adapter
  ],
  hintEpochs: 1,
  keepTermsAfterHints: true,
};
const ATTENTION = {
  kind: 'attention',
  pairs: [
    { teacher: 'conv1', student: 'conv1' }, // 28x28 maps, 8 and 4 channels
    { teacher: 'pool2', student: 'conv2' }, // teacher 7x7, student 14x14: the student's energies are pooled
  ],
};
const studentCurve = (job: Job) => job.result!.history!.filter((h) => h.run === 'student');
const precomputed: Record<string, Job> = {};

beforeAll(async () => {
  stack = await startStack({ workers: 0 });
  base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
  const register = async (name: string, source: object) => (await post(stack.api, '/v1/datasets', { name, source })).body.id as string;
  ids.teacherData = await register('mnist-1k', { builtin: 'mnist', options: { trainSize: 1000, testSize: 300 } });
  ids.labelled = await register('mnist-300', { builtin: 'mnist', options: { trainSize: LABELLED_ROWS, testSize: 300 } });
  ids.transfer = await register('mnist-unlabelled', { builtin: 'mnist', options: { offset: 1000, trainSize: TRANSFER_ROWS, testSize: 1, labelled: false } });
  ids.blobs = await register('blobs', { builtin: 'blobs', options: { trainSize: 200, testSize: 50 } });
  await useWorker(256 * 1024 * 1024);
  cnnTeacher = await trainJob(ids.teacherData, { kind: 'cnn', filters: [8, 16], dense: [32] }, 1);
  mlpTeacher = await trainJob(ids.teacherData, { kind: 'mlp', hidden: [64] }, 2);
});
afterAll(async () => stack?.close());

describe('layer names', () => {
  it('the API computes the layers and shapes that buildClassifier builds, without building it', async () => {
    await selectBackend('wasm');
    const cases: [Architecture, number[]][] = [
      [{ kind: 'cnn', filters: [4, 8, 8], dense: [16, 12], dropout: 0.2 }, [28, 28, 1]],
      [{ kind: 'cnn', filters: [3], kernelSize: 5 }, [7, 9, 3]],
      [{ kind: 'mlp', hidden: [8, 4], dropout: 0.1 }, [4]],
      [{ kind: 'mlp', hidden: [8] }, [28, 28, 1]],
    ];
    for (const [architecture, inputShape] of cases) {
      const built = buildClassifier(architecture, inputShape, 10, 1);
      expect(architectureLayers(architecture, inputShape, 10).map(({ name, shape }) => ({ name, shape }))).toEqual(
        describeLayers(built).map(({ name, shape }) => ({ name, shape })),
      );
      built.dispose();
    }
    // A model the service trained lets every layer be read.
    expect(cnnTeacher.readableOutputs).toEqual(['conv1', 'pool1', 'conv2', 'pool2', 'flatten', 'dense1', 'logits']);
  });
});

describe('precomputed teacher layers (the limit is large)', () => {
  it('features with a FitNets hint stage: adapters, hint epochs apart, a step-matched baseline', async () => {
    const job = await distill(distillRequest(FEATURES, { baseline: true }));
    precomputed.features = job;
    const result = job.result!;
    // pool2 [7,7,16] and dense1 [32] of the teacher, float32, over 600 rows.
    const bytes = 4 * ROWS * (7 * 7 * 16 + 32);
    expect(result.features).toMatchObject({
      path: 'precomputed',
      bytes,
      teachers: [{ index: 0, layers: ['pool2', 'dense1'], path: 'precomputed', bytes, limitBytes: 256 * 1024 * 1024 }],
    });
    expect(result.features!.hint).toHaveLength(1);
    expect(studentCurve(job).map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.metrics.student!.testAccuracy).toBeGreaterThan(0.3);
    // 600 rows, batch 64: 10 steps an epoch; the student takes 1 hint epoch + 6 epochs = 70 steps,
    // which on its 300 labelled images (5 steps an epoch) gives the baseline 14 epochs.
    expect(job.result!.history!.filter((h) => h.run === 'baseline').map((h) => h.epoch)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    const events = (await stack.api.inject({ url: `/v1/jobs/${job.id}/events?limit=200` })).json().items as { type: string; data: any }[];
    const progress = events.filter((e) => e.type === 'progress' && e.data.epoch).map((e) => `${e.data.stage} ${e.data.epoch}/${e.data.epochs}`);
    expect(progress.slice(0, 3)).toEqual(['hint 1/1', 'student 1/6', 'student 2/6']);

    // The adapters trained with the student are not part of it.
    const student = await model(result.model);
    expect(student.parameters).toBe(architectureCost(STUDENT, [28, 28, 1], 10).parameters);
    expect(student.readableOutputs).toEqual(cnnTeacher.readableOutputs);
    expect((student.lineage!.method as any).pairs[1]).toEqual({ teacher: 'dense1', student: 'dense1', weight: 0.5, teacherIndex: 0 });
    // Keyed by tenant, teacher digest, dataset digest (then a hash of the rest), layer; one file per layer and dataset.
    const keys = await stack.store.list(`features/${cnnTeacher.tenant}/${cnnTeacher.digest}`);
    expect(keys.map((k) => k.split('/').slice(5).join('/')).sort()).toEqual([
      'train-dense1.features.npy',
      'train-dense1.features.npy',
      'train-pool2.features.npy',
      'train-pool2.features.npy',
    ]);
  });

  it('attention transfer keeps only the h·w maps', async () => {
    const job = await distill(distillRequest(ATTENTION));
    precomputed.attention = job;
    expect(job.result!.features).toMatchObject({ path: 'precomputed', bytes: 4 * ROWS * (28 * 28 + 7 * 7) });
    expect(job.result!.metrics.student!.testAccuracy).toBeGreaterThan(0.3);
    expect(job.result!.features!.hint).toBeUndefined();
  });

  it('a second job with the same teacher, data and layers computes nothing', async () => {
    const job = await distill(distillRequest({ ...ATTENTION, variant: 'l2', p: 2 }));
    expect(job.stages.find((s) => s.name === 'teacher:0')!.cached).toBe(true);
    expect(job.result!.features!.path).toBe('precomputed');
  });
});

describe('multi-teacher', () => {
  it('pairs read layers of the teacher they name; each teacher gets an equal share of the limit', async () => {
    // Limit 1,000,000 shared by two teachers: the mlp's dense1 (600 rows x 64 floats = 153,600 bytes)
    // fits its 500,000; the cnn's pool2 (600 x 784 floats = 1,881,600 bytes) does not.
    await useWorker(1_000_000);
    const job = await distill(
      distillRequest(
        {
          kind: 'features',
          loss: 'cosine',
          pairs: [
            { teacher: 'pool2', student: 'pool2', teacherIndex: 0 },
            { teacher: 'dense1', student: 'dense1', teacherIndex: 1 },
          ],
        },
        { teachers: [{ model: cnnTeacher.id }, { model: mlpTeacher.id }], aggregation: { strategy: 'mean' } },
      ),
    );
    expect(job.result!.features).toEqual({
      path: 'mixed',
      bytes: 4 * ROWS * (7 * 7 * 16 + 64),
      teachers: [
        { index: 0, layers: ['pool2'], path: 'on-the-fly', bytes: 4 * ROWS * 784, limitBytes: 500_000 },
        { index: 1, layers: ['dense1'], path: 'precomputed', bytes: 4 * ROWS * 64, limitBytes: 500_000 },
      ],
    });
    expect(job.result!.metrics.teachers).toHaveLength(2);
  });
});

describe('teacher layers computed on the fly (the limit is 0)', () => {
  beforeAll(async () => useWorker(0));

  for (const method of ['features', 'attention'] as const) {
    it(`${method}: the same student as from precomputed layers, and no tensor left behind`, async () => {
      const tensors = tf.memory().numTensors; // the worker runs in this process
      const job = await distill(distillRequest(method === 'features' ? FEATURES : ATTENTION, method === 'features' ? { baseline: true } : {}));
      expect(tf.memory().numTensors).toBe(tensors);
      const reference = precomputed[method]!;
      expect(job.result!.features!.path).toBe('on-the-fly');
      expect(job.result!.features!.bytes).toBe(reference.result!.features!.bytes);
      expect(job.result!.metrics.student!.testAccuracy).toBe(reference.result!.metrics.student!.testAccuracy);
      const [curve, expected] = [studentCurve(job), studentCurve(reference)];
      expect(curve).toHaveLength(expected.length);
      curve.forEach((point, i) => {
        expect(point.loss).toBeCloseTo(expected[i]!.loss, 5);
        expect(point.accuracy).toBe(expected[i]!.accuracy);
      });
      if (method === 'features') {
        expect(job.result!.features!.hint![0]!.loss).toBeCloseTo(reference.result!.features!.hint![0]!.loss, 5);
        expect(job.result!.metrics.baseline!.testAccuracy).toBe(reference.result!.metrics.baseline!.testAccuracy);
      }
    });
  }
});

describe('refused at submission, naming the field', () => {
  const refuse = async (request: object, status: number, code: string, field: string, detail?: RegExp) => {
    const response = await post(stack.api, '/v1/jobs', request);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body).toMatchObject({ code, field });
    if (detail) expect(response.body.detail).toMatch(detail);
  };

  it('a teacher layer the teacher does not let be read', async () => {
    await refuse(
      distillRequest({ kind: 'features', pairs: [{ teacher: 'conv9', student: 'conv1' }] }),
      422,
      'incompatible_model',
      '/method/pairs/0/teacher',
      /has no readable layer 'conv9'; its readable layers are: conv1, pool1, conv2, pool2, flatten, dense1, logits\. Models the service trained list all their layers; an uploaded model lists only the layers its uploader allowed/,
    );
  });

  it('a student layer the architecture does not build', async () => {
    await refuse(
      distillRequest({ kind: 'attention', pairs: [{ teacher: 'conv1', student: 'conv3' }] }),
      422,
      'unsupported_architecture',
      '/method/pairs/0/student',
      /the student \(cnn\) has no layer 'conv3'; its layers are: conv1 \[28,28,4\], pool1 \[14,14,4\], conv2 \[14,14,8\], pool2 \[7,7,8\], flatten \[392\], dense1 \[16\], logits \[10\]/,
    );
  });

  it('a pair that reads a teacher the job does not have', async () => {
    await refuse(
      distillRequest({ kind: 'features', pairs: [{ teacher: 'conv1', student: 'conv1', teacherIndex: 1 }] }),
      422,
      'unknown_model',
      '/method/pairs/0/teacherIndex',
      /reads teacher 1, but the job has 1 teacher/,
    );
  });

  it('attention with an mlp student, or on a vector layer', async () => {
    await refuse(
      distillRequest(ATTENTION, { student: { architecture: { kind: 'mlp', hidden: [32] } } }),
      422,
      'unsupported_architecture',
      '/student/architecture/kind',
      /attention transfer compares feature maps \[height, width, channels\], and an mlp student has none/,
    );
    await refuse(
      distillRequest({ kind: 'attention', pairs: [{ teacher: 'conv1', student: 'dense1' }] }),
      422,
      'unsupported_architecture',
      '/method/pairs/0/student',
      /student layer 'dense1' outputs \[16\]; attention transfer needs a feature map/,
    );
    await refuse(
      distillRequest({ kind: 'attention', pairs: [{ teacher: 'dense1', student: 'conv1' }] }),
      422,
      'incompatible_model',
      '/method/pairs/0/teacher',
      /teacher 0 \(m_\w+\) 'dense1' \[32\]: pair conv or pool layers/,
    );
  });

  it('layers whose shapes cannot be paired, and a student layer that is only the input', async () => {
    await refuse(
      distillRequest({ kind: 'features', pairs: [{ teacher: 'flatten', student: 'pool2' }] }),
      422,
      'incompatible_model',
      '/method/pairs/0',
      /cannot pair these layers: student 'pool2' outputs \[7,7,8\], teacher 0 \(m_\w+\) 'flatten' \[784\]\. Pair vectors/,
    );
    await refuse(
      distillRequest({ kind: 'features', pairs: [{ teacher: 'dense1', student: 'flatten' }] }, { student: { architecture: { kind: 'mlp', hidden: [32] } } }),
      422,
      'unsupported_architecture',
      '/method/pairs/0/student',
      /student layer 'flatten' is the student's input, flattened: no student weight comes before it/,
    );
  });

  it('graph-model teachers, and uploaded teachers read beyond what their uploader allowed', async () => {
    const net = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [8], units: 6, activation: 'relu', name: 'hidden' }),
        tf.layers.dense({ units: 3, name: 'scores' }),
      ],
    });
    const graph = await upload('graph teacher', await graphModelFiles(net));
    const layers = await upload('layers teacher', await layersModelFiles(net), '["hidden"]');
    net.dispose();
    const blobsRequest = (teacher: string, pairs: object[]) => ({
      type: 'distill',
      dataset: ids.blobs,
      teachers: [{ model: teacher }],
      student: { architecture: { kind: 'mlp', hidden: [4] } },
      method: { kind: 'features', pairs },
    });
    await refuse(
      blobsRequest(graph, [{ teacher: 'hidden', student: 'dense1' }]),
      422,
      'incompatible_model',
      '/teachers/0/model',
      /is a graph model \(tfjs-graph\); features distillation reads teacher layers by name, which needs a LayersModel/,
    );
    await refuse(
      blobsRequest(layers, [{ teacher: 'scores', student: 'dense1' }]),
      422,
      'incompatible_model',
      '/method/pairs/0/teacher',
      /no readable layer 'scores'; its readable layers are: hidden\. .*an uploaded model lists only the layers its uploader allowed/,
    );
    // What the uploader allowed can be read; its shape is checked by the worker that loads it.
    await distill(blobsRequest(layers, [{ teacher: 'hidden', student: 'dense1' }]));
  });

  it('requests the schema does not allow: 400 naming the field', async () => {
    await refuse(distillRequest({ kind: 'attention', pairs: [], p: 2 }), 400, 'invalid_request', '/method/pairs');
    await refuse(distillRequest({ ...ATTENTION, hintEpochs: 1 }), 400, 'invalid_request', '/method/hintEpochs');
    await refuse(distillRequest({ kind: 'features', pairs: [{ teacher: 'conv1' }] }), 400, 'invalid_request', '/method/pairs/0/student');
    await refuse(distillRequest({ kind: 'features', pairs: FEATURES.pairs, loss: 'l1' }), 400, 'invalid_request', '/method/loss');
  });

  it('the OpenAPI document lists every registered method, these among them', async () => {
    const document = (await stack.api.inject({ url: '/docs/json' })).json();
    const method = document.components.schemas.DistillJobRequest.properties.method;
    const kinds = method.anyOf.map((branch: any) => branch.properties.kind.const ?? branch.properties.kind.enum?.[0]);
    expect(kinds).toEqual(METHODS.map((m) => m.kind));
    expect(kinds).toEqual(expect.arrayContaining(['logits', 'features', 'attention', 'attention-matrix', 'pseudo-label']));
  });
});

async function upload(name: string, files: ModelFiles, readableOutputs?: string): Promise<string> {
  const form = new FormData();
  form.append('name', name);
  form.append('distillation', 'allowed');
  if (readableOutputs) form.append('readableOutputs', readableOutputs);
  for (const [file, bytes] of files) form.append('files', new Blob([bytes]), file);
  const response = await fetch(`${base}/v1/models`, { method: 'POST', body: form });
  const body = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.id;
}
