import { artifactKeys, DistilleryError, type Model } from '@distillery/contracts';
import type { TeacherFeaturesOutput, TeacherFeaturesRequest, TeacherLogitsData } from '@distillery/jobs';
import { extractedShape, precomputeTeacherFeatures, rowSize, type InferenceModel, type LayerExtraction } from '@distillery/kd';
import { encodeNpy } from '@distillery/storage';
import { pinCacheEntries, recordCacheUse } from '../cache.ts';
import type { JobContext } from '../context.ts';

const FLOAT32_BYTES = 4;

/** The request's extractions; a plain layer name (the older form) takes the request's attentionP. */
export function requestedExtractions(request: TeacherFeaturesRequest): LayerExtraction[] {
  return request.layers.map((entry) =>
    typeof entry === 'string' ? { layer: entry, ...(request.attentionP !== undefined ? { attentionP: request.attentionP } : {}) } : entry,
  );
}

/**
 * The teacher side of a layer method, run by the teacher subjob. It measures
 * what the job reads of the teacher's layers over the student's training
 * rows (the dataset's training split, then the transfer set's when the job
 * has one): float32 × rows × per-sample size, where attention keeps only the
 * h·w energies mean_c |A_c|^p of a map. At most the worker's
 * FEATURE_PRECOMPUTE_MAX_BYTES (shared equally by the job's teachers that
 * pairs read), they are precomputed into the store, unless already there;
 * above it, nothing is written and the training step runs the teacher inside
 * every step instead. Both give the same loss.
 */
export async function extractTeacherLayers(
  ctx: JobContext,
  data: TeacherLogitsData & { features: TeacherFeaturesRequest },
  record: Model,
  model: InferenceModel,
): Promise<{ output: TeacherFeaturesOutput; computed: number }> {
  const extractions = requestedExtractions(data.features);
  const role = `teacher ${data.index} (${record.id})`;
  const shapes = extractions.map((extraction) => storedShape(model, extraction, role));
  const datasetIds = data.transfer === data.dataset ? [data.dataset] : [data.dataset, data.transfer];
  const datasets = await Promise.all(datasetIds.map((id) => ctx.data.datasetRecord(id)));
  const rows = datasets.reduce((sum, d) => sum + d.splits.train, 0);
  const bytes = FLOAT32_BYTES * rows * shapes.reduce((sum, shape) => sum + rowSize(shape), 0);
  const limitBytes = Math.floor(ctx.featurePrecomputeMaxBytes / data.features.limitSharedBy);
  const described = extractions.map((extraction, i) => ({
    layer: extraction.layer,
    ...(extraction.attentionP !== undefined ? { attentionP: extraction.attentionP } : {}),
    shape: shapes[i]!,
  }));
  if (bytes > limitBytes) {
    if (model.kind === 'host') {
      throw new DistilleryError(
        'job_too_large',
        `${role} is a ${record.format} model, whose layers are read ahead of training, into the store; the ${extractions.length} layer(s) this job reads take ${bytes} bytes over its ${rows} training rows, more than this worker's share of FEATURE_PRECOMPUTE_MAX_BYTES (${limitBytes}): pair fewer or smaller layers, train on fewer rows, or raise FEATURE_PRECOMPUTE_MAX_BYTES`,
      );
    }
    ctx.log.info({ bytes, limitBytes }, 'teacher layers computed on the fly during training');
    return { output: { path: 'on-the-fly', bytes, limitBytes, layers: described }, computed: 0 };
  }

  const keys = extractions.map((e) => datasets.map((dataset) => artifactKeys.features({ tenant: ctx.tenant, model: record, dataset }, e.layer, e.attentionP)));
  // Pinned before looking: cache eviction leaves them alone until this job (and its training) finishes.
  await pinCacheEntries(ctx, keys.flat());
  let computed = 0;
  for (const [d, dataset] of datasets.entries()) {
    const present = await Promise.all(extractions.map((_, i) => ctx.store.exists(keys[i]![d]!)));
    const missing = extractions.map((_, i) => i).filter((i) => !present[i]);
    if (missing.length === 0) continue;
    const { data: loaded } = await ctx.data.dataset(dataset.id);
    const precomputed = await precomputeTeacherFeatures(
      model,
      missing.map((i) => extractions[i]!),
      loaded.train.x,
      loaded.inputShape,
      { signal: ctx.signal, role },
    );
    for (const [j, entry] of precomputed.layers.entries()) {
      await ctx.store.put(keys[missing[j]!]![d]!, encodeNpy(entry.values, [precomputed.count, ...entry.shape]));
    }
    computed += loaded.train.count;
  }
  await recordCacheUse(ctx, keys.flat(), computed > 0 ? 'write' : 'hit');
  ctx.log.info({ bytes, limitBytes, computed }, 'teacher layers precomputed into the store');
  return {
    output: { path: 'precomputed', bytes, limitBytes, layers: described.map((layer, i) => ({ ...layer, keys: keys[i]! })) },
    computed,
  };
}

/** Per-sample shape of what is kept of a layer: its output, or its [h, w] attention energies. */
function storedShape(model: InferenceModel, extraction: LayerExtraction, role: string): number[] {
  const shape = model.kind === 'host' ? model.outputs!.shape(extraction.layer, role) : model.layers!.layer(extraction.layer, role).shape;
  const stored = extractedShape(extraction, shape);
  if (!stored) {
    throw new DistilleryError(
      'incompatible_model',
      `${role} layer '${extraction.layer}' outputs [${shape.join(',')}]; attention transfer needs a feature map [height, width, channels]: pair a conv or pool layer`,
    );
  }
  return stored;
}
