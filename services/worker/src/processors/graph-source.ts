import { builtinGraphDigest, loadCora, loadStoredGraph } from '@distillery/datasets';
import type { DistillGraphJobRequest } from '@distillery/jobs';
import { contextualSbm, type NodeGraph } from '@distillery/kd';
import type { JobContext } from '../context.ts';

export interface LoadedGraph {
  graph: NodeGraph;
  /** What reports and model names call it: the dataset's id, or the built-in's name. */
  name: string;
  /** sha256 of its content: what its trained teachers are cached by. */
  digest: string;
}

/** The digest of the graph a distill-graph job names, without loading or generating it. */
export async function graphDigest(ctx: JobContext, source: DistillGraphJobRequest['graph']): Promise<string> {
  return 'dataset' in source ? (await ctx.data.datasetRecord(source.dataset)).digest : builtinGraphDigest(source);
}

/** The graph a distill-graph job names: an uploaded graph dataset, Cora, or a generated graph. */
export async function loadGraph(ctx: JobContext, source: DistillGraphJobRequest['graph']): Promise<LoadedGraph> {
  if ('dataset' in source) {
    const record = await ctx.data.datasetRecord(source.dataset);
    return { graph: await loadStoredGraph(ctx.store, record.files ?? []), name: source.dataset, digest: record.digest };
  }
  const graph = source.builtin === 'cora' ? loadCora() : contextualSbm(source.options ?? {});
  return { graph, name: source.builtin, digest: builtinGraphDigest(source) };
}
