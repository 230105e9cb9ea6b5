import type { FastifyRequest } from 'fastify';
import { artifactKeys, DatasetUploadFields, DistilleryError, type Dataset, type UploadSource } from '@distillery/contracts';
import { ingestUpload, type RawFiles } from '@distillery/datasets';
import { newId, type Registry } from '@distillery/registry';
import type { ArtifactStore } from '@distillery/storage';
import { parseFormFields } from './form-fields.ts';
import { GRAPH_NPY_PARTS, ingestGraph } from './graph-upload.ts';
import { readMultipart, type StoredPart } from './multipart.ts';
import { checkStorageQuota, uploadBudget, type UploadContext } from './storage-quota.ts';

/** File parts by format: one file per split for text formats, features and labels per split for NPY, a graph's arrays for graph-npy. */
const FILE_FIELDS = {
  csv: ['train', 'test'],
  jsonl: ['train', 'test'],
  npy: ['x', 'y', 'testX', 'testY'],
  'graph-npy': GRAPH_NPY_PARTS,
  'graph-json': ['graph'],
} as const;
type TableFormat = 'csv' | 'jsonl' | 'npy';

/** An upload validated and stored: what its record takes from it. */
export interface IngestedUpload {
  files: string[];
  digest: string;
  bytes: number;
  /** How it was read, beyond the format and the file names. */
  source: Pick<UploadSource['upload'], 'labelColumn' | 'testRatio' | 'seed'>;
  record: Pick<Dataset, 'inputShape' | 'numClasses' | 'labelled' | 'labels' | 'splits' | 'labelledCount' | 'classNames' | 'classCounts' | 'graph'>;
}

const ALL_FILE_FIELDS = [...new Set(Object.values(FILE_FIELDS).flat())];

function rawFilesOf(format: TableFormat, files: StoredPart[], split: 'train' | 'test'): RawFiles | undefined {
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
    const ingested = fields.format === 'graph-npy' || fields.format === 'graph-json' ? await ingestGraph(store, prefix, fields, form.files) : await ingestTable(store, prefix, { ...fields, format: fields.format }, form.files);
    await checkStorageQuota(registry, context, ingested.bytes);
    const dataset: Dataset = {
      id,
      tenant: context.tenant,
      name: fields.name,
      source: { upload: { format: fields.format, files: Object.fromEntries(form.files.map((file) => [file.field, file.fileName])), ...ingested.source } },
      ...ingested.record,
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

/** A table upload (csv, jsonl, npy) validated and stored under `prefix`: the record's fields that depend on it. */
async function ingestTable(store: ArtifactStore, prefix: string, fields: DatasetUploadFields & { format: TableFormat }, files: StoredPart[]): Promise<IngestedUpload> {
  const allowed = FILE_FIELDS[fields.format];
  const train = rawFilesOf(fields.format, files, 'train');
  if (!train) throw new DistilleryError('invalid_upload', `no training data: send the file as the "${allowed[0]}" part`, `/${allowed[0]}`);
  const test = rawFilesOf(fields.format, files, 'test');
  const ingested = await ingestUpload(store, {
    format: fields.format,
    prefix,
    train,
    ...(test ? { test } : {}),
    ...(fields.labelColumn !== undefined ? { labelColumn: fields.labelColumn } : {}),
    ...(fields.testRatio !== undefined ? { testRatio: fields.testRatio } : {}),
    ...(fields.seed !== undefined ? { seed: fields.seed } : {}),
  });
  const labelledTrain = ingested.labelledCount.train;
  return {
    ...ingested,
    source: {
      ...(fields.labelColumn !== undefined ? { labelColumn: fields.labelColumn } : {}),
      ...(!test ? { testRatio: fields.testRatio ?? 0.2, seed: fields.seed ?? 0 } : {}),
    },
    record: {
      inputShape: ingested.inputShape,
      numClasses: ingested.numClasses,
      labelled: labelledTrain > 0,
      labels: labelledTrain === 0 ? 'none' : labelledTrain === ingested.splits.train ? 'all' : 'partial',
      splits: ingested.splits,
      labelledCount: ingested.labelledCount,
      ...(ingested.classNames ? { classNames: ingested.classNames } : {}),
      classCounts: ingested.classCounts,
    },
  };
}
