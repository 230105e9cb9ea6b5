import { artifactKeys, DistilleryError, type Dataset, type TeacherQuality } from '@distillery/contracts';
import type { TeacherFeaturesOutput, TeacherLogitsData, TeacherLogitsOutput } from '@distillery/jobs';
import { accuracy, predictLogits, selectRows, teacherQuality, validationRows, type InferenceModel } from '@distillery/kd';
import { decodeNpy, encodeNpy } from '@distillery/storage';
import { pinCacheEntries, recordCacheUse } from '../cache.ts';
import type { JobContext } from '../context.ts';
import { extractTeacherLayers } from '../teachers/extract-layers.ts';
import { loadLayerReadableTeacher } from '../teachers/layer-access.ts';

/**
 * One teacher's inference over the transfer set and the test split (and, when
 * the job evaluates its teachers, the labelled training split its validation
 * slice comes from); for a method that pairs layers also what it reads of them,
 * precomputed into the store or left to the training step (extract-layers.ts).
 */
export async function teacherLogits(ctx: JobContext, data: TeacherLogitsData): Promise<TeacherLogitsOutput> {
  const [modelRecord, evaluation, transfer] = await Promise.all([
    ctx.data.modelRecord(data.model),
    ctx.data.datasetRecord(data.dataset),
    ctx.data.datasetRecord(data.transfer),
  ]);
  // The job's tenant is part of every key: its first use of a teacher never finds another tenant's outputs.
  const logitsKey = (dataset: Dataset, split: 'train' | 'test') => artifactKeys.logits({ tenant: ctx.tenant, model: modelRecord, dataset }, split);
  const transferKey = logitsKey(transfer, 'train');
  const testKey = logitsKey(evaluation, 'test');
  // The validation slice is drawn from the labelled training split: the transfer set's key when that is the same data.
  const validationKey = data.validation ? logitsKey(evaluation, 'train') : undefined;
  const wanted = [
    [transferKey, data.transfer, 'train'],
    [testKey, data.dataset, 'test'],
    ...(validationKey && validationKey !== transferKey ? [[validationKey, data.dataset, 'train'] as const] : []),
  ] as const;
  // Pinned before looking: cache eviction leaves them alone until this job finishes.
  await pinCacheEntries(ctx, wanted.map(([key]) => key));
  const cached = (await Promise.all(wanted.map(([key]) => ctx.store.exists(key)))).every(Boolean);

  let samplesPerSecond = 0;
  let features: TeacherFeaturesOutput | undefined;
  let featuresComputed = 0;
  // Loaded at most once, and only when something needs it: a job that reads
  // the teacher's layers needs a runtime that reads them, and the logits come from it too.
  let loaded: InferenceModel | undefined;
  const teacherModel = async (): Promise<InferenceModel> =>
    (loaded ??= data.features ? await loadLayerReadableTeacher(ctx, modelRecord, data.index) : (await ctx.data.model(data.model)).model);
  try {
    if (!cached) {
      const model = await teacherModel();
      const started = performance.now();
      let samples = 0;
      for (const [key, datasetId, split] of wanted) {
        const { data: rows } = await ctx.data.dataset(datasetId);
        const logits = await predictLogits(model, rows[split].x, rows.inputShape, { signal: ctx.signal, numClasses: modelRecord.numClasses });
        await ctx.store.put(key, encodeNpy(logits, [rows[split].count, modelRecord.numClasses]));
        samples += rows[split].count;
      }
      const seconds = (performance.now() - started) / 1000;
      samplesPerSecond = samples / seconds;
      await ctx.registry.metrics.add('inference_samples', samples);
      await ctx.registry.metrics.add('inference_seconds', seconds);
    }
    await recordCacheUse(ctx, wanted.map(([key]) => key), cached ? 'hit' : 'write');
    if (data.features) {
      ({ output: features, computed: featuresComputed } = await extractTeacherLayers(ctx, { ...data, features: data.features }, modelRecord, await teacherModel()));
    }
  } finally {
    loaded?.dispose();
  }

  const { data: evalData } = await ctx.data.dataset(data.dataset);
  const labels = evalData.test.y;
  if (!labels) throw new DistilleryError('incompatible_dataset', `dataset ${data.dataset} has no labels to evaluate the teacher on`);
  const testLogits = decodeNpy(await ctx.store.get(testKey)).data as Float32Array;
  const testAccuracy = accuracy(testLogits, labels, modelRecord.numClasses);
  const validation = validationKey && data.validation ? await evaluateOnValidation(ctx, validationKey, data.dataset, data.validation, modelRecord.numClasses) : undefined;

  // Cached: this stage ran no inference at all (logits and any precomputed layers came from the store).
  const nothingComputed = cached && featuresComputed === 0;
  await ctx.registry.jobs.stage(ctx.jobId, { name: ctx.stage, cached: nothingComputed });
  await ctx.registry.metrics.add(cached ? 'teacher_logits_cached' : 'teacher_logits_computed', 1);
  ctx.log.info({ cached, testAccuracy, validationAccuracy: validation?.accuracy, samplesPerSecond: Math.round(samplesPerSecond) }, 'teacher logits ready');
  return {
    index: data.index,
    model: data.model,
    transferLogits: transferKey,
    testLogits: testKey,
    testAccuracy,
    samplesPerSecond,
    cached: nothingComputed,
    ...(features ? { features } : {}),
    ...(validation ? { validation } : {}),
  };
}

/**
 * The teacher's quality on the validation slice: rows of the labelled
 * training split drawn with the job's seed, never the test split, so gating
 * and weighting teachers by it leaves the student's test accuracy unbiased.
 */
async function evaluateOnValidation(
  ctx: JobContext,
  key: string,
  datasetId: string,
  slice: NonNullable<TeacherLogitsData['validation']>,
  numClasses: number,
): Promise<TeacherQuality> {
  const { data: labelled } = await ctx.data.dataset(datasetId);
  const rows = labelled.train.y ? validationRows(labelled.train.y, slice.fraction, slice.seed) : new Int32Array(0);
  if (rows.length === 0) throw new DistilleryError('incompatible_dataset', `dataset ${datasetId} has no labelled training rows to evaluate the teacher on`);
  const labels = labelled.train.y!;
  const logits = decodeNpy(await ctx.store.get(key)).data as Float32Array;
  return teacherQuality(selectRows(logits, numClasses, rows), selectRows(labels, 1, rows), numClasses);
}
