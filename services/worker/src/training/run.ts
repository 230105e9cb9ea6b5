import type * as tf from '@tensorflow/tfjs';
import { runNames, type FeaturesReport, type ResolvedTraining } from '@distillery/contracts';
import type { DpSgdReport } from '@distillery/jobs';
import { dpSgdEpsilon, dpSgdHook, trainClassifier, type EpochReport, type Examples, type LabelledSet, type TrainOptions } from '@distillery/kd';
import { JobCheckpoints } from '../checkpoints.ts';
import type { JobContext } from '../context.ts';
import { secureGaussian } from '../secure-random.ts';

export interface HistoryPoint {
  run: string;
  epoch: number;
  loss: number;
  accuracy: number;
}

export interface TrainingRunSpec {
  /** The run's name (runNames): its checkpoint, its learning curve in the history and, unless `progressStage`, its progress. */
  run: string;
  /** Progress is published under this stage instead of the run's name (a sweep trial reports as its stage). */
  progressStage?: string;
  model: tf.LayersModel;
  examples: Examples;
  training: ResolvedTraining;
  numClasses: number;
  /** Main-stage steps; default `training.epochs` passes over the examples. */
  steps?: number;
  /** The method's objective; default cross-entropy on the labels (a baseline, a teacher). */
  objective?: TrainOptions['objective'];
  evaluation: LabelledSet;
  /** The job's learning curves: main-stage epochs are added under `run`. */
  history?: HistoryPoint[];
  /** The epochs of a FitNets hint stage, kept apart (they have a loss but no accuracy: the head is not trained yet). */
  hint?: NonNullable<FeaturesReport['hint']>;
}

/**
 * One training run of a job on the worker: resumes from the run's checkpoint
 * when an earlier attempt left one (a killed or stopped worker) and saves one
 * after every epoch, whatever the method (layer terms and adapters
 * included); publishes each epoch as progress; respects the worker's tensor
 * memory limit; adds its samples and seconds to the service's counters.
 */
export async function trainRun(ctx: JobContext, spec: TrainingRunSpec): Promise<{ reports: EpochReport[]; seconds: number; dpSgd?: DpSgdReport }> {
  const { run, history } = spec;
  const privacy = spec.training.privacy;
  const samplingRate = Math.min(1, spec.training.batchSize / spec.examples.count);
  const stepsPerEpoch = Math.ceil(spec.examples.count / spec.training.batchSize);
  const spentAfter = (steps: number) => (privacy ? dpSgdEpsilon(samplingRate, privacy.noiseMultiplier, steps, privacy.delta ?? 1e-5) : undefined);
  // The hook noises every stage's steps, a FitNets hint stage's as well: all of them count.
  let hintEpochs = 0;
  const checkpoints = new JobCheckpoints(ctx.store, ctx.jobId);
  const resume = await checkpoints.load(run);
  const record = (report: EpochReport) => {
    if (report.stage === runNames.hint) spec.hint?.push({ epoch: report.epoch, loss: report.loss });
    else history?.push({ run, epoch: report.epoch, loss: report.loss, accuracy: report.accuracy ?? 0 });
  };
  if (resume) {
    resume.reports.forEach(record);
    await ctx.registry.jobs.log(ctx.jobId, `${run} resumes from its checkpoint after epoch ${resume.epoch} (step ${resume.step})`);
    ctx.log.info({ run, stage: resume.stage, epoch: resume.epoch, step: resume.step }, 'resuming from checkpoint');
  }
  const started = performance.now();
  const reports = await trainClassifier(spec.model, spec.examples, {
    ...spec.training,
    numClasses: spec.numClasses,
    ...(spec.steps !== undefined ? { steps: spec.steps } : {}),
    ...(spec.objective ? { objective: spec.objective } : {}),
    ...(privacy ? { gradientHook: dpSgdHook({ clipNorm: privacy.clipNorm, noiseMultiplier: privacy.noiseMultiplier, gaussian: secureGaussian() }) } : {}),
    ...(resume ? { resume } : {}),
    onCheckpoint: (checkpoint) => checkpoints.save(run, checkpoint),
    ...(ctx.tensorMemoryLimitBytes !== undefined ? { memoryLimitBytes: ctx.tensorMemoryLimitBytes } : {}),
    evaluation: spec.evaluation,
    onEpoch: async (report) => {
      record(report);
      if (report.stage === runNames.hint) hintEpochs++;
      const stage = report.stage === runNames.hint ? runNames.hint : (spec.progressStage ?? run);
      await ctx.registry.jobs.progress(ctx.jobId, {
        stage,
        epoch: report.epoch,
        epochs: report.epochs,
        loss: report.loss,
        ...(report.accuracy !== undefined ? { accuracy: report.accuracy } : {}),
        ...(privacy ? { epsilon: spentAfter((report.stage === runNames.hint ? report.epoch : hintEpochs + report.epoch) * stepsPerEpoch)!.epsilon } : {}),
      });
    },
    signal: ctx.signal,
  });
  const seconds = (performance.now() - started) / 1000;
  await ctx.registry.metrics.add('training_samples', reports.reduce((sum, report) => sum + report.samples, 0));
  await ctx.registry.metrics.add('training_seconds', seconds);
  if (!privacy) return { reports, seconds };
  hintEpochs = reports.filter((report) => report.stage === runNames.hint).length;
  const steps = hintEpochs * stepsPerEpoch + (spec.steps ?? spec.training.epochs * stepsPerEpoch);
  const spent = spentAfter(steps)!;
  const dpSgd: DpSgdReport = {
    run,
    epsilon: spent.epsilon,
    delta: spent.delta,
    order: spent.order,
    steps,
    samplingRate,
    noiseMultiplier: privacy.noiseMultiplier,
    clipNorm: privacy.clipNorm,
    sampling: `fixed-size batches of ${spec.training.batchSize} from a fresh shuffle each epoch, accounted as Poisson sampling at rate ${samplingRate.toPrecision(3)}`,
  };
  return { reports, seconds, dpSgd };
}
