import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import type { ModelFormat, ModelOutput } from '@distillery/contracts';
import { assertValidKey } from './keys.ts';
import { invalid, loadFromJson, probeModel } from './model-probe.ts';
import type { ArtifactStore } from './store.ts';

export const MODEL_JSON = 'model.json';
/** model.json holds the topology and the manifest, never weights: anything larger is not a model description. */
const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;

/** What the service learns about an uploaded model by loading it once. */
export interface InspectedModel {
  format: ModelFormat;
  inputShape: number[];
  numClasses: number;
  output: ModelOutput;
  parameters: number;
  /** Bytes of the weight files. */
  bytes: number;
  digest: string;
  /** Every file of the model, model.json first, then the shards in manifest order. */
  files: string[];
  /** Layer names (layers models) or node names (graph models): what intermediate outputs could be read. */
  outputNames: string[];
}

export interface InspectOptions {
  /** Needed when a graph model's input placeholder does not fix its shape. */
  inputShape?: number[] | undefined;
  /** Overrides what the model's last op says about its output. */
  output?: ModelOutput | undefined;
}

/** Bytes per stored value: quantized weights are stored in their quantized type. */
function bytesPerValue(spec: tf.io.WeightsManifestEntry): number {
  const stored = spec.quantization?.dtype ?? spec.dtype;
  switch (stored) {
    case 'float32':
    case 'int32':
      return 4;
    case 'float16':
    case 'uint16':
      return 2;
    case 'uint8':
    case 'bool':
      return 1;
    default:
      throw invalid(`weight ${spec.name} has dtype ${String(stored)}, which TensorFlow.js models cannot hold; re-export the model with float32 weights`);
  }
}

const valuesIn = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Manifest paths are relative to model.json; only plain file names beside it are accepted. */
function manifestFileName(path: string): string {
  const name = path.replace(/^\.\//, '');
  try {
    assertValidKey(name, 'weights path');
  } catch {
    throw invalid(`model.json names the weights file ${JSON.stringify(path)}; weight files must sit beside model.json with plain names`);
  }
  if (name.includes('/')) throw invalid(`model.json names the weights file ${JSON.stringify(path)} in a sub-folder; upload the weights beside model.json and name them without a folder`);
  return name;
}

function parseModelJson(bytes: Buffer): tf.io.ModelJSON {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw invalid(`model.json is not valid JSON: ${(error as Error).message}`);
  }
  const json = parsed as Partial<tf.io.ModelJSON> | null;
  if (json === null || typeof json !== 'object' || typeof json.modelTopology !== 'object' || json.modelTopology === null) {
    throw invalid('model.json has no modelTopology: upload the model.json written by TensorFlow.js (model.save) or by tensorflowjs_converter');
  }
  if (!Array.isArray(json.weightsManifest)) throw invalid('model.json has no weightsManifest array: it must list the weight files and the weights they hold');
  for (const group of json.weightsManifest) {
    if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw invalid('a weightsManifest entry needs "paths" and "weights" arrays');
    }
    for (const spec of group.weights) {
      if (!spec || typeof spec.name !== 'string' || !Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
        throw invalid(`weightsManifest has a malformed weight entry ${JSON.stringify(spec).slice(0, 200)}: each needs a name, a shape of non-negative integers and a dtype`);
      }
    }
  }
  return json as tf.io.ModelJSON;
}

/** tensorflowjs_converter writes format "graph-model"; model.save writes "layers-model" (older files may omit it). */
function formatOf(json: tf.io.ModelJSON): ModelFormat {
  if (json.format === 'graph-model') return 'tfjs-graph';
  if (json.format === 'layers-model') return 'tfjs-layers';
  const topology = json.modelTopology as { node?: unknown; class_name?: unknown; model_config?: unknown };
  if (Array.isArray(topology.node)) return 'tfjs-graph';
  if (topology.class_name !== undefined || topology.model_config !== undefined) return 'tfjs-layers';
  throw invalid(`model.json has format ${JSON.stringify(json.format)}; a teacher must be a TensorFlow.js layers model or graph model`);
}

/** An uploaded model's files, read and checked against its manifest: everything but running it. */
export interface ReadModelFiles {
  json: tf.io.ModelJSON;
  format: ModelFormat;
  /** The weight shards, concatenated in manifest order. */
  weights: Buffer;
  parameters: number;
  bytes: number;
  digest: string;
  files: string[];
}

