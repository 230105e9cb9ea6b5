import { DistilleryError, type DatasetUploadFields } from '@distillery/contracts';
import { ingestGraphUpload, type GraphNpyFiles } from '@distillery/datasets';
import type { ArtifactStore } from '@distillery/storage';
import type { IngestedUpload } from './dataset-upload.ts';
import type { StoredPart } from './multipart.ts';

export const GRAPH_NPY_PARTS = ['x', 'edges', 'y', 'train', 'val', 'test'] as const;

/**
 * A graph upload (graph-npy: one NPY file per part; graph-json: one "graph"
 * file), validated and stored under `prefix`. Returns the record's fields
 * that depend on the graph.
 */
export async function ingestGraph(store: ArtifactStore, prefix: string, fields: DatasetUploadFields, files: StoredPart[]): Promise<IngestedUpload> {
  for (const field of ['labelColumn', 'testRatio', 'seed'] as const) {
    if (fields[field] !== undefined) throw new DistilleryError('invalid_upload', `${field} is for table uploads; a graph's labels are its y and its splits are its train, val and test nodes`, `/${field}`);
  }
  const key = (part: string): string => {
    const file = files.find((f) => f.field === part);
    if (!file) throw new DistilleryError('invalid_upload', `a ${fields.format} upload needs the "${part}" part`, `/${part}`);
    return file.key;
  };
  const ingested =
    fields.format === 'graph-npy'
      ? await ingestGraphUpload(store, { format: 'graph-npy', prefix, files: Object.fromEntries(GRAPH_NPY_PARTS.map((part) => [part, key(part)])) as GraphNpyFiles })
      : await ingestGraphUpload(store, { format: 'graph-json', prefix, file: key('graph') });
  const { summary } = ingested;
  return {
    files: ingested.files,
    digest: ingested.digest,
    bytes: ingested.bytes,
    source: {},
    record: {
      inputShape: [summary.features],
      numClasses: summary.classes,
      labelled: true,
      labels: summary.labelledNodes === summary.nodes ? 'all' : 'partial',
      // What table datasets call train and test: the labelled nodes of those splits.
      splits: { train: summary.splits.train, test: summary.splits.test },
      labelledCount: { train: summary.splits.train, test: summary.splits.test },
      classCounts: ingested.classCounts,
      graph: summary,
    },
  };
}
