import type * as tf from '@tensorflow/tfjs';
import {
  checkDistillationAllowed,
  isLayerMethod,
  methodWithDefaults,
  validationWithDefaults,
  withDefaults,
  type AggregateOutput,
  type DistillData,
  type FeaturesReport,
  type JobResult,
  type Model,
  type PseudoLabelReport,
  type ResolvedMethod,
} from '@distillery/contracts';
import type { LoadedDataset } from '@distillery/datasets';
import {
  accuracy,
  argmaxAgreement,
  buildClassifier,
  distillationExamples,
  hardPseudoLabels,
  measureLatency,
  predictLogits,
  rowSize,
  selectRows,
  trainClassifier,
  type EpochReport,
  type Examples,
  type TrainOptions,
} from '@distillery/kd';
import { decodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { prepareIntermediate, type PreparedIntermediate } from '../features/intermediate.ts';
import { asJobError } from '../features/teacher-model.ts';
import { checkpointing, distillLineage, epochReporter, labelledExamples, labelsOf, recordTraining, registerTrainedModel, type HistoryPoint } from './shared.ts';

/**
 * The parent of a distillation flow: trains the student on the aggregated
 * teacher targets (plus, for features and attention jobs, terms on paired
 * layers), optionally the same student without teachers as a baseline, and
 * reports what distillation bought.
 */
export async function distill(ctx: JobContext, data: DistillData): Promise<JobResult> {
  const started = performance.now();
  const request = data.request;
  const training = withDefaults(request.training);
  const method = methodWithDefaults(request.method);

  const [aggregated] = (await ctx.childrenValues()) as AggregateOutput[];
  if (!aggregated) throw new Error('the aggregation step returned no value');
  const { record: dataset, data: labelled } = await ctx.data.dataset(request.dataset);
  const transferId = request.transfer?.dataset ?? request.dataset;
  const transfer = transferId === dataset.id ? undefined : (await ctx.data.dataset(transferId)).data;
  const softTargets = decodeNpy(await ctx.store.get(aggregated.softTargets)).data as Float32Array;
  const labelledSet = { x: labelled.train.x, count: labelled.train.count, labels: labelsOf(dataset, labelled.train) };
  const { examples, pseudoLabels } =
    method.kind === 'pseudo-label' && method.targets === 'hard'
      ? withHardPseudoLabels(labelledSet, transfer!.train, labelled.inputShape, softTargets, dataset.numClasses, method.threshold)
      : {
          examples: distillationExamples({ labelled: labelledSet, ...(transfer ? { transfer: transfer.train } : {}), inputShape: labelled.inputShape, softTargets }),
          pseudoLabels: method.kind === 'pseudo-label' ? softReport(transfer!.train.count) : undefined,
        };
  const testLabels = labelsOf(dataset, labelled.test);
  const evaluation = { x: labelled.test.x, count: labelled.test.count, labels: testLabels };
  const numClasses = dataset.numClasses;
  const stepsPerEpoch = Math.ceil(examples.count / training.batchSize);
  const hintEpochs = method.kind === 'features' ? method.hintEpochs : 0;
  // The baseline gets as many optimizer steps as the student takes in all,
  // the FitNets hint stage's included (it runs before the student's epochs).
  const studentTotalSteps = (training.epochs + hintEpochs) * stepsPerEpoch;
  const history: HistoryPoint[] = [];
  const hint: NonNullable<FeaturesReport['hint']> = [];
  const timings: Record<string, number> = {};

  const trainOne = async (run: 'student' | 'baseline', intermediate?: PreparedIntermediate): Promise<tf.LayersModel> => {
    const model = buildClassifier(request.student.architecture, labelled.inputShape, numClasses, training.seed);
    try {
      // Runs with layer terms carry adapters the checkpoint does not hold: they start over instead.
      const resumable = intermediate ? {} : await checkpointing(ctx, run, history);
      const trainingStarted = performance.now();
      const reporter = epochReporter(ctx, run, history);
      const reports = await trainClassifier(model, run === 'student' ? examples : labelledExamples(dataset, labelled), {
        ...training,
        ...resumable,
        ...(ctx.tensorMemoryLimitBytes !== undefined ? { memoryLimitBytes: ctx.tensorMemoryLimitBytes } : {}),
        numClasses,
        steps: run === 'student' ? training.epochs * stepsPerEpoch : studentTotalSteps,
        ...(run === 'student' ? { distillation: distillationOf(method) } : {}),
        ...(intermediate ? { intermediate: intermediate.config } : {}),
        evaluation,
        onEpoch: (report) => (report.stage === 'hint' ? reportHint(ctx, report, hint) : reporter(report)),
        signal: ctx.signal,
      });
      timings[run] = (performance.now() - trainingStarted) / 1000;
      await recordTraining(ctx, reports, timings[run]);
      return model;
    } catch (error) {
      model.dispose();
      throw asJobError(error);
    }
  };

  // Teachers' layers, precomputed or loaded to run on the fly; freed once the student is trained.
  const intermediate = isLayerMethod(method) ? await prepareIntermediate(ctx, method, aggregated.teachers, examples.count) : undefined;
  let student: tf.LayersModel;
  try {
    student = await trainOne('student', intermediate);
  } finally {
    intermediate?.dispose();
  }
  try {
    const studentLogits = await predictLogits(student, labelled.test.x, labelled.inputShape, { signal: ctx.signal });
    const testTargets = decodeNpy(await ctx.store.get(aggregated.testTargets)).data as Float32Array;
    let baselineAccuracy: number | undefined;
    if (request.baseline) {
      const baseline = await trainOne('baseline');
      try {
        const logits = await predictLogits(baseline, labelled.test.x, labelled.inputShape, { signal: ctx.signal });
        baselineAccuracy = accuracy(logits, testLabels, numClasses);
      } finally {
        baseline.dispose();
      }
    }

    const allTeacherRecords = await Promise.all(aggregated.teachers.map((t) => ctx.data.modelRecord(t.model)));
    // The teachers the student learned from: a teacher the quality gate dropped taught it nothing.
    const used = aggregated.used ?? aggregated.teachers.map((t) => t.index);
    const isUsed = (i: number) => used.includes(aggregated.teachers[i]!.index);
    const teacherRecords = allTeacherRecords.filter((_, i) => isUsed(i));
    // Checked at submission; checked again here because a licence can be re-marked while the job waits.
    const warnings = [...checkDistillationAllowed(teacherRecords), ...qualityWarnings(aggregated, pseudoLabels)];
    const latency = await measureLatencies(ctx, student, allTeacherRecords, labelled);
    const record = await registerTrainedModel(ctx, student, {
      name: request.student.name ?? `student (${request.student.architecture.kind}) of ${teacherRecords.length} teacher(s) on ${dataset.name}`,
      architecture: request.student.architecture,
      inputShape: labelled.inputShape,
      numClasses,
      license: request.student.license,
      lineage: distillLineage(ctx, { dataset: dataset.id, transfer: transferId, teachers: teacherRecords, method, seed: training.seed }),
    });

    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const teacherParameters = sum(teacherRecords.map((t) => t.parameters));
    const teacherBytes = sum(teacherRecords.map((t) => t.bytes));
    const validationSamples = aggregated.teachers.find((t) => t.validation)?.validation?.samples;
    return {
      model: record.id,
      metrics: {
        teachers: aggregated.teachers.map((t, i) => {
          const gate = aggregated.gate?.find((g) => g.index === t.index);
          return {
            model: t.model,
            testAccuracy: t.testAccuracy,
            parameters: allTeacherRecords[i]!.parameters,
            bytes: allTeacherRecords[i]!.bytes,
            latencyMsPerSample: latency.teachers[i]!,
            ...(t.validation ? { validation: t.validation } : {}),
            ...(gate ? { gate: { minAccuracy: gate.minAccuracy, passed: gate.passed } } : {}),
            used: isUsed(i),
            ...(aggregated.weights ? { weight: aggregated.weights[i]! } : {}),
          };
        }),
        ...(validationSamples !== undefined
          ? {
              teacherValidation: {
                dataset: dataset.id,
                split: 'train' as const,
                fraction: validationWithDefaults(request.validation).fraction,
                samples: validationSamples,
                seed: training.seed,
              },
            }
          : {}),
        ...(aggregated.conflicts ? { conflicts: aggregated.conflicts } : {}),
        ...(pseudoLabels ? { pseudoLabels } : {}),
        student: {
          model: record.id,
          testAccuracy: accuracy(studentLogits, testLabels, numClasses),
          parameters: record.parameters,
          bytes: record.bytes,
          latencyMsPerSample: latency.student,
        },
        ...(baselineAccuracy !== undefined ? { baseline: { testAccuracy: baselineAccuracy, parameters: record.parameters } } : {}),
        agreement: argmaxAgreement(studentLogits, testTargets, numClasses),
        // Against all teachers together: the ensemble is what the student replaces.
        compression: {
          parameterRatio: teacherParameters / record.parameters,
          bytesRatio: teacherBytes / record.bytes,
          latencyRatio: sum(latency.teachers.filter((_, i) => isUsed(i))) / latency.student,
        },
      },
      history,
      ...(intermediate ? { features: { ...intermediate.report, ...(hint.length > 0 ? { hint } : {}) } } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
      wallSeconds: (performance.now() - started) / 1000,
      timings,
      backend: ctx.backend,
    };
  } finally {
    student.dispose();
  }
}

/** The weights of the student's two loss terms: the method's alpha, or a pseudo-label job's labelled and transfer weights. */
function distillationOf(method: ResolvedMethod): NonNullable<TrainOptions['distillation']> {
  if (method.kind !== 'pseudo-label') return { temperature: method.temperature, alpha: method.alpha };
  return { temperature: method.temperature, hardWeight: method.labelledWeight, softWeight: method.transferWeight };
}

/**
 * Hard pseudo-labels: the transfer rows whose aggregated teacher probability
 * (at T = 1) reaches the threshold, with one-hot targets; the rows below it
 * are left out of the student's data altogether, so they cost no steps.
 */
function withHardPseudoLabels(
  labelled: { x: Float32Array; count: number; labels: Int32Array },
  transfer: { x: Float32Array; count: number },
  inputShape: number[],
  probs: Float32Array,
  numClasses: number,
  threshold: number,
): { examples: Examples; pseudoLabels: PseudoLabelReport } {
  const kept = hardPseudoLabels(probs, numClasses, threshold);
  const pseudoLabels: PseudoLabelReport = {
    targets: 'hard',
    threshold,
    transferSamples: transfer.count,
    kept: kept.rows.length,
    keptShare: transfer.count === 0 ? 0 : kept.rows.length / transfer.count,
    keptClassCounts: kept.classCounts,
  };
  if (kept.rows.length === 0) return { examples: { ...labelled, inputShape }, pseudoLabels };
  const examples = distillationExamples({
    labelled,
    transfer: { x: selectRows(transfer.x, rowSize(inputShape), kept.rows), count: kept.rows.length },
    inputShape,
    softTargets: kept.targets,
  });
  return { examples, pseudoLabels };
}

const softReport = (transferSamples: number): PseudoLabelReport => ({ targets: 'soft', transferSamples, kept: transferSamples, keptShare: 1 });

/** What the quality gate and the threshold did that a user should know. */
function qualityWarnings(aggregated: AggregateOutput, pseudoLabels: PseudoLabelReport | undefined): NonNullable<JobResult['warnings']> {
  const warnings: NonNullable<JobResult['warnings']> = [];
  for (const g of aggregated.gate ?? []) {
    if (g.passed) continue;
    const teacher = aggregated.teachers.find((t) => t.index === g.index)!;
    warnings.push({
      code: 'teacher_dropped',
      model: teacher.model,
      message: `teacher ${g.index} (${teacher.model}) was left out of the aggregation: its validation accuracy ${(100 * teacher.validation!.accuracy).toFixed(2)}% is below its gate of ${(100 * g.minAccuracy).toFixed(2)}%`,
    });
  }
  if (pseudoLabels?.targets === 'hard' && pseudoLabels.kept === 0) {
    warnings.push({
      code: 'no_pseudo_labels',
      message: `no transfer sample reached the confidence threshold of ${pseudoLabels.threshold}: the student trained on its labelled samples alone; lower method.threshold`,
    });
  }
  return warnings;
}

/**
 * A FitNets hint epoch: published as progress of stage "hint" (it has a loss
 * but no accuracy: the student's head is not trained yet) and kept for the
 * result's features.hint, apart from the student's learning curve.
 */
async function reportHint(ctx: JobContext, report: EpochReport, hint: NonNullable<FeaturesReport['hint']>): Promise<void> {
  hint.push({ epoch: report.epoch, loss: report.loss });
  await ctx.registry.jobs.progress(ctx.jobId, { stage: 'hint', epoch: report.epoch, epochs: report.epochs, loss: report.loss });
}

/** Teacher and student latency per sample, measured the same way in this process. */
async function measureLatencies(ctx: JobContext, student: tf.LayersModel, teachers: Model[], data: LoadedDataset) {
  const x = data.test.x;
  const teacherLatencies: number[] = [];
  for (const teacher of teachers) {
    const { model } = await ctx.data.model(teacher.id);
    try {
      teacherLatencies.push(await measureLatency(model, x, data.inputShape));
    } finally {
      model.dispose();
    }
  }
  return { teachers: teacherLatencies, student: await measureLatency(student, x, data.inputShape) };
}
