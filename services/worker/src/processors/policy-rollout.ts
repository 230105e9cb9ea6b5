import { artifactKeys } from '@distillery/contracts';
import type { PolicyRolloutData, PolicyRolloutOutput } from '@distillery/jobs';
import { collectTeacherStates, createEnvironment } from '@distillery/kd';
import { encodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';

/**
 * One teacher's rollouts for a policy distillation: the states it visits
 * (acting greedily, at random `exploration` of the time) and its scores for
 * them, stored as NPY in the job's scratch space. The student's subjob
 * scores the teacher on the evaluation episodes beside the student.
 */
export async function policyRollout(ctx: JobContext, data: PolicyRolloutData): Promise<PolicyRolloutOutput> {
  const started = performance.now();
  const spec = createEnvironment(data.environment).spec;
  const { model } = await ctx.data.policyModel(data.model);
  try {
    ctx.signal.throwIfAborted();
    const collected = await collectTeacherStates({ environment: data.environment, teacher: model, states: data.states, exploration: data.exploration, seed: data.seed, signal: ctx.signal });
    const prefix = `${artifactKeys.jobScratch(data.jobId)}/policy-rollout-${data.index}`;
    const observationsKey = `${prefix}-observations.npy`;
    const scoresKey = `${prefix}-scores.npy`;
    await ctx.store.put(observationsKey, encodeNpy(collected.observations, [collected.count, spec.observation.size]));
    await ctx.store.put(scoresKey, encodeNpy(collected.scores, [collected.count, spec.actions.count]));
    await ctx.registry.jobs.log(ctx.jobId, `teacher ${data.model} played ${collected.count} steps of ${data.environment}`);
    return {
      index: data.index,
      observationsKey,
      scoresKey,
      states: collected.count,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}
