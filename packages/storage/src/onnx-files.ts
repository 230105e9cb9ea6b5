// The protobuf half is not needed here: an upload's graph is read in the model check's process.
import { invalidOnnx, MODEL_ONNX } from '@distillery/onnx/describe';
import type { OnnxFiles } from '@distillery/onnx';
import { assertValidKey } from './keys.ts';
import { MODEL_JSON } from './model-files.ts';
import type { ArtifactStore } from './store.ts';

export { MODEL_ONNX };

/** An uploaded ONNX model's files as they were sent, for the model check (probeOnnxModel) to match against its graph. */
export interface OnnxUpload {
  /** model.onnx, and every other uploaded file as external data. */
  onnx: OnnxFiles;
  /** Bytes of every uploaded file together. */
  bytes: number;
}

/**
 * Reads an ONNX upload's files for its check. Nothing is decoded here: a
 * large graph takes seconds and hundreds of MB to decode, which would hold
 * the API's event loop for every other tenant; the check process decodes it,
 * matches the files against the external data it names, and digests them.
 */
export async function readOnnxUpload(store: ArtifactStore, prefix: string, fileNames: string[]): Promise<OnnxUpload> {
  assertValidKey(prefix, 'prefix');
  if (fileNames.includes(MODEL_JSON)) {
    throw invalidOnnx(
      `both ${MODEL_JSON} and ${MODEL_ONNX} were uploaded; a model is one or the other (a model downloaded from this service has both: its TensorFlow.js files and their ONNX copy): send ${MODEL_JSON} with its weight files, or ${MODEL_ONNX} alone`,
    );
  }
  const model = await store.get(`${prefix}/${MODEL_ONNX}`);
  const external: OnnxFiles['external'] = [];
  for (const name of fileNames.filter((file) => file !== MODEL_ONNX)) external.push({ name, bytes: await store.get(`${prefix}/${name}`) });
  return { onnx: { model, external }, bytes: model.byteLength + external.reduce((sum, file) => sum + file.bytes.byteLength, 0) };
}

/** A stored ONNX model's files, as a session opens them. */
export async function loadOnnxFiles(store: ArtifactStore, prefix: string, files: string[]): Promise<OnnxFiles> {
  assertValidKey(prefix, 'prefix');
  const [model, ...external] = await Promise.all(files.map((name) => store.get(`${prefix}/${name}`)));
  return { model: model!, external: external.map((bytes, i) => ({ name: files[i + 1]!, bytes })) };
}
