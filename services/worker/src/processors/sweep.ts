import * as tf from '@tensorflow/tfjs';
import {
  aggregationWithDefaults,
  artifactKeys,
  checkDistillationAllowed,
  DistilleryError,
  studentSizeWarnings,
  withDefaults,
  type ErrorCode,
  type JobWarning,
  type Lineage,
} from '@distillery/contracts';
import { JobCatalog, jobOptions, validationRowsOf, type AggregateOutput, type SweepData, type SweepResult, type SweepTrial, type SweepTrialData, type ValidationRows } from '@distillery/jobs';
import { aggregateTeachers, methodModule, resolveMethod, validationRows, type TargetSpec } from '@distillery/kd';
import { decodeNpy, encodeNpy, loadLayersModel } from '@distillery/storage';
import type { ChildJob, JobContext } from '../context.ts';
import { compareTrials, summarizeMethods } from './sweep-ranking.ts';
import { distillLineage, registerTrainedModel } from './shared.ts';

/**
 * The parent of a sweep's flow, processed twice. Its first children are a
 * distill job's teacher stage and aggregation, run once for the whole sweep.
 * First pass: it combines the teachers' logits as each trial's method asks
 * (its temperature, and standardization; the aggregation's gate and weights
 * apply) and adds one trial per set of values, or per method and seed, as its
 * children, which any worker's train queue picks up. Second pass, once every
 * trial has finished: it ranks them (and, in a comparison, the methods) on
 * the validation slice, registers the best trial's student, and records the
 * table.
 */
export async function sweep(ctx: JobContext, data: SweepData): Promise<SweepResult> {
  if (data.step !== 'rank') await fanOutTrials(ctx, data);
  return rank(ctx, data);
}

async function aggregation(ctx: JobContext): Promise<AggregateOutput> {
  const [aggregated] = await ctx.children('aggregate');
  if (!aggregated) throw new Error('the aggregation step returned no value');
  return aggregated;
}

const specKey = (spec: TargetSpec) => `${spec.temperature}/${spec.standardize}`;