/**
 * Checks an uploaded TensorFlow.js model the way a worker will use it: the
 * manifest against the files, then a real load and one forward pass. Every
 * problem is an `invalid_upload` error that says what to fix.
 */
export async function inspectModelFiles(store: ArtifactStore, prefix: string, fileNames: string[], options: InspectOptions = {}): Promise<InspectedModel> {
  const read = await readModelFiles(store, prefix, fileNames);
  const { json: _json, weights: _weights, ...described } = read;
  return { ...described, ...(await probeModel(read, options)) };
}

/**
 * The cheap half of the inspection: model.json parsed, the manifest checked
 * against the uploaded files, each file read once (a manifest naming a file
 * twice is refused, not read again), sizes checked, and the digest taken.
 */
export async function readModelFiles(store: ArtifactStore, prefix: string, fileNames: string[]): Promise<ReadModelFiles> {
  assertValidKey(prefix, 'prefix');
  if (!fileNames.includes(MODEL_JSON)) {
    throw invalid(`no ${MODEL_JSON} among the uploaded files (${fileNames.join(', ') || 'none'}); upload model.json and its weight files`);
  }
  const modelJsonKey = `${prefix}/${MODEL_JSON}`;
  if ((await store.size(modelJsonKey)) > MAX_MODEL_JSON_BYTES) throw invalid(`model.json is larger than ${MAX_MODEL_JSON_BYTES} bytes; it should hold the topology only`);
  const modelJsonBytes = await store.get(modelJsonKey);
  const json = parseModelJson(modelJsonBytes);
  const format = formatOf(json);

  const shardNames = json.weightsManifest.flatMap((group) => group.paths.map(manifestFileName));
  const repeated = shardNames.find((name, i) => shardNames.indexOf(name) !== i);
  if (repeated !== undefined) throw invalid(`model.json's weightsManifest names the file ${repeated} more than once; each weight file holds its own part of the weights, so name each once`);
  const missing = shardNames.filter((name) => !fileNames.includes(name));
  if (missing.length > 0) throw invalid(`model.json names weight files that were not uploaded: ${missing.join(', ')}`);
  const extra = fileNames.filter((name) => name !== MODEL_JSON && !shardNames.includes(name));
  if (extra.length > 0) throw invalid(`uploaded files that model.json's weightsManifest does not name: ${extra.join(', ')}; remove them or fix the manifest`);

  let parameters = 0;
  let bytes = 0;
  const digest = createHash('sha256').update(modelJsonBytes);
  const shards: Buffer[] = [];
  for (const [index, group] of json.weightsManifest.entries()) {
    const expected = group.weights.reduce((sum, spec) => sum + valuesIn(spec.shape) * bytesPerValue(spec), 0);
    parameters += group.weights.reduce((sum, spec) => sum + valuesIn(spec.shape), 0);
    const paths = group.paths.map((path) => `${prefix}/${manifestFileName(path)}`);
    const actual = (await Promise.all(paths.map((key) => store.size(key)))).reduce((sum, size) => sum + size, 0);
    if (actual !== expected) {
      throw invalid(
        `weight group ${index} (${group.paths.join(', ')}) should hold ${expected} bytes for its ${group.weights.length} weights but the files hold ${actual}: ${actual < expected ? 'a file is truncated or missing a shard' : 'the files do not match the manifest'}`,
      );
    }
    for (const key of paths) {
      const shard = await store.get(key);
      digest.update(shard);
      shards.push(shard);
    }
    bytes += actual;
  }
  return { json, format, weights: Buffer.concat(shards), parameters, bytes, digest: digest.digest('hex'), files: [MODEL_JSON, ...shardNames] };
}

/** Loads a stored TensorFlow.js model of either format as it was saved; the caller disposes it. */
export async function loadTfjsModel(store: ArtifactStore, prefix: string, format: ModelFormat): Promise<tf.LayersModel | tf.GraphModel> {
  assertValidKey(prefix, 'prefix');
  const json = JSON.parse((await store.get(`${prefix}/${MODEL_JSON}`)).toString('utf8')) as tf.io.ModelJSON;
  const shards: Buffer[] = [];
  for (const group of json.weightsManifest) {
    for (const path of group.paths) shards.push(await store.get(`${prefix}/${manifestFileName(path)}`));
  }
  return loadFromJson(json, format, Buffer.concat(shards));
}
