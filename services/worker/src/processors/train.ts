import { runNames, withDefaults } from '@distillery/contracts';
import type { JobResult, TrainData } from '@distillery/jobs';
import { buildClassifier } from '@distillery/kd';
import type { JobContext } from '../context.ts';
import { trainRun, type HistoryPoint } from '../training/run.ts';
import { labelledExamples, labelledRows, registerTrainedModel } from './shared.ts';

/** Trains a model from scratch on a labelled dataset (typically a teacher). */
export async function train(ctx: JobContext, data: TrainData): Promise<JobResult> {
  const started = performance.now();
  const request = data.request;
  const training = withDefaults(request.training);
  const { record: dataset, data: loaded } = await ctx.data.dataset(request.dataset);
  const model = buildClassifier(request.model.architecture, loaded.inputShape, dataset.numClasses, training.seed);
  try {
    const history: HistoryPoint[] = [];
    const { reports, seconds, dpSgd } = await trainRun(ctx, {
      run: runNames.train,
      model,
      examples: labelledExamples(dataset, loaded),
      training,
      numClasses: dataset.numClasses,
      evaluation: labelledRows(dataset, loaded.test, loaded.inputShape),
      history,
    });
    const last = reports[reports.length - 1]!;
    const record = await registerTrainedModel(ctx, model, {
      name: request.model.name ?? `${request.model.architecture.kind} on ${dataset.name}`,
      architecture: request.model.architecture,
      inputShape: loaded.inputShape,
      numClasses: dataset.numClasses,
      license: request.model.license,
      lineage: { jobId: ctx.jobId, kind: 'train', dataset: dataset.id, teachers: [], seed: training.seed },
    });
    return {
      model: record.id,
      metrics: { testAccuracy: last.accuracy ?? 0, trainLoss: last.loss, ...(dpSgd ? { dpSgd } : {}) },
      history,
      wallSeconds: (performance.now() - started) / 1000,
      timings: { train: seconds },
      backend: ctx.backend,
    };
  } finally {
    model.dispose();
  }
}
