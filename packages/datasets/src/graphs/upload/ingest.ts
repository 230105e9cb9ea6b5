import type { GraphSummary } from '@distillery/contracts';
import type { NodeGraph } from '@distillery/kd';
import type { ArtifactStore } from '@distillery/storage';
import { npyFile, writeFiles, type CanonicalFile, type WrittenFiles } from '../../uploads/canonical.ts';
import { GRAPH_FILES, SPLIT_CODES } from '../stored.ts';
import { MAX_GRAPH_JSON_BYTES, locateJson, readGraphJson } from './json.ts';
import { locateNpy, readGraphNpy, type GraphNpyFiles } from './npy.ts';
import { finishGraph } from './raw.ts';

export { MAX_GRAPH_JSON_BYTES, type GraphNpyFiles };

export type GraphIngestRequest =
  | { format: 'graph-npy'; prefix: string; files: GraphNpyFiles }
  | { format: 'graph-json'; prefix: string; file: string };

export interface IngestedGraph extends WrittenFiles {
  summary: GraphSummary;
  /** Training nodes per class. */
  classCounts: number[];
}

/**
 * Validates an uploaded graph and stores it under `request.prefix` as the
 * canonical GRAPH_FILES. Errors name the file and the row or array index;
 * a graph is stored whole or not at all.
 */
export async function ingestGraphUpload(store: ArtifactStore, request: GraphIngestRequest): Promise<IngestedGraph> {
  const raw = request.format === 'graph-npy' ? await readGraphNpy(store, request.files) : await readGraphJson(store, request.file);
  const { graph, summary } = finishGraph(raw, request.format === 'graph-npy' ? locateNpy : locateJson);
  let written: WrittenFiles;
  try {
    written = await writeFiles(store, request.prefix, storedFiles(graph));
  } catch (error) {
    await store.deletePrefix(request.prefix).catch(() => {});
    throw error;
  }
  const classCounts = new Array<number>(summary.classes).fill(0);
  for (const node of graph.split.train) classCounts[graph.labels[node]!]!++;
  return { ...written, summary, classCounts };
}

function storedFiles(graph: NodeGraph): CanonicalFile[] {
  const split = new Uint8Array(graph.nodes);
  for (const node of graph.split.train) split[node] = SPLIT_CODES.train;
  for (const node of graph.split.val) split[node] = SPLIT_CODES.val;
  for (const node of graph.split.test) split[node] = SPLIT_CODES.test;
  return [
    npyFile(GRAPH_FILES.x, graph.x, [graph.nodes, graph.features]),
    npyFile(GRAPH_FILES.edges, graph.edges, [graph.edges.length / 2, 2]),
    npyFile(GRAPH_FILES.labels, graph.labels, [graph.nodes]),
    npyFile(GRAPH_FILES.split, split, [graph.nodes]),
  ];
}
