import { DistilleryError, type DatasetUploadFields } from '@distillery/contracts';
import { ingestGraphUpload, type GraphNpyFiles } from '@distillery/datasets';
import type { ArtifactStore } from '@distillery/storage';
import type { IngestedUpload } from './dataset-upload.ts';
import type { StoredPart } from './multipart.ts';

export const GRAPH_NPY_PARTS = ['x', 'edges', 'y', 'train', 'val', 'test'] as const;

/**
 * Runs tasks one after another, in the order they come. A graph is checked
 * whole in memory (up to 64 million feature values, its edges twice over),
 * unlike a table, which streams: one at a time per API process keeps a burst
 * of large graph uploads, from one tenant or several, from taking the API's
 * memory with it. Table uploads do not wait for them.
 */
export function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = last.then(task, task);
    last = run.catch(() => undefined);
    return run;
  };
}

const graphIngest = oneAtATime();

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
  const request =
    fields.format === 'graph-npy'
      ? ({ format: 'graph-npy', prefix, files: Object.fromEntries(GRAPH_NPY_PARTS.map((part) => [part, key(part)])) as GraphNpyFiles } as const)
      : ({ format: 'graph-json', prefix, file: key('graph') } as const);
  const ingested = await graphIngest(() => ingestGraphUpload(store, request));
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
