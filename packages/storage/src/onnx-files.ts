import { createHash } from 'node:crypto';
// The protobuf half only: reading a model's graph needs no ONNX Runtime in the API process.
import { describeOnnxModel, invalidOnnx } from '@distillery/onnx/describe';
import type { OnnxFiles } from '@distillery/onnx';
import { assertValidKey } from './keys.ts';
import { MODEL_JSON } from './model-files.ts';
import type { ArtifactStore } from './store.ts';

export const MODEL_ONNX = 'model.onnx';

/** An uploaded ONNX model's files, read and checked against what its graph names: everything but running it. */
export interface ReadOnnxModelFiles {
  onnx: OnnxFiles;
  /** Bytes of model.onnx and its external data together. */
  bytes: number;
  /** sha256 of model.onnx, then each external-data file in the order the graph first names it. */
  digest: string;
  /** model.onnx first, then the external-data files. */
  files: string[];
}

/**
 * The cheap half of an ONNX upload's inspection: model.onnx parsed, the
 * external-data files its initializers name matched against the uploaded
 * ones, and the digest taken. Running it is the model check's job (probeOnnxModel).
 */
export async function readOnnxModelFiles(store: ArtifactStore, prefix: string, fileNames: string[]): Promise<ReadOnnxModelFiles> {
  assertValidKey(prefix, 'prefix');
  if (fileNames.includes(MODEL_JSON)) {
    throw invalidOnnx(
      `both ${MODEL_JSON} and ${MODEL_ONNX} were uploaded; a model is one or the other (a model downloaded from this service has both: its TensorFlow.js files and their ONNX copy): send ${MODEL_JSON} with its weight files, or ${MODEL_ONNX} alone`,
    );
  }
  const model = await store.get(`${prefix}/${MODEL_ONNX}`);
  const { externalFiles } = describeOnnxModel(model);
  const missing = externalFiles.filter((name) => !fileNames.includes(name));
  if (missing.length > 0) throw invalidOnnx(`model.onnx keeps weights in external data files that were not uploaded: ${missing.join(', ')}; send them as files parts beside model.onnx`);
  const extra = fileNames.filter((name) => name !== MODEL_ONNX && !externalFiles.includes(name));
  if (extra.length > 0) throw invalidOnnx(`uploaded files that model.onnx does not name as external data: ${extra.join(', ')}; remove them`);

  const digest = createHash('sha256').update(model);
  const external: OnnxFiles['external'] = [];
  for (const name of externalFiles) {
    const bytes = await store.get(`${prefix}/${name}`);
    digest.update(bytes);
    external.push({ name, bytes });
  }
  return {
    onnx: { model, external },
    bytes: model.byteLength + external.reduce((sum, file) => sum + file.bytes.byteLength, 0),
    digest: digest.digest('hex'),
    files: [MODEL_ONNX, ...externalFiles],
  };
}

/** A stored ONNX model's files, as a session opens them. */
export async function loadOnnxFiles(store: ArtifactStore, prefix: string, files: string[]): Promise<OnnxFiles> {
  assertValidKey(prefix, 'prefix');
  const [model, ...external] = await Promise.all(files.map((name) => store.get(`${prefix}/${name}`)));
  return { model: model!, external: external.map((bytes, i) => ({ name: files[i + 1]!, bytes })) };
}
