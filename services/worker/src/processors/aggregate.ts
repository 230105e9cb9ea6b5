import * as tf from '@tensorflow/tfjs';
import type { AggregateData, AggregateOutput, TeacherLogitsOutput } from '@distillery/contracts';
import { aggregateTeachers } from '@distillery/kd';
import { decodeNpy, encodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';

export const softTargetsKey = (jobId: string) => `jobs/${jobId}/soft-targets.npy`;
export const testTargetsKey = (jobId: string) => `jobs/${jobId}/test-targets.npy`;

/**
 * Combines the teachers' logits into the student's targets: on the transfer
 * set at the job's temperature (what the student learns from), and on the test
 * split at temperature 1 (the aggregated teacher the student's agreement is
 * measured against).
 */
export async function aggregate(ctx: JobContext, data: AggregateData): Promise<AggregateOutput> {
  const teachers = ((await ctx.childrenValues()) as TeacherLogitsOutput[]).sort((a, b) => a.index - b.index);
  const weights = teachers.map((t) => data.teachers[t.index]!.weight);

  const combine = async (keyOf: (t: TeacherLogitsOutput) => string, temperature: number, target: string) => {
    const arrays = await Promise.all(teachers.map(async (t) => decodeNpy(await ctx.store.get(keyOf(t)))));
    const probs = tf.tidy(() => {
      const logits = arrays.map(({ data, shape }) => tf.tensor2d(data as Float32Array, shape as [number, number]));
      return aggregateTeachers(logits, weights, data.strategy, temperature);
    });
    const values = await probs.data<'float32'>();
    await ctx.store.put(target, encodeNpy(values, probs.shape));
    probs.dispose();
  };
  await combine((t) => t.transferLogits, data.temperature, softTargetsKey(ctx.jobId));
  await combine((t) => t.testLogits, 1, testTargetsKey(ctx.jobId));

  return { softTargets: softTargetsKey(ctx.jobId), testTargets: testTargetsKey(ctx.jobId), teachers };
}
