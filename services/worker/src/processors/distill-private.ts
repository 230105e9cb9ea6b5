import { DistilleryError, runNames, withDefaults } from '@distillery/contracts';
import type { DistillPrivateData, JobResult, PateAggregateOutput, PrivateDistillationMetrics } from '@distillery/jobs';
import { accuracy, argmaxRows, buildClassifier, gatherRows, hardPseudoLabels, predictLogits, softmaxRows } from '@distillery/kd';
import { decodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { trainRun, type HistoryPoint } from '../training/run.ts';
import { labelledRows, registerTrainedModel } from './shared.ts';

/**
 * PATE's student: trained on the public queries the noisy votes answered,
 * and nothing else, so it carries the answers' (ε, δ) guarantee; beside it
 * the same student (architecture, seed, optimizer steps) on the same queries
 * labelled by the clean plurality vote, which has no guarantee at all and
 * shows what the noise costs. With `semiSupervised`, the private student
 * then labels the public rows left unanswered and a fresh student trains on
 * both. Only the private student (the last one) is registered.
 */
export async function distillPrivateJob(ctx: JobContext, data: DistillPrivateData): Promise<JobResult> {
  const started = performance.now();
  const { request } = data;
  const { method } = request;
  const [aggregate] = (await ctx.children('pate-aggregate')) as PateAggregateOutput[];
  const answers = decodeNpy(await ctx.store.get(aggregate!.answers)).data as Int32Array;
  const plurality = decodeNpy(await ctx.store.get(aggregate!.plurality)).data as Int32Array;
  // Submission made sure the first answer is affordable, so only Confident-GNMax's threshold can leave none.
  if (aggregate!.answered === 0) {
    throw new DistilleryError('invalid_job', `Confident-GNMax answered none of the ${aggregate!.asked} queries it could afford within ε ${method.budget.epsilon}: lower the threshold or σ1, or raise the budget`);
  }
  const { record, data: loaded } = await ctx.data.dataset(request.dataset);
  const { data: pub } = await ctx.data.dataset(request.public.dataset);
  const { inputShape } = loaded;
  const width = inputShape.reduce((a, b) => a * b, 1);
  const answered = Int32Array.from(answers.keys()).filter((k) => answers[k]! >= 0);
  const answeredX = gatherRows(pub.train.x, width, answered);
  const test = labelledRows(record, loaded.test, inputShape);
  const training = withDefaults(request.training);
  const history: HistoryPoint[] = [];
  const trainOn = async (run: string, x: Float32Array, labels: Int32Array) => {
    const model = buildClassifier(request.student.architecture, inputShape, record.numClasses, training.seed);
    try {
      const { seconds } = await trainRun(ctx, { run, model, examples: { x, labels, count: labels.length, inputShape }, training, numClasses: record.numClasses, evaluation: test, history });
      const testAccuracy = accuracy(await predictLogits(model, test.x, inputShape, { signal: ctx.signal, numClasses: record.numClasses }), test.labels, record.numClasses);
      return { model, testAccuracy, seconds };
    } catch (error) {
      model.dispose();
      throw error;
    }
  };
  const noisyLabels = Int32Array.from(answered, (row) => answers[row]!);
  let student = await trainOn(runNames.student, answeredX, noisyLabels);
  try {
    const nonPrivate = await trainOn(runNames.baseline, answeredX, Int32Array.from(answered, (row) => plurality[row]!));
    nonPrivate.model.dispose();
    let semiSupervised: PrivateDistillationMetrics['semiSupervised'];
    if (method.semiSupervised) {
      // The public rows no answer was given for, labelled by the private student where it is sure: post-processing, no privacy spent.
      const threshold = method.semiSupervised.threshold ?? 0.9;
      const isAnswered = new Uint8Array(pub.train.count);
      for (const row of answered) isAnswered[row] = 1;
      const rest = Int32Array.from(isAnswered.keys()).filter((row) => !isAnswered[row]);
      const probs = softmaxRows(await predictLogits(student.model, gatherRows(pub.train.x, width, rest), inputShape, { signal: ctx.signal, numClasses: record.numClasses }), record.numClasses);
      const kept = hardPseudoLabels(probs, record.numClasses, threshold);
      const rows = Int32Array.from([...answered, ...Array.from(kept.rows, (k) => rest[k]!)]);
      const labels = Int32Array.from([...noisyLabels, ...argmaxRows(kept.targets, record.numClasses)]);
      const second = await trainOn(runNames.semiSupervised, gatherRows(pub.train.x, width, rows), labels);
      semiSupervised = { threshold, pseudoLabelled: kept.rows.length, answersOnlyTestAccuracy: student.testAccuracy };
      student.model.dispose();
      student = second;
    }
    const privacy: PrivateDistillationMetrics = {
      mechanism: method.aggregator.kind,
      delta: method.delta ?? 1e-5,
      epsilon: { ...aggregate!.epsilon, conversion: 'improved' },
      queries: { requested: method.queries, asked: aggregate!.asked, answered: aggregate!.answered, exhausted: aggregate!.exhausted },
      ...(aggregate!.labelAccuracy ? { labelAccuracy: aggregate!.labelAccuracy } : {}),
      teachers: aggregate!.teachers,
      student: { testAccuracy: student.testAccuracy },
      ...(semiSupervised ? { semiSupervised } : {}),
      nonPrivate: { testAccuracy: nonPrivate.testAccuracy },
    };
    const model = await registerTrainedModel(ctx, student.model, {
      name: request.student.name ?? `${request.student.architecture.kind} from ${method.teachers.count} PATE teachers on ${record.name}`,
      architecture: request.student.architecture,
      inputShape,
      numClasses: record.numClasses,
      license: request.student.license,
      lineage: { jobId: ctx.jobId, kind: 'distill-private', dataset: request.dataset, transferDataset: request.public.dataset, teachers: [], method: { ...method, epsilon: aggregate!.epsilon.dataIndependent.epsilon }, seed: training.seed },
    });
    await ctx.registry.jobs.log(ctx.jobId, `private student ${(100 * student.testAccuracy).toFixed(1)}% at ε = ${aggregate!.epsilon.dataIndependent.epsilon.toFixed(2)}, the same student on clean votes ${(100 * nonPrivate.testAccuracy).toFixed(1)}%`);
    return {
      model: model.id,
      metrics: { testAccuracy: student.testAccuracy, privacy },
      history,
      wallSeconds: (performance.now() - started) / 1000,
      timings: { student: student.seconds, baseline: nonPrivate.seconds },
      backend: ctx.backend,
    };
  } finally {
    student.model.dispose();
  }
}
