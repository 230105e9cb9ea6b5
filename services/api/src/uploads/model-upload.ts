import type { FastifyRequest } from 'fastify';
import { artifactKeys, DistilleryError, ModelUploadFields, type Model } from '@distillery/contracts';
import { newId, type Registry } from '@distillery/registry';
import { MODEL_ONNX, PROBE_LIMITS, readModelFiles, readOnnxUpload, type ArtifactStore } from '@distillery/storage';
import type { ModelChecker } from './model-check/model-checker.ts';
import { parseFormFields } from './form-fields.ts';
import { readMultipart } from './multipart.ts';
import { checkStorageQuota, uploadBudget, type UploadContext } from './storage-quota.ts';

/** The one file part name of a model upload: `files`, repeated, one per model file. */
export const MODEL_FILE_FIELD = 'files';

/**
 * A teacher trained elsewhere (TensorFlow.js files, or an ONNX model): its
 * files stream into the model's own folder, it is loaded once to prove it works here (in the checker's process, off the
 * event loop), and only then is its record written. Until the record exists
 * nothing refers to the files; if anything fails they are removed.
 */
export async function uploadModel(request: FastifyRequest, registry: Registry, store: ArtifactStore, checker: ModelChecker, context: UploadContext): Promise<Model> {
  const id = newId('m');
  const prefix = artifactKeys.model(id);
  try {
    await checkStorageQuota(registry, context, 0);
    const form = await readMultipart(request, store, {
      fileFields: [MODEL_FILE_FIELD],
      keyFor: (_field, fileName) => `${prefix}/${fileName}`,
      maxFileBytes: context.maxFileBytes,
      budget: await uploadBudget(registry, context),
    });
    const fields = parseFormFields<ModelUploadFields>(ModelUploadFields, form.fields);
    if (form.files.length === 0) {
      throw new DistilleryError('invalid_upload', `no files: send model.json and its weight files, or model.onnx, as "${MODEL_FILE_FIELD}" parts`, `/${MODEL_FILE_FIELD}`);
    }
    const fileNames = form.files.map((file) => file.fileName);
    const inspected = fileNames.includes(MODEL_ONNX) ? await inspectOnnx(store, prefix, fileNames, fields, checker) : await inspectTfjs(store, prefix, fileNames, fields, checker);
    for (const field of ['readableOutputs', 'attentionOutputs'] as const) {
      const unknownOutputs = (fields[field] ?? []).filter((name) => !inspected.outputNames.includes(name));
      if (unknownOutputs.length === 0) continue;
      throw new DistilleryError(
        'invalid_upload',
        `${field} names ${unknownOutputs.join(', ')}, which the model does not have; its ${inspected.format === 'tfjs-layers' ? 'layers' : 'nodes'} include ${inspected.outputNames.slice(0, 20).join(', ')}`,
        `/${field}`,
      );
    }
    await checkStorageQuota(registry, context, inspected.bytes);
    const model: Model = {
      id,
      tenant: context.tenant,
      name: fields.name,
      format: inspected.format,
      inputShape: inspected.inputShape,
      numClasses: inspected.numClasses,
      output: inspected.output,
      parameters: inspected.parameters,
      bytes: inspected.bytes,
      digest: inspected.digest,
      files: inspected.files,
      license: fields.license ?? 'unknown',
      distillation: fields.distillation ?? 'unknown',
      // Attention outputs are readable outputs too.
      readableOutputs: [...new Set([...(fields.readableOutputs ?? []), ...(fields.attentionOutputs ?? [])])],
      ...(fields.metadata ? { metadata: fields.metadata } : {}),
      ...(inspected.onnx ? { onnx: inspected.onnx } : {}),
      createdAt: new Date().toISOString(),
    };
    await registry.models.create(model);
    await registry.usage.addStoredBytes(context.tenant, model.bytes);
    return model;
  } catch (error) {
    await store.deletePrefix(prefix).catch(() => undefined);
    throw error;
  }
}

type Inspected = Pick<Model, 'format' | 'inputShape' | 'numClasses' | 'output' | 'parameters' | 'bytes' | 'digest' | 'files' | 'onnx'> & { outputNames: string[] };

async function inspectTfjs(store: ArtifactStore, prefix: string, fileNames: string[], fields: ModelUploadFields, checker: ModelChecker): Promise<Inspected> {
  if (fields.layout) throw new DistilleryError('invalid_upload', 'layout is for ONNX models; a TensorFlow.js model takes its images as [height, width, channels]: leave layout out', '/layout');
  if (fields.attentionOutputs) {
    throw new DistilleryError('invalid_upload', 'attentionOutputs is for ONNX models; a TensorFlow.js model\'s layers are read as they are: name them in readableOutputs', '/attentionOutputs');
  }
  const read = await readModelFiles(store, prefix, fileNames);
  const probed = await checker.probe(read, { inputShape: fields.inputShape, output: fields.output });
  return { format: read.format, parameters: read.parameters, bytes: read.bytes, digest: read.digest, files: read.files, ...probed };
}

/** An ONNX teacher: its files read here, its graph decoded, matched, digested and run in the model-check process (ONNX Runtime), refused if it cannot teach a classifier. */
async function inspectOnnx(store: ArtifactStore, prefix: string, fileNames: string[], fields: ModelUploadFields, checker: ModelChecker): Promise<Inspected> {
  if (fields.output === 'q-values') {
    throw new DistilleryError('invalid_upload', 'an ONNX model teaches classifiers here; policies act through TensorFlow.js: upload a Q-value policy as a TensorFlow.js model', '/output');
  }
  const read = await readOnnxUpload(store, prefix, fileNames);
  const probed = await checker.probeOnnx(read.onnx, {
    inputShape: fields.inputShape,
    layout: fields.layout,
    output: fields.output,
    readableOutputs: fields.readableOutputs,
    attentionOutputs: fields.attentionOutputs,
    maxInputValues: PROBE_LIMITS.inputValues,
  });
  return { format: 'onnx', bytes: read.bytes, ...probed };
}
