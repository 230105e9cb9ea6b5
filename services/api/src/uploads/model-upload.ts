import type { FastifyRequest } from 'fastify';
import { artifactKeys, DistilleryError, ModelUploadFields, type Model } from '@distillery/contracts';
import { newId, type Registry } from '@distillery/registry';
import { readModelFiles, type ArtifactStore } from '@distillery/storage';
import type { ModelChecker } from './model-check/model-checker.ts';
import { parseFormFields } from './form-fields.ts';
import { readMultipart } from './multipart.ts';
import { checkStorageQuota, uploadBudget, type UploadContext } from './storage-quota.ts';

/** The one file part name of a model upload: `files`, repeated, one per model file. */
export const MODEL_FILE_FIELD = 'files';

/**
 * A teacher trained elsewhere: its files stream into the model's own folder,
 * it is loaded once to prove it works here (in the checker's process, off the
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
    if (form.files.length === 0) throw new DistilleryError('invalid_upload', `no files: send model.json and its weight files as "${MODEL_FILE_FIELD}" parts`, `/${MODEL_FILE_FIELD}`);
    const read = await readModelFiles(
      store,
      prefix,
      form.files.map((file) => file.fileName),
    );
    const probed = await checker.probe(read, { inputShape: fields.inputShape, output: fields.output });
    const inspected = { ...read, ...probed };
    const unknownOutputs = (fields.readableOutputs ?? []).filter((name) => !inspected.outputNames.includes(name));
    if (unknownOutputs.length > 0) {
      throw new DistilleryError(
        'invalid_upload',
        `readableOutputs names ${unknownOutputs.join(', ')}, which the model does not have; its ${inspected.format === 'tfjs-graph' ? 'nodes' : 'layers'} include ${inspected.outputNames.slice(0, 20).join(', ')}`,
        '/readableOutputs',
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
      readableOutputs: fields.readableOutputs ?? [],
      ...(fields.metadata ? { metadata: fields.metadata } : {}),
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
