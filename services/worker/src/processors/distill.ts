import type * as tf from '@tensorflow/tfjs';
import {
  checkDistillationAllowed,
  runNames,
  studentSizeWarnings,
  validationWithDefaults,
  withDefaults,
  type Dataset,
  type FeaturesReport,
  type JobWarning,
  type Model,
  type ResolvedTraining,
} from '@distillery/contracts';
import type { LoadedDataset } from '@distillery/datasets';
import type { AggregateOutput, DistillData, DpSgdReport, JobResult } from '@distillery/jobs';
import { accuracy, argmaxAgreement, buildClassifier, methodModule, methodObjective, predictLogits, resolveMethod, type LabelledSet } from '@distillery/kd';
import { decodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { prepareLayerSources, type PreparedLayerSources } from '../training/layer-sources.ts';
import { trainRun, type HistoryPoint } from '../training/run.ts';
import { studentExamples } from '../training/student-examples.ts';
import { confirmedLatencyWarnings, measureLatencies } from './latency.ts';
import { OnnxCopy } from './onnx-copy.ts';
import { distillLineage, labelledExamples, labelsOf, registerTrainedModel } from './shared.ts';

/**
 * The parent of a distillation flow: trains the student on the aggregated
 * teacher targets with its method's objective (plus, for methods that pair
 * layers, the teachers' layers, precomputed or run in the step), optionally
 * the same student without teachers as a baseline, and reports what
 * distillation bought.
 */
export async function distill(ctx: JobContext, data: DistillData): Promise<JobResult> {
  const started = performance.now();
  const request = data.request;
  const training = withDefaults(request.training);
  const method = resolveMethod(request.method);
  const module = methodModule(method.kind);

  const [aggregated] = await ctx.children('aggregate');
  if (!aggregated) throw new Error('the aggregation step returned no value');
  const { record: dataset, data: labelled } = await ctx.data.dataset(request.dataset);
  const transferId = request.transfer?.dataset ?? request.dataset;
  const transfer = transferId === dataset.id ? undefined : (await ctx.data.dataset(transferId)).data;
  const softTargets = decodeNpy(await ctx.store.get(aggregated.softTargets)).data as Float32Array;
  const numClasses = dataset.numClasses;
  const made = studentExamples(method, {
    labelled: { x: labelled.train.x, count: labelled.train.count, labels: labelsOf(dataset, labelled.train) },
    transfer: transfer?.train,
    inputShape: labelled.inputShape,
    numClasses,
    softTargets,
  });
  const { examples } = made;
  const testLabels = labelsOf(dataset, labelled.test);
  const evaluation = { x: labelled.test.x, count: labelled.test.count, labels: testLabels };
  const stepsPerEpoch = Math.ceil(examples.count / training.batchSize);
  // The baseline gets as many optimizer steps as the student takes in all,
  // a FitNets hint stage's included (it runs before the student's epochs).
  const studentTotalSteps = (training.epochs + (module.extraEpochs?.(method) ?? 0)) * stepsPerEpoch;
  const history: HistoryPoint[] = [];
  const hint: NonNullable<FeaturesReport['hint']> = [];
  const timings: Record<string, number> = {};

  // Teachers' layers, precomputed or loaded to run on the fly; freed once the student is trained.
  const layers: PreparedLayerSources | undefined = module.teacherLayers
    ? await prepareLayerSources(ctx, aggregated.teachers, labelled.train.count + (transfer?.train.count ?? 0))
    : undefined;
  let student: tf.LayersModel;
  let dpSgd: DpSgdReport | undefined;
  try {
    student = buildClassifier(request.student.architecture, labelled.inputShape, numClasses, training.seed);
    try {
      const trained = await trainRun(ctx, {
        run: runNames.student,
        model: student,
        examples,
        training,
        numClasses,
        steps: training.epochs * stepsPerEpoch,
        objective: methodObjective(method, layers?.sources),
        evaluation,
        history,
        hint,
      });
      timings.student = trained.seconds;
      dpSgd = trained.dpSgd;
    } catch (error) {
      student.dispose();
      throw error;
    }
  } finally {
    layers?.dispose();
  }
  try {
    const studentLogits = await predictLogits(student, labelled.test.x, labelled.inputShape, { signal: ctx.signal });
    const testTargets = decodeNpy(await ctx.store.get(aggregated.testTargets)).data as Float32Array;
    const baselineAccuracy = request.baseline
      ? await trainBaseline(ctx, { request, dataset, labelled, training, evaluation }, studentTotalSteps, history, timings)
      : undefined;

    const allTeacherRecords = await Promise.all(aggregated.teachers.map((t) => ctx.data.modelRecord(t.model)));
    // The teachers the student learned from: a teacher the quality gate dropped taught it nothing.
    const used = aggregated.used ?? aggregated.teachers.map((t) => t.index);
    const isUsed = (i: number) => used.includes(aggregated.teachers[i]!.index);
    const teacherRecords = allTeacherRecords.filter((_, i) => isUsed(i));
    // Checked at submission; checked again here because a licence can be re-marked while the job waits.
    const warnings = [...checkDistillationAllowed(teacherRecords), ...gateWarnings(aggregated), ...(made.warnings ?? [])];
    const onnxCopy = new OnnxCopy(ctx, student);
    const latency = await measureLatencies(ctx, student, onnxCopy, allTeacherRecords, labelled);
    let record: Model;
    try {
      record = await registerTrainedModel(ctx, student, {
        name: request.student.name ?? `student (${request.student.architecture.kind}) of ${teacherRecords.length} teacher(s) on ${dataset.name}`,
        architecture: request.student.architecture,
        inputShape: labelled.inputShape,
        numClasses,
        license: request.student.license,
        lineage: distillLineage(ctx, { dataset: dataset.id, transfer: transferId, teachers: teacherRecords, method, seed: training.seed }),
        onnxCopy,
      });
      // A student no smaller or no faster than the teachers it learned from is allowed, and said.
      warnings.push(...studentSizeWarnings(record.parameters, teacherRecords));
      warnings.push(...(await confirmedLatencyWarnings(ctx, latency, allTeacherRecords, isUsed, labelled)));
    } finally {
      latency.dispose();
    }

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
            ...(latency.runtimes[i] === 'host' ? { studentLatencyMsPerSample: latency.studentAgainst[i]! } : {}),
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
        ...(dpSgd ? { dpSgd } : {}),
        ...made.metrics,
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
          // Each teacher against the student in the teacher's runtime (an ONNX teacher against the student's ONNX copy).
          latencyRatio: sum(latency.teachers.map((ms, i) => (isUsed(i) ? ms / latency.studentAgainst[i]! : 0))),
        },
      },
      history,
      ...(layers ? { features: { ...layers.report, ...(hint.length > 0 ? { hint } : {}) } } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
      wallSeconds: (performance.now() - started) / 1000,
      timings,
      backend: ctx.backend,
    };
  } finally {
    student.dispose();
  }
}

