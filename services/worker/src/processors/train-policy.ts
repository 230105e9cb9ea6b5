import { policyTrainingWithDefaults, type JobResult, type TrainPolicyData } from '@distillery/jobs';
import { createEnvironment, evaluationSeeds, greedyReturns, trainPpo } from '@distillery/kd';
import type { JobContext } from '../context.ts';
import { registerTrainedModel } from './shared.ts';

/**
 * Trains a teacher agent with PPO in one of the service's environments and
 * registers its policy (observations to action logits) as a model. Progress
 * events carry each evaluation's greedy mean return; a retried attempt starts
 * again from scratch (PPO has no checkpoints yet).
 */
export async function trainPolicy(ctx: JobContext, data: TrainPolicyData): Promise<JobResult> {
  const started = performance.now();
  const { request } = data;
  const spec = createEnvironment(request.environment).spec;
  const { hidden, seed, maxSteps, learningRate, stopping } = policyTrainingWithDefaults(request);
  const { episodes } = stopping;
  const result = await trainPpo({
    environment: request.environment,
    hidden,
    seed,
    maxSteps,
    learningRate,
    stopping: { ...stopping, target: stopping.target ?? spec.rewardThreshold },
    signal: ctx.signal,
    onEvaluation: async (evaluation) => {
      await ctx.registry.jobs.progress(ctx.jobId, { stage: ctx.stage, steps: evaluation.steps, maxSteps, meanReturn: evaluation.mean });
    },
  });
  try {
    const trainSeconds = (performance.now() - started) / 1000;
    const returns = greedyReturns(result.policy, request.environment, evaluationSeeds(episodes));
    const record = await registerTrainedModel(ctx, result.policy, {
      name: request.model?.name ?? `ppo policy on ${request.environment}`,
      architecture: { kind: 'mlp', hidden, activation: 'tanh' },
      inputShape: [spec.observation.size],
      numClasses: spec.actions.count,
      environment: request.environment,
      license: request.model?.license,
      lineage: { jobId: ctx.jobId, kind: 'train-policy', environment: request.environment, teachers: [], seed },
    });
    await ctx.registry.jobs.log(
      ctx.jobId,
      `greedy return ${returns.mean.toFixed(1)} (min ${returns.min}, max ${returns.max}) over ${episodes} episodes after ${result.steps} environment steps${result.solved ? '' : ': the stopping rule was not met within maxSteps'}`,
    );
    return {
      model: record.id,
      metrics: {
        policy: {
          environment: request.environment,
          greedyReturn: { mean: returns.mean, min: returns.min, max: returns.max, episodes },
          environmentSteps: result.steps,
          solved: result.solved,
          evaluations: result.evaluations,
        },
      },
      wallSeconds: (performance.now() - started) / 1000,
      timings: { train: trainSeconds },
      backend: ctx.backend,
    };
  } finally {
    result.policy.dispose();
  }
}
