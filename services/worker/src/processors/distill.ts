import type * as tf from '@tensorflow/tfjs';
import {
  checkDistillationAllowed,
  isLayerMethod,
  methodWithDefaults,
  withDefaults,
  type AggregateOutput,
  type DistillData,
  type FeaturesReport,
  type JobResult,
  type Model,
} from '@distillery/contracts';
import type { LoadedDataset } from '@distillery/datasets';
import {
  accuracy,
  argmaxAgreement,
  buildClassifier,
  distillationExamples,
  measureLatency,
  predictLogits,
  trainClassifier,
  type EpochReport,
} from '@distillery/kd';
import { decodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { prepareIntermediate, type PreparedIntermediate } from '../features/intermediate.ts';
import { asJobError } from '../features/teacher-model.ts';
import { checkpointing, epochReporter, labelledExamples, labelsOf, recordTraining, registerTrainedModel, type HistoryPoint } from './shared.ts';

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
  const examples = distillationExamples({
    labelled: { x: labelled.train.x, count: labelled.train.count, labels: labelsOf(dataset, labelled.train) },
    ...(transfer ? { transfer: transfer.train } : {}),
    inputShape: labelled.inputShape,
    softTargets,
  });
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

  const trainOne = async (run: 'student' | 'baseline', intermediate?: PreparedIntermediate): Promise<tf.Sequential> => {
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
        ...(run === 'student' ? { distillation: { temperature: method.temperature, alpha: method.alpha } } : {}),
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
  let student: tf.Sequential;
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

    const teacherRecords = await Promise.all(aggregated.teachers.map((t) => ctx.data.modelRecord(t.model)));
    // Checked at submission; checked again here because a licence can be re-marked while the job waits.
    const warnings = checkDistillationAllowed(teacherRecords);
    const latency = await measureLatencies(ctx, student, teacherRecords, labelled);
    const record = await registerTrainedModel(ctx, student, {
      name: request.student.name ?? `student (${request.student.architecture.kind}) of ${teacherRecords.length} teacher(s) on ${dataset.name}`,
      architecture: request.student.architecture,
      inputShape: labelled.inputShape,
      numClasses,
      license: request.student.license,
      lineage: {
        jobId: ctx.jobId,
        kind: 'distill',
        dataset: dataset.id,
        ...(transferId !== dataset.id ? { transferDataset: transferId } : {}),
        teachers: teacherRecords.map((t) => t.id),
        method,
        seed: training.seed,
      },
    });

    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const teacherParameters = sum(teacherRecords.map((t) => t.parameters));
    const teacherBytes = sum(teacherRecords.map((t) => t.bytes));
    return {
      model: record.id,
      metrics: {
        teachers: aggregated.teachers.map((t, i) => ({
          model: t.model,
          testAccuracy: t.testAccuracy,
          parameters: teacherRecords[i]!.parameters,
          bytes: teacherRecords[i]!.bytes,
          latencyMsPerSample: latency.teachers[i]!,
        })),
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
          latencyRatio: sum(latency.teachers) / latency.student,
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