/** The same student on the labelled rows alone, cross-entropy, as many steps as the student took in all; its test accuracy. */
async function trainBaseline(
  ctx: JobContext,
  job: { request: DistillData['request']; dataset: Dataset; labelled: LoadedDataset; training: ResolvedTraining; evaluation: LabelledSet },
  steps: number,
  history: HistoryPoint[],
  timings: Record<string, number>,
): Promise<number> {
  const { request, dataset, labelled, training, evaluation } = job;
  const baseline = buildClassifier(request.student.architecture, labelled.inputShape, dataset.numClasses, training.seed);
  try {
    const { seconds } = await trainRun(ctx, {
      run: runNames.baseline,
      model: baseline,
      examples: labelledExamples(dataset, labelled),
      training,
      numClasses: dataset.numClasses,
      steps,
      evaluation,
      history,
    });
    timings.baseline = seconds;
    const logits = await predictLogits(baseline, labelled.test.x, labelled.inputShape, { signal: ctx.signal });
    return accuracy(logits, evaluation.labels, dataset.numClasses);
  } finally {
    baseline.dispose();
  }
}

/** The teachers the quality gate left out, which a user should know. */
function gateWarnings(aggregated: AggregateOutput): JobWarning[] {
  return (aggregated.gate ?? [])
    .filter((g) => !g.passed)
    .map((g) => {
      const teacher = aggregated.teachers.find((t) => t.index === g.index)!;
      return {
        code: 'teacher_dropped',
        model: teacher.model,
        message: `teacher ${g.index} (${teacher.model}) was left out of the aggregation: its validation accuracy ${(100 * teacher.validation!.accuracy).toFixed(2)}% is below its gate of ${(100 * g.minAccuracy).toFixed(2)}%`,
      };
    });
}

