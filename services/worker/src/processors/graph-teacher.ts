import { artifactKeys, GRAPH_TEACHER_VERSION, type GraphTeacherSource } from '@distillery/contracts';
import { graphDistillationWithDefaults, StoredGraphTeacher, type GraphTeacherData, type GraphTeacherOutput } from '@distillery/jobs';
import { encodeGraphNetwork, trainGraphTeacher } from '@distillery/kd';
import { encodeNpy } from '@distillery/storage';
import { Value } from 'typebox/value';
import { pinCacheEntries, recordCacheUse } from '../cache.ts';
import type { JobContext } from '../context.ts';
import { graphDigest, loadGraph } from './graph-source.ts';

/**
 * The GNN teacher of a distill-graph job. Keyed by everything that decides
 * what training produces (the graph's content, the network, its seeded
 * training, the nodes it may see), it is looked up in the tenant's
 * teacher-output cache first; otherwise trained, with progress events per
 * ten epochs, and stored there: its logits for every node, its weights, and
 * teacher.json last, so an attempt cut off part way leaves no entry that
 * reads as whole.
 */
export async function graphTeacher(ctx: JobContext, data: GraphTeacherData): Promise<GraphTeacherOutput> {
  const started = performance.now();
  const { teacher, setting } = graphDistillationWithDefaults(data.request);
  const source: GraphTeacherSource = {
    tenant: ctx.tenant,
    graph: await graphDigest(ctx, data.request.graph),
    architecture: teacher.architecture,
    training: teacher.training,
    observed: setting.setting === 'inductive' ? { setting: 'inductive', heldOut: setting.heldOut, seed: setting.splitSeed } : { setting: 'transductive' },
  };
  const keys = { logits: artifactKeys.graphTeacher(source, 'logits.npy'), weights: artifactKeys.graphTeacher(source, 'weights.bin'), record: artifactKeys.graphTeacher(source, 'teacher.json') };
  const all = [keys.logits, keys.weights, keys.record];
  // Pinned before looking: eviction leaves them alone until the job (its student's subjob too) finishes.
  await pinCacheEntries(ctx, all);
  const cached = (await Promise.all(all.map((key) => ctx.store.exists(key)))).every(Boolean) && (await storedRecordIsReadable(ctx, keys.record));
  if (!cached) {
    // Loaded only to train: a hit needs nothing of the graph but its digest.
    const { graph } = await loadGraph(ctx, data.request.graph);
    const trained = await trainGraphTeacher({
      graph,
      architecture: teacher.architecture,
      training: teacher.training,
      ...setting,
      signal: ctx.signal,
      onEpoch: async (epoch) => {
        if (epoch.epoch % 10 === 0) await ctx.registry.jobs.progress(ctx.jobId, { stage: ctx.stage, epoch: epoch.epoch, epochs: teacher.training.epochs, loss: epoch.loss, accuracy: epoch.valAccuracy });
      },
    });
    try {
      const encoded = await encodeGraphNetwork(trained.network);
      const record: StoredGraphTeacher = {
        version: GRAPH_TEACHER_VERSION,
        features: graph.features,
        numClasses: graph.numClasses,
        weights: encoded.specs.map(({ name, shape }) => ({ name, shape, dtype: 'float32' as const })),
        scores: trained.scores,
        bestEpoch: trained.bestEpoch,
        epochs: trained.epochs,
        parameters: trained.parameters,
      };
      try {
        await ctx.store.put(keys.weights, encoded.bytes);
        await ctx.store.put(keys.logits, encodeNpy(trained.softLabels, [graph.nodes, graph.numClasses]));
        await ctx.store.put(keys.record, Buffer.from(JSON.stringify(record)));
      } catch (error) {
        // Not yet in the cache's index: files left here would escape CACHE_MAX_BYTES and eviction.
        await Promise.all(all.map((key) => ctx.store.deletePrefix(key).catch(() => undefined)));
        throw error;
      }
    } finally {
      trained.network.dispose();
    }
  }
  await recordCacheUse(ctx, all, cached ? 'hit' : 'write');
  await ctx.registry.jobs.stage(ctx.jobId, { name: ctx.stage, cached });
  await ctx.registry.metrics.add(cached ? 'teacher_logits_cached' : 'teacher_logits_computed', 1);
  const seconds = (performance.now() - started) / 1000;
  ctx.log.info({ cached, seconds }, 'graph teacher ready');
  return { ...keys, cached, seconds };
}

/** A teacher.json this version can read; anything else is trained again and overwritten. */
async function storedRecordIsReadable(ctx: JobContext, key: string): Promise<boolean> {
  try {
    return Value.Check(StoredGraphTeacher, JSON.parse((await ctx.store.get(key)).toString('utf8')));
  } catch {
    return false;
  }
}
