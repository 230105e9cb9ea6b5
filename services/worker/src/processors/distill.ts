import type * as tf from '@tensorflow/tfjs';
import {
  checkDistillationAllowed,
  methodWithDefaults,
  withDefaults,
  type AggregateOutput,
  type DistillData,
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
} from '@distillery/kd';
import { decodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { epochReporter, labelledExamples, labelsOf, recordTraining, registerTrainedModel, type HistoryPoint } from './shared.ts';

/**
 * The parent of a distillation flow: trains the student on the aggregated
 * teacher targets, optionally the same student without teachers as a baseline,
 * and reports what distillation bought.
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
  const history: HistoryPoint[] = [];
  const timings: Record<string, number> = {};

  const trainOne = async (run: 'student' | 'baseline'): Promise<tf.Sequential> => {
    const model = buildClassifier(request.student.architecture, labelled.inputShape, numClasses, training.seed);
    const trainingStarted = performance.now();
    try {
      const reports = await trainClassifier(model, run === 'student' ? examples : labelledExamples(dataset, labelled), {
        ...training,
        numClasses,
        steps: training.epochs * stepsPerEpoch,
        ...(run === 'student' ? { distillation: { temperature: method.temperature, alpha: method.alpha } } : {}),
        evaluation,
        onEpoch: epochReporter(ctx, run, history),
        signal: ctx.signal,
      });
      timings[run] = (performance.now() - trainingStarted) / 1000;
      await recordTraining(ctx, reports, timings[run]);
      return model;
    } catch (error) {
      model.dispose();
      throw error;
    }
  };

  const student = await trainOne('student');
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
      ...(warnings.length > 0 ? { warnings } : {}),
      wallSeconds: (performance.now() - started) / 1000,
      timings,
      backend: ctx.backend,
    };
  } finally {
    student.dispose();
  }
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
