import * as tf from '@tensorflow/tfjs';
import {
  aggregationWithDefaults,
  checkDistillationAllowed,
  DistilleryError,
  JobCatalog,
  validationWithDefaults,
  withDefaults,
  type AggregateOutput,
  type ErrorCode,
  type SweepData,
  type SweepResult,
  type SweepTrial,
  type SweepTrialData,
} from '@distillery/contracts';
import { aggregateTeachers, validationRows } from '@distillery/kd';
import { decodeNpy, encodeNpy, loadLayersModel } from '@distillery/storage';
import { checkpointPrefix } from '../checkpoints.ts';
import type { ChildJob, JobContext } from '../context.ts';
import { distillLineage, registerTrainedModel } from './shared.ts';
import { trialModelPrefix } from './sweep-trial.ts';

/** Aggregated teacher targets at one of the sweep's temperatures; removed with the checkpoints when the sweep ends. */
export const sweepTargetsKey = (sweepId: string, temperatureIndex: number) => `${checkpointPrefix(sweepId)}/sweep/soft-targets-${temperatureIndex}.npy`;

const TRIAL_RETENTION = { removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 }, removeOnFail: { age: 30 * 24 * 3600, count: 10_000 } };

/**
 * The parent of a sweep's flow, processed twice. Its first children are a
 * distill job's teacher stage and aggregation, run once for the whole sweep.
 * First pass: it combines the teachers' logits at each distinct trial
 * temperature (the aggregation's gate and weights apply) and adds one trial
 * per set of values as its children, which any worker's train queue picks up.
 * Second pass, once every trial has finished: it ranks them on the validation
 * slice, registers the best trial's student, and records the table.
 */
export async function sweep(ctx: JobContext, data: SweepData): Promise<SweepResult> {
  if (data.step !== 'rank') await fanOutTrials(ctx, data);
  return rank(ctx, data);
}

async function aggregation(ctx: JobContext): Promise<AggregateOutput> {
  const aggregated = ((await ctx.childrenValues()) as Partial<AggregateOutput>[]).find((value) => value.softTargets !== undefined && Array.isArray(value.teachers));
  if (!aggregated) throw new Error('the aggregation step returned no value');
  return aggregated as AggregateOutput;
}

async function fanOutTrials(ctx: JobContext, data: SweepData): Promise<void> {
  const aggregated = await aggregation(ctx);
  // Every trial shares the base request's teachers, data, aggregation, seed and validation slice.
  const base = data.trials[0]!.request;
  const teachers = [...aggregated.teachers].sort((a, b) => a.index - b.index);
  const used = teachers.filter((t) => (aggregated.used ?? teachers.map((u) => u.index)).includes(t.index));
  // The aggregation's shares: gate-dropped teachers out, validation-accuracy weights in when the request asked for them.
  const shares = used.map((t) => aggregated.weights?.[teachers.indexOf(t)] ?? base.teachers[t.index]?.weight ?? 1);
  const { strategy } = aggregationWithDefaults(base.aggregation);

  const temperatures = [...new Set(data.trials.map((trial) => trial.params.temperature))];
  const logits = await Promise.all(used.map(async (t) => decodeNpy(await ctx.store.get(t.transferLogits)) as { data: Float32Array; shape: [number, number] }));
  for (const [i, temperature] of temperatures.entries()) {
    ctx.signal.throwIfAborted();
    const probs = tf.tidy(() => aggregateTeachers(logits.map(({ data: values, shape }) => tf.tensor2d(values, shape)), shares, strategy, temperature));
    try {
      await ctx.store.put(sweepTargetsKey(ctx.jobId, i), encodeNpy(await probs.data<'float32'>(), probs.shape));
    } finally {
      probs.dispose();
    }
  }

  const validation = { ...validationWithDefaults(base.validation), seed: withDefaults(base.training).seed };
  const children: ChildJob[] = data.trials.map((trial, index) => ({
    name: 'sweep-trial',
    data: {
      jobId: ctx.jobId,
      index,
      params: trial.params,
      request: trial.request,
      softTargets: sweepTargetsKey(ctx.jobId, temperatures.indexOf(trial.params.temperature)),
      teachers: used.map((t) => t.model),
      validation,
    } satisfies SweepTrialData,
    opts: {
      jobId: `${ctx.jobId}-trial-${index}`,
      attempts: JobCatalog['sweep-trial'].attempts,
      backoff: { type: 'exponential', delay: 2000 },
      ...TRIAL_RETENTION,
      // An unexpected error that outlives its retries fails the sweep; a trial that diverges returns its failure instead.
      failParentOnFailure: true,
    },
  }));
  await ctx.registry.jobs.log(ctx.jobId, `targets ready at ${temperatures.length} temperature(s); ${children.length} trials queued`);
  await ctx.fanOut(children, { step: 'rank' });
}

