import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsArtifactStore, loadLayersModel, saveLayersModel } from './index.ts';

let root: string;
let store: FsArtifactStore;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'layers-model-'));
  store = new FsArtifactStore(root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function tinyModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 3 }));
  return model;
}

describe('saveLayersModel / loadLayersModel', () => {
  it('round-trips to identical predictions', async () => {
    const model = tinyModel();
    const saved = await saveLayersModel(store, 'models/m1', model);
    expect(saved.files).toEqual(['models/m1/model.json', 'models/m1/weights.bin']);
    expect(saved.bytes).toBe((4 * 8 + 8 + 8 * 3 + 3) * 4);
    expect(saved.digest).toMatch(/^[0-9a-f]{64}$/);

    const loaded = await loadLayersModel(store, 'models/m1');
    const input = tf.randomNormal([5, 4], 0, 1, 'float32', 1);
    const expected = await (model.predict(input) as tf.Tensor).data();
    const actual = await (loaded.predict(input) as tf.Tensor).data();
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it('writes the standard TensorFlow.js layers format', async () => {
    await saveLayersModel(store, 'models/m2', tinyModel());
    const json = JSON.parse(await readFile(join(root, 'models', 'm2', 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toMatch(/TensorFlow\.js/);
    expect(json.convertedBy).toBeNull();
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0].weights.map((w: { shape: number[] }) => w.shape)).toEqual([[4, 8], [8], [8, 3], [3]]);
  });

  it('loads with stock tfjs IO from the same files', async () => {
    const model = tinyModel();
    await saveLayersModel(store, 'models/m3', model);
    const json = JSON.parse(await readFile(join(root, 'models', 'm3', 'model.json'), 'utf8')) as tf.io.ModelJSON;
    const weights = await readFile(join(root, 'models', 'm3', 'weights.bin'));
    // Only stock tfjs helpers here: what any reader of the standard format does.
    const artifacts = tf.io.getModelArtifactsForJSONSync(json, tf.io.getWeightSpecs(json.weightsManifest), new Uint8Array(weights).buffer);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const input = tf.ones([2, 4]);
    expect(Array.from(await (loaded.predict(input) as tf.Tensor).data())).toEqual(Array.from(await (model.predict(input) as tf.Tensor).data()));
  });

  it('gives the same digest for the same model, a different one for other weights', async () => {
    const model = tinyModel();
    const first = await saveLayersModel(store, 'models/d1', model);
    const second = await saveLayersModel(store, 'models/d2', model);
    const other = await saveLayersModel(store, 'models/d3', tinyModel());
    expect(second.digest).toBe(first.digest);
    expect(other.digest).not.toBe(first.digest);
  });

  it('reports a missing model as artifact_not_found', async () => {
    await expect(loadLayersModel(store, 'models/none')).rejects.toMatchObject({ code: 'artifact_not_found' });
  });

  it('refuses weight paths that leave the prefix', async () => {
    await saveLayersModel(store, 'models/evil', tinyModel());
    const json = JSON.parse((await store.get('models/evil/model.json')).toString());
    json.weightsManifest[0].paths = ['../m1/weights.bin'];
    await store.put('models/evil/model.json', Buffer.from(JSON.stringify(json)));
    await expect(loadLayersModel(store, 'models/evil')).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
