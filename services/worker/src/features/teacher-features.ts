import type * as tf from '@tensorflow/tfjs';
import { DistilleryError, type Model, type TeacherFeaturesOutput, type TeacherLogitsData } from '@distillery/contracts';
import { layerShape, precomputeTeacherFeatures, rowSize } from '@distillery/kd';
import { encodeNpy } from '@distillery/storage';
import { pinCacheEntries, recordCacheUse } from '../cache.ts';
import type { JobContext } from '../context.ts';
import { featuresKey } from './keys.ts';
import { asJobError } from './teacher-model.ts';

const FLOAT32_BYTES = 4;

/**
 * The teacher side of a features or attention job, run by the teacher
 * subjob. It measures the teacher's paired layers over the student's training
 * rows (the dataset's training split, then the transfer set's when the job
 * has one): float32 × rows × per-sample size, where attention keeps only the
 * h·w energies mean_c |A_c|^p of a map. At most the worker's
 * FEATURE_PRECOMPUTE_MAX_BYTES (shared equally by the job's teachers that
 * pairs read), they are precomputed into the store, unless already there;
 * above it, nothing is written and the distill step runs the teacher inside
 * every training step instead. Both give the same loss.
 */
export async function teacherFeatures(
  ctx: JobContext,
  data: TeacherLogitsData & { features: NonNullable<TeacherLogitsData['features']> },
  record: Model,
  model: tf.LayersModel,
): Promise<{ output: TeacherFeaturesOutput; computed: number }> {
  const { layers, attentionP, limitSharedBy } = data.features;
  const role = `teacher ${data.index} (${record.id})`;
  const shapes = layers.map((layer) => storedShape(model, layer, role, attentionP));
  const datasetIds = data.transfer === data.dataset ? [data.dataset] : [data.dataset, data.transfer];
  const datasets = await Promise.all(datasetIds.map((id) => ctx.data.datasetRecord(id)));
  const rows = datasets.reduce((sum, d) => sum + d.splits.train, 0);
  const bytes = FLOAT32_BYTES * rows * shapes.reduce((sum, shape) => sum + rowSize(shape), 0);
  const limitBytes = Math.floor(ctx.featurePrecomputeMaxBytes / limitSharedBy);
  const base = { bytes, limitBytes, ...(attentionP !== undefined ? { attentionP } : {}) };
  if (bytes > limitBytes) {
    ctx.log.info({ bytes, limitBytes }, 'teacher layers computed on the fly during training');
    return { output: { path: 'on-the-fly', ...base, layers: layers.map((layer, i) => ({ layer, shape: shapes[i]! })) }, computed: 0 };
  }

  const keys = layers.map((layer) => datasets.map((d) => featuresKey(record.digest, d.digest, layer, attentionP)));
  // Pinned before looking: cache eviction leaves them alone until this job (and its training) finishes.
  await pinCacheEntries(ctx, keys.flat());
  let computed = 0;
  for (const [d, dataset] of datasets.entries()) {
    const missing = (await Promise.all(layers.map(async (layer, i) => ((await ctx.store.exists(keys[i]![d]!)) ? undefined : i)))).filter(
      (i): i is number => i !== undefined,
    );
    if (missing.length === 0) continue;
    const { data: loaded } = await ctx.data.dataset(dataset.id);
    const precomputed = await precomputeTeacherFeatures(
      model,
      missing.map((i) => layers[i]!),
      loaded.train.x,
      loaded.inputShape,
      { signal: ctx.signal, role, ...(attentionP !== undefined ? { attentionP } : {}) },
    );
    for (const [j, entry] of precomputed.layers.entries()) {
      await ctx.store.put(keys[missing[j]!]![d]!, encodeNpy(entry.values, [precomputed.count, ...entry.shape]));
    }
    computed += loaded.train.count;
  }
  await recordCacheUse(ctx, keys.flat(), computed > 0 ? 'write' : 'hit');
  ctx.log.info({ bytes, limitBytes, computed }, 'teacher layers precomputed into the store');
  return {
    output: { path: 'precomputed', ...base, layers: layers.map((layer, i) => ({ layer, shape: shapes[i]!, keys: keys[i]! })) },
    computed,
  };
}

/** Per-sample shape of what is kept of `layer`: its output, or its [h, w] attention energies. */
function storedShape(model: tf.LayersModel, layer: string, role: string, attentionP: number | undefined): number[] {
  let shape: number[];
  try {
    shape = layerShape(model, layer, role);
  } catch (error) {
    throw asJobError(error);
  }
  if (attentionP === undefined) return shape;
  if (shape.length !== 3) {
    throw new DistilleryError(
      'incompatible_model',
      `${role} layer '${layer}' outputs [${shape.join(',')}]; attention transfer needs a feature map [height, width, channels]: pair a conv or pool layer`,
    );
  }
  return shape.slice(0, 2);
}
