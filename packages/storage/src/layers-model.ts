import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { DistilleryError } from '@distillery/contracts';
import { assertValidKey } from './keys.ts';
import type { ArtifactStore } from './store.ts';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

/** tfjs 4.x hands weights over as one ArrayBuffer or as several: always work with one. */
function concatWeights(weightData: tf.io.WeightData | undefined): Buffer {
  if (weightData === undefined) return Buffer.alloc(0);
  const parts = Array.isArray(weightData) ? weightData : [weightData];
  return Buffer.concat(parts.map((part) => new Uint8Array(part)));
}

/** A Buffer's bytes as a standalone ArrayBuffer (a Buffer may be a view into a shared pool). */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/**
 * Saves a model as the standard TensorFlow.js layers format (`model.json` + one `weights.bin`),
 * so stock tools such as `tf.loadLayersModel('file://…/model.json')` can read it.
 * `digest` is the sha256 of model.json's bytes followed by the weights' bytes.
 */
export async function saveLayersModel(
  store: ArtifactStore,
  prefix: string,
  model: tf.LayersModel,
): Promise<{ files: string[]; bytes: number; digest: string }> {
  assertValidKey(prefix, 'prefix');
  let saved: { files: string[]; bytes: number; digest: string } | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = concatWeights(artifacts.weightData);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology!,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy!,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig && { trainingConfig: artifacts.trainingConfig }),
        ...(artifacts.signature && { signature: artifacts.signature }),
        ...(artifacts.userDefinedMetadata && { userDefinedMetadata: artifacts.userDefinedMetadata }),
        ...(artifacts.modelInitializer && { modelInitializer: artifacts.modelInitializer }),
      };
      const modelBytes = Buffer.from(JSON.stringify(modelJson), 'utf8');
      const files = [`${prefix}/${MODEL_FILE}`, `${prefix}/${WEIGHTS_FILE}`] as const;
      // Weights first: once model.json is visible, the weights it names are already there.
      await store.put(files[1], weights);
      await store.put(files[0], modelBytes);
      const digest = createHash('sha256').update(modelBytes).update(weights).digest('hex');
      saved = { files: [...files], bytes: weights.length, digest };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (!saved) throw new Error('TensorFlow.js did not call the save handler.');
  return saved;
}

/** Loads a model saved in the standard layers format under `prefix` (by saveLayersModel or by stock tools). */
export async function loadLayersModel(store: ArtifactStore, prefix: string): Promise<tf.LayersModel> {
  assertValidKey(prefix, 'prefix');
  const modelJsonKey = `${prefix}/${MODEL_FILE}`;
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse((await store.get(modelJsonKey)).toString('utf8')) as tf.io.ModelJSON;
  } catch (error) {
    if (error instanceof SyntaxError) throw new DistilleryError('internal_error', `${modelJsonKey} is not valid JSON: ${error.message}`);
    throw error;
  }
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const shards: Buffer[] = [];
    for (const group of manifest) {
      for (const path of group.paths) {
        // Paths are relative to model.json; the key check refuses anything that would leave the prefix.
        const key = `${prefix}/${path.replace(/^\.\//, '')}`;
        assertValidKey(key, 'weights path');
        shards.push(await store.get(key));
      }
    }
    return [tf.io.getWeightSpecs(manifest), toArrayBuffer(Buffer.concat(shards))];
  });
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}
