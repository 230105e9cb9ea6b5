import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { predictLogits } from '@distillery/kd';
import { pytorchStyleOnnx, withExternalData } from '@distillery/onnx/test-models';
import { probeOnnxModel } from '@distillery/onnx/probe';
import { FsArtifactStore, inspectModelFiles, PROBE_LIMITS, readOnnxUpload, teacherRuntimes, type InspectOptions } from '@distillery/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphModelFiles, layersModelFiles, type ModelFiles } from './fixtures/model-files.ts';

let root: string;
let store: FsArtifactStore;
let uploads = 0;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'model-files-'));
  store = new FsArtifactStore(root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function mlp(options: { softmax?: boolean } = {}): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), name: 'hidden' }));
  model.add(tf.layers.dense({ units: 3, activation: options.softmax ? 'softmax' : 'linear', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), name: 'scores' }));
  return model;
}

/** Writes the files under a fresh prefix and inspects them, as the upload route does. */
async function inspect(files: ModelFiles, options: InspectOptions = {}) {
  const prefix = `models/upload${++uploads}`;
  for (const [name, bytes] of files) await store.put(`${prefix}/${name}`, bytes);
  return { prefix, inspected: await inspectModelFiles(store, prefix, [...files.keys()], options) };
}

const x = new Float32Array([0.1, 0.2, 0.3, 0.4, 1, -1, 0.5, 2]);

describe('inspectModelFiles', () => {
  it('reads a layers model saved in two shards: shapes, parameters, output kind, layer names', async () => {
    const model = mlp();
    const { inspected } = await inspect(await layersModelFiles(model));
    expect(inspected).toMatchObject({
      format: 'tfjs-layers',
      inputShape: [4],
      numClasses: 3,
      output: 'logits',
      parameters: 4 * 8 + 8 + 8 * 3 + 3,
      bytes: (4 * 8 + 8 + 8 * 3 + 3) * 4,
      files: ['model.json', 'group1-shard1of2.bin', 'group1-shard2of2.bin'],
      outputNames: ['hidden', 'scores'],
    });
    expect(inspected.digest).toMatch(/^[0-9a-f]{64}$/);
    model.dispose();
  });

  it('sees a softmax output as probabilities', async () => {
    const model = mlp({ softmax: true });
    expect((await inspect(await layersModelFiles(model))).inspected.output).toBe('probabilities');
    model.dispose();
  });

  it('reads a graph model and computes what the layers model computes', async () => {
    const model = mlp();
    const { prefix, inspected } = await inspect(await graphModelFiles(model));
    expect(inspected).toMatchObject({ format: 'tfjs-graph', inputShape: [4], numClasses: 3, output: 'logits', parameters: 67 });
    expect(inspected.outputNames).toContain('sequential/dense_0/Relu');
    const graph = await teacherRuntimes['tfjs-graph'].load(store, prefix, inspected);
    const fromGraph = await predictLogits(graph, x, [4], { numClasses: 3 });
    const fromLayers = await predictLogits(model, x, [4]);
    fromLayers.forEach((value, i) => expect(fromGraph[i]).toBeCloseTo(value, 5));
    graph.dispose();
    model.dispose();
  });

  it('turns a graph model softmax into log-probabilities that temper like the logits', async () => {
    const model = mlp();
    const { prefix, inspected } = await inspect(await graphModelFiles(model, { softmax: true }));
    expect(inspected.output).toBe('probabilities');
    const graph = await teacherRuntimes['tfjs-graph'].load(store, prefix, inspected);
    const logProbabilities = await predictLogits(graph, x, [4], { numClasses: 3 });
    const logits = await predictLogits(model, x, [4]);
    // log softmax(z) = z - logsumexp(z): the same logits up to one shift per row.
    for (const row of [0, 1]) {
      const shift = logits[row * 3]! - logProbabilities[row * 3]!;
      for (let c = 0; c < 3; c++) expect(logits[row * 3 + c]! - logProbabilities[row * 3 + c]!).toBeCloseTo(shift, 4);
    }
    graph.dispose();
    model.dispose();
  });

  it('needs inputShape when a graph model leaves it open, and checks it against a fixed one', async () => {
    const model = mlp();
    const files = await graphModelFiles(model);
    const json = JSON.parse(files.get('model.json')!.toString());
    json.modelTopology.node[0].attr.shape.shape.dim[1].size = '-1';
    files.set('model.json', Buffer.from(JSON.stringify(json)));
    await expect(inspect(files)).rejects.toMatchObject({ code: 'invalid_upload', field: '/inputShape', message: expect.stringContaining('not fixed') });
    expect((await inspect(files, { inputShape: [4] })).inspected.inputShape).toEqual([4]);
    await expect(inspect(await layersModelFiles(model), { inputShape: [5] })).rejects.toMatchObject({ message: expect.stringContaining('differs') });
    model.dispose();
  });
});

