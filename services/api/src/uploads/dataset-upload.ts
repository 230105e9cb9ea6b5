import type { FastifyRequest } from 'fastify';
import { artifactKeys, DatasetUploadFields, DistilleryError, type Dataset } from '@distillery/contracts';
import { ingestUpload, type RawFiles } from '@distillery/datasets';
import { newId, type Registry } from '@distillery/registry';
import type { ArtifactStore } from '@distillery/storage';
import { parseFormFields } from './form-fields.ts';
import { readMultipart, type StoredPart } from './multipart.ts';
import { checkStorageQuota, uploadBudget, type UploadContext } from './storage-quota.ts';

/** File parts by format: one file per split for text formats, features and labels per split for NPY. */
const FILE_FIELDS = {
  csv: ['train', 'test'],
  jsonl: ['train', 'test'],
  npy: ['x', 'y', 'testX', 'testY'],
} as const;
const ALL_FILE_FIELDS = [...new Set(Object.values(FILE_FIELDS).flat())];

function rawFilesOf(format: DatasetUploadFields['format'], files: StoredPart[], split: 'train' | 'test'): RawFiles | undefined {
  const key = (field: string) => files.find((file) => file.field === field)?.key;
  if (format !== 'npy') {
    const data = key(split);
    return data ? { data } : undefined;
  }
  const x = key(split === 'train' ? 'x' : 'testX');
  const y = key(split === 'train' ? 'y' : 'testY');
  if (!x) {
    if (y) throw new DistilleryError('invalid_upload', `${split === 'train' ? 'y' : 'testY'} was uploaded without ${split === 'train' ? 'x' : 'testX'}; labels need their features`, `/${split === 'train' ? 'x' : 'testX'}`);
    return undefined;
  }
  return y ? { x, y } : { x };
}

/**
 * A dataset of the user's own: the files stream into a scratch folder, are
 * validated and converted to the canonical NPY files the workers read, and the
 * scratch folder is removed whatever happens. The record is written last.
 */
export async function uploadDataset(request: FastifyRequest, registry: Registry, store: ArtifactStore, context: UploadContext): Promise<Dataset> {
  const id = newId('ds');
  const scratch = `uploads/${id}`;
  const prefix = artifactKeys.dataset(id);
  try {
    await checkStorageQuota(registry, context, 0);
    const form = await readMultipart(request, store, {
      fileFields: ALL_FILE_FIELDS,
      // The part decides the key; the user's file name is kept in the record only.
      keyFor: (field) => `${scratch}/${field}`,
      maxFileBytes: context.maxFileBytes,
      budget: await uploadBudget(registry, context),
    });
    const fields = parseFormFields<DatasetUploadFields>(DatasetUploadFields, form.fields);
    const allowed: readonly string[] = FILE_FIELDS[fields.format];
    const misplaced = form.files.find((file) => !allowed.includes(file.field));
    if (misplaced) {
      throw new DistilleryError('invalid_upload', `a ${fields.format} upload has no "${misplaced.field}" part; its files go in ${allowed.map((f) => `"${f}"`).join(', ')}`, `/${misplaced.field}`);
    }
    const train = rawFilesOf(fields.format, form.files, 'train');
    if (!train) throw new DistilleryError('invalid_upload', `no training data: send the file as the "${allowed[0]}" part`, `/${allowed[0]}`);
    const test = rawFilesOf(fields.format, form.files, 'test');
    const ingested = await ingestUpload(store, {
      format: fields.format,
      prefix,
      train,
      ...(test ? { test } : {}),
      ...(fields.labelColumn !== undefined ? { labelColumn: fields.labelColumn } : {}),
      ...(fields.testRatio !== undefined ? { testRatio: fields.testRatio } : {}),
      ...(fields.seed !== undefined ? { seed: fields.seed } : {}),
    });
    await checkStorageQuota(registry, context, ingested.bytes);
    const labelledTrain = ingested.labelledCount.train;
    const dataset: Dataset = {
      id,
      tenant: context.tenant,
      name: fields.name,
      source: {
        upload: {
          format: fields.format,
          files: Object.fromEntries(form.files.map((file) => [file.field, file.fileName])),
          ...(fields.labelColumn !== undefined ? { labelColumn: fields.labelColumn } : {}),
          ...(!test ? { testRatio: fields.testRatio ?? 0.2, seed: fields.seed ?? 0 } : {}),
        },
      },
      inputShape: ingested.inputShape,
      numClasses: ingested.numClasses,
      labelled: labelledTrain > 0,
      labels: labelledTrain === 0 ? 'none' : labelledTrain === ingested.splits.train ? 'all' : 'partial',
      splits: ingested.splits,
      labelledCount: ingested.labelledCount,
      ...(ingested.classNames ? { classNames: ingested.classNames } : {}),
      classCounts: ingested.classCounts,
      bytes: ingested.bytes,
      files: ingested.files,
      digest: ingested.digest,
      createdAt: new Date().toISOString(),
    };
    await registry.datasets.create(dataset);
    await registry.usage.addStoredBytes(context.tenant, ingested.bytes);
    return dataset;
  } catch (error) {
    await store.deletePrefix(prefix).catch(() => undefined);
    throw error;
  } finally {
    await store.deletePrefix(scratch).catch(() => undefined);
  }
}
