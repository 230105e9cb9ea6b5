import { DistilleryError, type TeacherFeaturesOutput, type TeacherLogitsData, type TeacherLogitsOutput } from '@distillery/contracts';
import { accuracy, predictLogits, type InferenceModel } from '@distillery/kd';
import { decodeNpy, encodeNpy } from '@distillery/storage';
import type * as tf from '@tensorflow/tfjs';
import type { JobContext } from '../context.ts';
import { teacherFeatures } from '../features/teacher-features.ts';
import { loadTeacherLayers } from '../features/teacher-model.ts';

/**
 * Teachers' raw logits are stored under a content address: the teacher's digest,
 * the dataset's digest and the split. Logits, not probabilities, so any
 * temperature can reuse them; content-addressed, so a second job with the same
 * teacher and data runs no inference.
 */
export const logitsKey = (modelDigest: string, datasetDigest: string, split: 'train' | 'test') =>
  `logits/${modelDigest}/${datasetDigest}/${split}.npy`;

/**
 * One teacher's inference over the transfer set and the test split; for a
 * features or attention job also its paired layers, precomputed into the store
 * or left to the distill step (teacher-features.ts).
 */
export async function teacherLogits(ctx: JobContext, data: TeacherLogitsData): Promise<TeacherLogitsOutput> {
  const [modelRecord, evaluation, transfer] = await Promise.all([
    ctx.data.modelRecord(data.model),
    ctx.data.datasetRecord(data.dataset),
    ctx.data.datasetRecord(data.transfer),
  ]);
  const transferKey = logitsKey(modelRecord.digest, transfer.digest, 'train');
  const testKey = logitsKey(modelRecord.digest, evaluation.digest, 'test');
  const cached = (await ctx.store.exists(transferKey)) && (await ctx.store.exists(testKey));

  let samplesPerSecond = 0;
  let features: TeacherFeaturesOutput | undefined;
  let featuresComputed = 0;
  // Loaded at most once, and only when something needs it: a job that reads
  // the teacher's layers needs a LayersModel, and the logits come from it too.
  let loaded: InferenceModel | undefined;
  const teacherModel = async (): Promise<InferenceModel> =>
    (loaded ??= data.features ? await loadTeacherLayers(ctx, modelRecord, data.index) : (await ctx.data.model(data.model)).model);
  try {
    if (!cached) {
      const model = await teacherModel();
      const started = performance.now();
      let samples = 0;
      for (const [key, datasetId, split] of [
        [transferKey, data.transfer, 'train'],
        [testKey, data.dataset, 'test'],
      ] as const) {
        const { data: rows } = await ctx.data.dataset(datasetId);
        const logits = await predictLogits(model, rows[split].x, rows.inputShape, {
          signal: ctx.signal,
          output: modelRecord.output,
          numClasses: modelRecord.numClasses,
        });
        await ctx.store.put(key, encodeNpy(logits, [rows[split].count, modelRecord.numClasses]));
        samples += rows[split].count;
      }
      const seconds = (performance.now() - started) / 1000;
      samplesPerSecond = samples / seconds;
      await ctx.registry.metrics.add('inference_samples', samples);
      await ctx.registry.metrics.add('inference_seconds', seconds);
    }
    if (data.features) {
      const model = (await teacherModel()) as tf.LayersModel;
      ({ output: features, computed: featuresComputed } = await teacherFeatures(ctx, { ...data, features: data.features }, modelRecord, model));
    }
  } finally {
    loaded?.dispose();
  }

  const { data: evalData } = await ctx.data.dataset(data.dataset);
  const labels = evalData.test.y;
  if (!labels) throw new DistilleryError('incompatible_dataset', `dataset ${data.dataset} has no labels to evaluate the teacher on`);
  const testLogits = decodeNpy(await ctx.store.get(testKey)).data as Float32Array;
  const testAccuracy = accuracy(testLogits, labels, modelRecord.numClasses);

  // Cached: this stage ran no inference at all (logits and any precomputed layers came from the store).
  const nothingComputed = cached && featuresComputed === 0;
  await ctx.registry.jobs.stage(ctx.jobId, { name: ctx.stage, cached: nothingComputed });
  await ctx.registry.metrics.add(cached ? 'teacher_logits_cached' : 'teacher_logits_computed', 1);
  ctx.log.info({ cached, testAccuracy, samplesPerSecond: Math.round(samplesPerSecond) }, 'teacher logits ready');
  return {
    index: data.index,
    model: data.model,
    transferLogits: transferKey,
    testLogits: testKey,
    testAccuracy,
    samplesPerSecond,
    cached: nothingComputed,
    ...(features ? { features } : {}),
  };
}
