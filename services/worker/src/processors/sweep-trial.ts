import { artifactKeys, DistilleryError, runNames, withDefaults } from '@distillery/contracts';
import type { SweepTrialData, TrialOutcome } from '@distillery/jobs';
import { accuracy, buildClassifier, countParameters, methodModule, methodObjective, predictLogits, resolveMethod, rowSize, selectRows, validationRows, type Examples } from '@distillery/kd';
import { decodeNpy, saveLayersModel } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { classifyError } from '../errors.ts';
import { prepareLayerSources, type PreparedLayerSources } from '../training/layer-sources.ts';
import { trainRun } from '../training/run.ts';
import { studentExamples } from '../training/student-examples.ts';
import { labelsOf } from './shared.ts';

/** Failures that belong to this trial's values (a learning rate that diverges, a width that does not fit): the sweep goes on without it. */
const TRIAL_FAILURES = new Set(['training_diverged', 'out_of_memory']);

/**
 * One trial of a sweep: the base distill job's student with this trial's
 * values or method and seed, trained on the aggregated teacher targets its
 * method asks for (or, for the baseline of a comparison, on its labels
 * alone, for as many steps as a logit student). The validation slice (rows
 * of the labelled training split, drawn with the base job's seed, the same
 * for every trial) is held out of its training, hard and soft terms alike,
 * and is what the sweep ranks on; the test split is only reported.
 */
export async function sweepTrial(ctx: JobContext, data: SweepTrialData): Promise<TrialOutcome> {
  const started = performance.now();
  const { request, index } = data;
  const training = withDefaults(request.training);
  const method = resolveMethod(request.method);
  const module = methodModule(method.kind);
  await ctx.registry.sweeps.recordTrial(ctx.jobId, index, { worker: ctx.workerId });

  const { record: dataset, data: labelled } = await ctx.data.dataset(request.dataset);
  const transferId = request.transfer?.dataset ?? request.dataset;
  // The dataset named as its own transfer set is no separate one (the rule the teacher stage follows);
  // a copy under another id is refused at submission, as it would hand the validation rows back.
  const transfer = transferId === dataset.id ? undefined : (await ctx.data.dataset(transferId)).data;
  const numClasses = dataset.numClasses;
  const size = rowSize(labelled.inputShape);
  const labels = labelsOf(dataset, labelled.train);
  const held = validationRows(labels, data.validation.fraction, data.validation.seed);
  const trainRows = complement(held, labelled.train.count);
  if (held.length === 0 || !trainRows.some((row) => labels[row]! >= 0)) {
    throw new DistilleryError(
      'incompatible_dataset',
      `dataset ${dataset.id} has too few labelled training rows to hold out a validation slice of ${data.validation.fraction} and still train on labels; use more data or a different validation.fraction`,
    );
  }
  const validation = { x: selectRows(labelled.train.x, size, held), count: held.length, labels: selectRows(labels, 1, held) };
  const transferCount = transfer?.train.count ?? 0;
  const studentRows = trainRows.length + transferCount;
  const plan = data.baseline
    ? { examples: baselineExamples(labelled.train.x, labels, trainRows, labelled.inputShape), steps: training.epochs * Math.ceil(studentRows / training.batchSize) }
    : {
        examples: studentExamples(method, {
          labelled: { x: labelled.train.x, count: labelled.train.count, labels },
          transfer: transfer?.train,
          inputShape: labelled.inputShape,
          numClasses,
          softTargets: decodeNpy(await ctx.store.get(data.softTargets!)).data as Float32Array,
          keep: trainRows,
        }).examples,
        steps: undefined,
      };

  // The student first: were it built after the teachers it could throw with them loaded.
  const model = buildClassifier(request.student.architecture, labelled.inputShape, numClasses, training.seed);
  let layers: PreparedLayerSources | undefined;
  try {
    if (!data.baseline && module.teacherLayers && data.layers) layers = await prepareLayerSources(ctx, data.layers, labelled.train.count + transferCount);
    // The teachers loaded for the on-the-fly path are freed as soon as the student is trained.
    const { reports } = await trainRun(ctx, {
      run: runNames.trial(index),
      progressStage: ctx.stage,
      model,
      examples: plan.examples,
      training,
      numClasses,
      ...(plan.steps !== undefined ? { steps: plan.steps } : {}),
      ...(data.baseline ? {} : { objective: methodObjective(method, layers?.sources) }),
      evaluation: validation,
    }).finally(() => layers?.dispose());
    const validationLogits = await predictLogits(model, validation.x, labelled.inputShape, { signal: ctx.signal });
    const testLogits = await predictLogits(model, labelled.test.x, labelled.inputShape, { signal: ctx.signal });
    await saveLayersModel(ctx.store, artifactKeys.trialModel(ctx.jobId, index), model);
    const outcome: TrialOutcome = {
      validationAccuracy: accuracy(validationLogits, validation.labels, numClasses),
      validationLoss: meanCrossEntropy(validationLogits, validation.labels, numClasses),
      testAccuracy: accuracy(testLogits, labelsOf(dataset, labelled.test), numClasses),
      trainLoss: reports.at(-1)?.loss ?? 0,
      parameters: countParameters(model),
      epochs: reports.filter((report) => report.stage === undefined).length,
      seconds: (performance.now() - started) / 1000,
      worker: ctx.workerId,
    };
    await ctx.registry.sweeps.recordTrial(ctx.jobId, index, outcome);
    return outcome;
  } catch (error) {
    const classified = classifyError(error, ctx.signal);
    if (classified.kind !== 'final' || !TRIAL_FAILURES.has(classified.info.code)) throw error;
    ctx.log.warn({ code: classified.info.code }, `trial failed: ${classified.info.message}`);
    const outcome: TrialOutcome = { error: classified.info, worker: ctx.workerId, seconds: (performance.now() - started) / 1000 };
    await ctx.registry.sweeps.recordTrial(ctx.jobId, index, outcome);
    await ctx.registry.jobs.log(ctx.jobId, `${ctx.stage} failed (${classified.info.code}: ${classified.info.message}); the sweep ranks the other trials`);
    return outcome;
  } finally {
    model.dispose();
  }
}

/** A comparison's baseline: the kept training rows that have labels, without teacher targets. */
function baselineExamples(x: Float32Array, labels: Int32Array, rows: Int32Array, inputShape: number[]): Examples {
  const labelled = rows.filter((row) => labels[row]! >= 0);
  return { x: selectRows(x, rowSize(inputShape), labelled), count: labelled.length, inputShape, labels: selectRows(labels, 1, labelled) };
}

/** 0..count-1 without the (ascending) rows of `held`. */
function complement(held: Int32Array, count: number): Int32Array {
  const out = new Int32Array(count - held.length);
  let next = 0;
  let h = 0;
  for (let row = 0; row < count; row++) {
    if (h < held.length && held[h] === row) h++;
    else out[next++] = row;
  }
  return out;
}

/** Mean of -log softmax(logits)[label] over labelled rows, in float64 from the logits (finite for finite logits). */
export function meanCrossEntropy(logits: Float32Array, labels: Int32Array, numClasses: number): number {
  let sum = 0;
  let count = 0;
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row]!;
    if (label < 0) continue;
    let max = -Infinity;
    for (let c = 0; c < numClasses; c++) max = Math.max(max, logits[row * numClasses + c]!);
    let total = 0;
    for (let c = 0; c < numClasses; c++) total += Math.exp(logits[row * numClasses + c]! - max);
    sum += max + Math.log(total) - logits[row * numClasses + label]!;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}