/** Best first: validation accuracy, then validation cross-entropy, then the earlier trial. */
function compareTrials(a: SweepTrial, b: SweepTrial): number {
  return (
    b.validationAccuracy! - a.validationAccuracy! ||
    (a.validationLoss ?? Number.MAX_VALUE) - (b.validationLoss ?? Number.MAX_VALUE) ||
    a.index - b.index
  );
}

async function rank(ctx: JobContext, data: SweepData): Promise<SweepResult> {
  const record = await ctx.registry.sweeps.get(ctx.jobId);
  if (!record) throw new DistilleryError('sweep_not_found', `sweep ${ctx.jobId} does not exist`);
  const finished = record.trials.filter((trial) => !trial.error && trial.validationAccuracy !== undefined);
  const failed = record.trials.filter((trial) => !finished.includes(trial));
  if (finished.length === 0) {
    const first = failed.find((trial) => trial.error)?.error;
    throw new DistilleryError(
      (first?.code ?? 'internal_error') as ErrorCode,
      `every trial of the sweep failed${first ? `; the first: ${first.message}` : ''}: try lower learning rates or smaller widths`,
    );
  }
  const ranked = [...finished].sort(compareTrials);
  const bestRow = ranked[0]!;
  const trial = data.trials[bestRow.index]!;
  const request = trial.request;
  const { record: dataset, data: labelled } = await ctx.data.dataset(request.dataset);
  const aggregated = await aggregation(ctx);
  const usedIndices = aggregated.used ?? aggregated.teachers.map((t) => t.index);
  const teacherRecords = await Promise.all(aggregated.teachers.filter((t) => usedIndices.includes(t.index)).map((t) => ctx.data.modelRecord(t.model)));
  // Checked at submission; again here, as a distill job does, because a licence can be re-marked while the sweep runs.
  const warnings = checkDistillationAllowed(teacherRecords);
  const training = withDefaults(request.training);
  const transferId = request.transfer?.dataset ?? request.dataset;

  const student = await loadLayersModel(ctx.store, trialModelPrefix(ctx.jobId, bestRow.index));
  let modelId: string;
  try {
    const { temperature, alpha, learningRate, width } = trial.params;
    const registered = await registerTrainedModel(ctx, student, {
      name:
        request.student.name ??
        `student (${request.student.architecture.kind}) of sweep ${ctx.jobId}, trial ${bestRow.index} (T=${temperature}, alpha=${alpha}, lr=${learningRate}, width=${width})`,
      architecture: request.student.architecture,
      inputShape: dataset.inputShape,
      numClasses: dataset.numClasses,
      license: request.student.license,
      lineage: distillLineage(ctx, { dataset: dataset.id, transfer: transferId, teachers: teacherRecords, method: { kind: 'logits', temperature, alpha }, seed: training.seed }),
    });
    modelId = registered.id;
  } finally {
    student.dispose();
  }

  const table: SweepTrial[] = [
    ...ranked.map((row, i) => ({ ...row, rank: i + 1, ...(row === bestRow ? { model: modelId } : {}) })),
    ...failed,
  ];
  for (const row of table) {
    if (row.rank !== undefined) await ctx.registry.sweeps.recordTrial(ctx.jobId, row.index, { rank: row.rank, ...(row.model ? { model: row.model } : {}) });
  }
  const slice = { ...validationWithDefaults(request.validation), seed: training.seed };
  const labels = labelled.train.y ?? new Int32Array(0);
  await ctx.registry.jobs.log(ctx.jobId, `ranked ${ranked.length} trial(s) on the validation slice; the best is trial ${bestRow.index} (${modelId})`);
  return {
    model: modelId,
    objective: 'validationAccuracy',
    validation: { dataset: dataset.id, split: 'train', fraction: slice.fraction, rows: validationRows(labels, slice.fraction, slice.seed).length, seed: slice.seed },
    best: table[0]!,
    table,
    teachers: aggregated.teachers.map((t) => ({ model: t.model, testAccuracy: t.testAccuracy, cached: t.cached, used: usedIndices.includes(t.index) })),
    ...(warnings.length > 0 ? { warnings } : {}),
    wallSeconds: record.startedAt ? (Date.now() - Date.parse(record.startedAt)) / 1000 : 0,
    backend: ctx.backend,
  };
}
