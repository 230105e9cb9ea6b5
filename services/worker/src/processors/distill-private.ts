import { DistilleryError, runNames, withDefaults } from '@distillery/contracts';
import type { DistillPrivateData, JobResult, PateAggregateOutput, PrivateDistillationMetrics } from '@distillery/jobs';
import { accuracy, buildClassifier, predictLogits } from '@distillery/kd';
import { decodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { trainRun, type HistoryPoint } from '../training/run.ts';
import { labelledRows, registerTrainedModel } from './shared.ts';

/**
 * PATE's student: trained on the public queries the noisy votes answered,
 * and nothing else, so it carries the answers' (ε, δ) guarantee; beside it
 * the same student (architecture, seed, optimizer steps) on the same queries
 * labelled by the clean plurality vote, which has no guarantee at all and
 * shows what the noise costs. Only the private student is registered.
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
  const x = new Float32Array(answered.length * width);
  answered.forEach((row, k) => x.set(pub.train.x.subarray(row * width, (row + 1) * width), k * width));
  const test = labelledRows(record, loaded.test, inputShape);
  const training = withDefaults(request.training);
  const history: HistoryPoint[] = [];
  const trainOn = async (run: string, labels: Int32Array) => {
    const model = buildClassifier(request.student.architecture, inputShape, record.numClasses, training.seed);
    try {
      const { seconds } = await trainRun(ctx, { run, model, examples: { x, labels, count: answered.length, inputShape }, training, numClasses: record.numClasses, evaluation: test, history });
      const testAccuracy = accuracy(await predictLogits(model, test.x, inputShape, { signal: ctx.signal, numClasses: record.numClasses }), test.labels, record.numClasses);
      return { model, testAccuracy, seconds };
    } catch (error) {
      model.dispose();
      throw error;
    }
  };
  const student = await trainOn(runNames.student, Int32Array.from(answered, (row) => answers[row]!));
  try {
    const nonPrivate = await trainOn(runNames.baseline, Int32Array.from(answered, (row) => plurality[row]!));
    nonPrivate.model.dispose();
    const privacy: PrivateDistillationMetrics = {
      mechanism: method.aggregator.kind,
      delta: method.delta ?? 1e-5,
      epsilon: { ...aggregate!.epsilon, conversion: 'improved' },
      queries: { requested: method.queries, asked: aggregate!.asked, answered: aggregate!.answered, exhausted: aggregate!.exhausted },
      ...(aggregate!.labelAccuracy ? { labelAccuracy: aggregate!.labelAccuracy } : {}),
      teachers: aggregate!.teachers,
      student: { testAccuracy: student.testAccuracy },
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