async function fanOutTrials(ctx: JobContext, data: SweepData): Promise<void> {
  const aggregated = await aggregation(ctx);
  // Every trial shares the base request's teachers, data, aggregation and validation slice.
  const base = data.trials[0]!.request;
  const teachers = [...aggregated.teachers].sort((a, b) => a.index - b.index);
  const used = teachers.filter((t) => (aggregated.used ?? teachers.map((u) => u.index)).includes(t.index));
  // The aggregation's shares: gate-dropped teachers out, validation-accuracy weights in when the request asked for them.
  const shares = used.map((t) => aggregated.weights?.[teachers.indexOf(t)] ?? base.teachers[t.index]?.weight ?? 1);
  const { strategy } = aggregationWithDefaults(base.aggregation);

  // The targets each distinct method asks for, computed once from the teachers' cached logits.
  const methods = data.trials.map((trial) => (trial.baseline ? undefined : resolveMethod(trial.request.method)));
  const specOf = methods.map((method) => (method ? methodModule(method.kind).targets(method) : undefined));
  const specs = [...new Map(specOf.filter((s): s is TargetSpec => s !== undefined).map((s) => [specKey(s), s])).values()];
  const specIndex = new Map(specs.map((spec, i) => [specKey(spec), i]));
  const logits = await Promise.all(used.map(async (t) => decodeNpy(await ctx.store.get(t.transferLogits)) as { data: Float32Array; shape: [number, number] }));
  for (const [i, spec] of specs.entries()) {
    ctx.signal.throwIfAborted();
    const probs = tf.tidy(() =>
      aggregateTeachers(logits.map(({ data: values, shape }) => tf.tensor2d(values, shape)), shares, strategy, spec.temperature, { standardize: spec.standardize }),
    );
    try {
      await ctx.store.put(artifactKeys.sweepTargets(ctx.jobId, i), encodeNpy(await probs.data<'float32'>(), probs.shape));
    } finally {
      probs.dispose();
    }
  }

  const validation = validationSlice(data);
  const layers = teachers.filter((t) => t.features).map((t) => ({ index: t.index, model: t.model, features: t.features }));
  const children: ChildJob[] = data.trials.map((trial, index) => {
    const spec = specOf[index];
    const method = methods[index];
    const readsLayers = method !== undefined && methodModule(method.kind).teacherLayers !== undefined;
    return {
      name: 'sweep-trial',
      data: {
        jobId: ctx.jobId,
        index,
        params: trial.params,
        request: trial.request,
        ...(trial.baseline ? { baseline: true } : {}),
        ...(spec ? { softTargets: artifactKeys.sweepTargets(ctx.jobId, specIndex.get(specKey(spec))!) } : {}),
        ...(readsLayers ? { layers } : {}),
        teachers: used.map((t) => t.model),
        validation,
      } satisfies SweepTrialData,
      // As a child: an unexpected error that outlives its retries fails the sweep; a trial that diverges returns its failure instead.
      opts: jobOptions(`${ctx.jobId}-trial-${index}`, JobCatalog['sweep-trial'], true),
    };
  });
  await ctx.registry.jobs.log(ctx.jobId, `targets ready for ${specs.length} method setting(s); ${children.length} trials queued`);
  await ctx.fanOut(children, { step: 'rank' });
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
  const methods = data.trials[0]!.comparison ? summarizeMethods(finished, data.trials) : undefined;
  // In a comparison the kept student is the best seed of the best method; otherwise the best trial.
  const bestRow = methods ? ranked.find((row) => row.comparison?.method === methods[0]!.method)! : ranked[0]!;
  const trial = data.trials[bestRow.index]!;
  const request = trial.request;
  const { record: dataset, data: labelled } = await ctx.data.dataset(request.dataset);
  const aggregated = await aggregation(ctx);
  const usedIndices = aggregated.used ?? aggregated.teachers.map((t) => t.index);
  const teacherRecords = await Promise.all(aggregated.teachers.filter((t) => usedIndices.includes(t.index)).map((t) => ctx.data.modelRecord(t.model)));
  // Checked at submission; again here, as a distill job does, because a licence can be re-marked while the sweep runs.
  const warnings: JobWarning[] = checkDistillationAllowed(teacherRecords);
  const training = withDefaults(request.training);
  const transferId = request.transfer?.dataset ?? request.dataset;

  const student = await loadLayersModel(ctx.store, artifactKeys.trialModel(ctx.jobId, bestRow.index));
  let modelId: string;
  try {
    const lineage: Lineage = trial.baseline
      ? { jobId: ctx.jobId, kind: 'train', dataset: dataset.id, teachers: [], seed: training.seed }
      : distillLineage(ctx, { dataset: dataset.id, transfer: transferId, teachers: teacherRecords, method: resolveMethod(request.method), seed: training.seed });
    const registered = await registerTrainedModel(ctx, student, {
      name: request.student.name ?? `student (${request.student.architecture.kind}) of sweep ${ctx.jobId}, trial ${bestRow.index} (${describe(bestRow)})`,
      architecture: request.student.architecture,
      inputShape: dataset.inputShape,
      numClasses: dataset.numClasses,
      license: request.student.license,
      lineage,
    });
    modelId = registered.id;
    // As a distill job says it (a sweep times no latency): the kept student is no smaller than a teacher it learned from.
    warnings.push(...studentSizeWarnings(registered.parameters, teacherRecords));
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
  const slice = validationSlice(data);
  const labels = labelled.train.y ?? new Int32Array(0);
  await ctx.registry.jobs.log(
    ctx.jobId,
    methods
      ? `ranked ${methods.length} method(s) over their seeds on the validation slice; the best is ${methods[0]!.method}, its best seed's student is ${modelId}`
      : `ranked ${ranked.length} trial(s) on the validation slice; the best is trial ${bestRow.index} (${modelId})`,
  );
  return {
    model: modelId,
    objective: 'validationAccuracy',
    validation: { dataset: dataset.id, split: 'train', fraction: slice.fraction, rows: validationRows(labels, slice.fraction, slice.seed).length, seed: slice.seed },
    best: table.find((row) => row.index === bestRow.index)!,
    table,
    ...(methods ? { methods } : {}),
    teachers: aggregated.teachers.map((t) => ({ model: t.model, testAccuracy: t.testAccuracy, cached: t.cached, used: usedIndices.includes(t.index) })),
    ...(warnings.length > 0 ? { warnings } : {}),
    wallSeconds: record.startedAt ? (Date.now() - Date.parse(record.startedAt)) / 1000 : 0,
    backend: ctx.backend,
  };
}

/** The base job's validation slice (sweeps queued before it was recorded: the first trial's, which was then the base's). */
function validationSlice(data: SweepData): ValidationRows {
  return data.validation ?? validationRowsOf(data.trials[0]!.request);
}

/** `T=4, alpha=0.9, lr=0.001, width=1`, or `dkd, seed 2` in a comparison. */
function describe(row: SweepTrial): string {
  if (row.comparison) return `${row.comparison.method}, seed ${row.comparison.seed}`;
  const { temperature, alpha, learningRate, width } = row.params;
  return `T=${temperature}, alpha=${alpha}, lr=${learningRate}, width=${width}`;
}
