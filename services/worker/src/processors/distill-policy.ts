import { checkDistillationAllowed } from '@distillery/contracts';
import { policyDistillationWithDefaults, type DistillPolicyData, type JobResult, type PolicyRolloutOutput } from '@distillery/jobs';
import { countParameters, distillPolicy, evaluationSeeds, greedyReturns, measureLatency, rolloutStepsFor, trainPpo, type EpisodeReturns } from '@distillery/kd';
import { decodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { registerTrainedModel } from './shared.ts';

const EPISODES = 10;
const summary = (r: EpisodeReturns) => ({ mean: r.mean, min: r.min, max: r.max, episodes: r.returns.length });

/**
 * The student of a policy distillation: fits on the teacher's stored
 * rollouts, runs the DAgger rounds (the teacher, loaded here, labels the
 * student's states), optionally trains the baseline (the same student by PPO
 * for as many environment steps), and registers the student as a policy.
 * Progress events name each fit's greedy return.
 */
export async function distillPolicyJob(ctx: JobContext, data: DistillPolicyData): Promise<JobResult> {
  const started = performance.now();
  const { request } = data;
  const [rollout] = (await ctx.children('policy-rollout')) as PolicyRolloutOutput[];
  const [observations, scores] = await Promise.all([ctx.store.get(rollout!.observationsKey), ctx.store.get(rollout!.scoresKey)]);
  const states = { observations: decodeNpy(observations).data as Float32Array, scores: decodeNpy(scores).data as Float32Array, count: rollout!.states };
  const { hidden, method, epochs, batchSize, learningRate, seed } = policyDistillationWithDefaults(request);
  const rounds = 1 + (method.dagger?.rounds ?? 0);
  const { record: teacherRecord, model: teacher } = await ctx.data.policyModel(request.teachers[0]!.model);
  try {
    const distilled = await distillPolicy({
      environment: request.environment,
      teacher,
      // A Q-value teacher's scores are sharpened by default (τ 0.01); logits and log-probabilities are read at τ 1.
      teacherOutput: teacherRecord.output === 'q-values' ? 'q-values' : 'logits',
      states,
      studentHidden: hidden,
      loss: method.loss,
      ...(method.temperature !== undefined ? { temperature: method.temperature } : {}),
      ...(method.dagger ? { dagger: method.dagger } : {}),
      epochs,
      batchSize,
      learningRate,
      seed,
      evaluationEpisodes: EPISODES,
      signal: ctx.signal,
      onRound: async ({ round, mean }) => {
        await ctx.registry.jobs.progress(ctx.jobId, { stage: ctx.stage, epoch: round + 1, epochs: rounds, meanReturn: mean });
      },
    });
    const { student } = distilled;
    try {
      const studentSeconds = (performance.now() - started) / 1000;
      let baseline: NonNullable<JobResult['metrics']['policyDistillation']>['baseline'];
      if (request.baseline) {
        const steps = distilled.environmentSteps;
        const rl = await trainPpo({ environment: request.environment, hidden, seed, maxSteps: steps, rolloutSteps: rolloutStepsFor(steps), signal: ctx.signal });
        baseline = { ...summary(greedyReturns(rl.policy, request.environment, evaluationSeeds(EPISODES))), environmentSteps: rl.steps };
        rl.policy.dispose();
      }
      // Latency on the observations the teacher saw, the same batches for both.
      const teacherLatency = await measureLatency(teacher, states.observations, [states.observations.length / states.count]);
      const studentLatency = await measureLatency(student, states.observations, [states.observations.length / states.count]);
      const record = await registerTrainedModel(ctx, student, {
        name: request.student?.name ?? `policy distilled on ${request.environment}`,
        architecture: { kind: 'mlp', hidden, activation: 'tanh' },
        inputShape: teacherRecord.inputShape,
        numClasses: teacherRecord.numClasses,
        environment: request.environment,
        license: request.student?.license,
        lineage: { jobId: ctx.jobId, kind: 'distill', environment: request.environment, teachers: [teacherRecord.id], method, seed },
      });
      // The submission answer said these; the result repeats them, as a distill job's does.
      const warnings = checkDistillationAllowed([teacherRecord]);
      return {
        model: record.id,
        ...(warnings.length > 0 ? { warnings } : {}),
        metrics: {
          policyDistillation: {
            environment: request.environment,
            teacher: summary(distilled.teacher),
            student: summary(distilled.studentReturns),
            ...(baseline ? { baseline } : {}),
            environmentSteps: distilled.environmentSteps,
            rounds: distilled.rounds,
            parameterRatio: teacherRecord.parameters / countParameters(student),
            latencyRatio: teacherLatency / studentLatency,
          },
        },
        wallSeconds: (performance.now() - started) / 1000,
        timings: { student: studentSeconds, ...(request.baseline ? { baseline: (performance.now() - started) / 1000 - studentSeconds } : {}) },
        backend: ctx.backend,
      };
    } finally {
      student.dispose();
    }
  } finally {
    teacher.dispose();
  }
}