describe('inspectModelFiles refuses broken uploads with a message that says what is wrong', () => {
  const cases: [string, (files: ModelFiles) => void, RegExp][] = [
    ['no model.json', (f) => f.delete('model.json'), /no model\.json among the uploaded files/],
    ['a missing shard', (f) => f.delete('group1-shard2of2.bin'), /not uploaded: group1-shard2of2\.bin/],
    ['a truncated shard', (f) => f.set('group1-shard2of2.bin', f.get('group1-shard2of2.bin')!.subarray(0, 10)), /should hold 268 bytes for its 4 weights but the files hold 144: a file is truncated/],
    ['an extra file', (f) => f.set('notes.txt', Buffer.from('hi')), /does not name: notes\.txt/],
    ['model.json that is not JSON', (f) => f.set('model.json', Buffer.from('{"modelTopology": ')), /not valid JSON/],
    ['no topology', (f) => f.set('model.json', Buffer.from('{"weightsManifest": []}')), /no modelTopology/],
    ['a manifest path that leaves the folder', (f) => editJson(f, (j) => (j.weightsManifest[0].paths[0] = '../../etc/passwd')), /weight files must sit beside model\.json/],
    ['a weight of an unknown dtype', (f) => editJson(f, (j) => (j.weightsManifest[0].weights[0].dtype = 'complex128')), /dtype complex128/],
    ['weights that do not fit the layers', (f) => editJson(f, (j) => (j.weightsManifest[0].weights[0].shape = [8, 4])), /should hold|could not load/],
    ['an unsupported layer', (f) => editJson(f, (j) => (j.modelTopology.config.layers[1].class_name = 'FancyCapsule')), /could not load this layers model: .*FancyCapsule/],
  ];
  for (const [what, breakIt, message] of cases) {
    it(what, async () => {
      const model = mlp();
      const files = await layersModelFiles(model);
      breakIt(files);
      await expect(inspect(files)).rejects.toMatchObject({ code: 'invalid_upload', message: expect.stringMatching(message) });
      model.dispose();
    });
  }

  it('an unsupported graph op', async () => {
    const model = mlp();
    const files = await graphModelFiles(model);
    editJson(files, (j) => (j.modelTopology.node.find((n: { op: string }) => n.op === 'Relu').op = 'FancyOp'));
    await expect(inspect(files)).rejects.toMatchObject({ code: 'invalid_upload', message: expect.stringMatching(/FancyOp/) });
    model.dispose();
  });

  it('a model whose output is not one score per class', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1 })] });
    await expect(inspect(await layersModelFiles(model, 1))).rejects.toMatchObject({ message: expect.stringMatching(/at least 2 classes/) });
    model.dispose();
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function editJson(files: ModelFiles, edit: (json: any) => void): void {
  const json = JSON.parse(files.get('model.json')!.toString());
  edit(json);
  files.set('model.json', Buffer.from(JSON.stringify(json)));
}

describe('ONNX uploads: files read for the check, matched and digested there, and loaded back as a teacher', () => {
  const LIMITS = { maxInputValues: PROBE_LIMITS.inputValues };
  async function put(files: Record<string, Uint8Array>) {
    const prefix = `models/upload${++uploads}`;
    for (const [name, bytes] of Object.entries(files)) await store.put(`${prefix}/${name}`, Buffer.from(bytes));
    return { prefix, read: (names = Object.keys(files)) => readOnnxUpload(store, prefix, names) };
  }

  it('reads model.onnx with its external data, and the teacher loaded from the stored files computes the original’s logits', async () => {
    const model = mlp();
    const split = withExternalData(await pytorchStyleOnnx(model), 'weights.data');
    const { prefix, read } = await put({ 'model.onnx': split.model, 'weights.data': split.external[0]!.bytes });
    const upload = await read();
    expect(upload.bytes).toBe(split.model.byteLength + split.external[0]!.bytes.byteLength);
    expect(upload.onnx.external.map((file) => file.name)).toEqual(['weights.data']);
    const probed = await probeOnnxModel(upload.onnx, LIMITS);
    expect(probed.files).toEqual(['model.onnx', 'weights.data']);
    expect(probed.digest).toMatch(/^[0-9a-f]{64}$/);
    const record = { files: probed.files, onnx: probed.onnx, inputShape: probed.inputShape, numClasses: probed.numClasses, output: probed.output };
    const teacher = await teacherRuntimes.onnx.load(store, prefix, record as Parameters<typeof teacherRuntimes.onnx.load>[2]);
    const expected = await predictLogits(model, x, [4]);
    const actual = await predictLogits(teacher, x, [4], { numClasses: 3 });
    expect(Math.max(...expected.map((value, i) => Math.abs(value - actual[i]!)))).toBeLessThan(1e-5);
    teacher.dispose();
    model.dispose();
  });

  it('refuses a model sent in both formats before anything is read', async () => {
    const model = mlp();
    const both = await put({ 'model.onnx': await pytorchStyleOnnx(model), 'model.json': new TextEncoder().encode('{}') });
    await expect(both.read()).rejects.toThrow(/both model.json and model.onnx were uploaded/);
    model.dispose();
  });

  it('refuses external data that points outside the model’s folder', async () => {
    const model = mlp();
    const split = withExternalData(await pytorchStyleOnnx(model), '../../etc/passwd');
    const { read } = await put({ 'model.onnx': split.model });
    await expect(probeOnnxModel((await read()).onnx, LIMITS)).rejects.toThrow(/external data files must sit beside model.onnx with plain names/);
    model.dispose();
  });
});
