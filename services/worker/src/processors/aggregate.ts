import * as tf from '@tensorflow/tfjs';
import { artifactKeys, DistilleryError, stageNames } from '@distillery/contracts';
import type { AggregateData, AggregateOutput, TeacherLogitsOutput } from '@distillery/jobs';
import { aggregateTeachers, teacherConflicts } from '@distillery/kd';
import { decodeNpy, encodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';

/** Validation-accuracy weights are floored here, the smallest weight a request may give. */
const MIN_WEIGHT = 1e-6;

/**
 * Applies the teachers' quality gate, then combines the logits of the teachers
 * that passed into the student's targets: on the transfer set at the job's
 * temperature (what the student learns from), and on the test split at
 * temperature 1 (the aggregated teacher the student's agreement is measured
 * against). With two or more teachers it also reports where they disagree on
 * the transfer set, all of them, dropped ones included. The method decides
 * how the teachers are tempered (its temperature, and for logit
 * standardization a z-score of each teacher's logits first).
 */
export async function aggregate(ctx: JobContext, data: AggregateData): Promise<AggregateOutput> {
  const teachers = (await ctx.children('teacher-logits')).sort((a, b) => a.index - b.index);
  if (teachers.length !== data.teachers.length || teachers.some((t, i) => t.index !== i)) {
    // BullMQ runs a parent only after every child succeeded: a gap is a bug, retried rather than aggregated around.
    throw new Error(`aggregate found teacher outputs [${teachers.map((t) => t.index).join(', ')}] for ${data.teachers.length} teacher(s)`);
  }
  const gate = applyGate(teachers, data);
  const used = teachers.filter((t) => !gate.some((g) => g.index === t.index && !g.passed));
  for (const t of teachers.filter((t) => !used.includes(t))) {
    const { minAccuracy } = gate.find((g) => g.index === t.index)!;
    await ctx.registry.jobs.log(
      ctx.jobId,
      `${stageNames.teacher(t.index)} (${t.model}) dropped from the aggregation: validation accuracy ${percent(t.validation!.accuracy)} is below its gate of ${percent(minAccuracy)}`,
    );
  }

  const staticWeights = used.map((t) =>
    data.weights === 'validation-accuracy' ? Math.max(MIN_WEIGHT, validationOf(t).accuracy) : data.teachers[t.index]!.weight,
  );
  const shares = data.strategy === 'mean' ? used.map(() => 1 / used.length) : normalise(staticWeights);

  const load = (keyOf: (t: TeacherLogitsOutput) => string) =>
    Promise.all(teachers.map(async (t) => decodeNpy(await ctx.store.get(keyOf(t))) as { data: Float32Array; shape: [number, number] }));
  const combine = async (arrays: { data: Float32Array; shape: [number, number] }[], temperature: number, target: string, standardize = false) => {
    const probs = tf.tidy(() => {
      const logits = used.map((t) => tf.tensor2d(arrays[teachers.indexOf(t)]!.data, arrays[teachers.indexOf(t)]!.shape));
      return aggregateTeachers(logits, staticWeights, data.strategy, temperature, { standardize });
    });
    const values = await probs.data<'float32'>();
    await ctx.store.put(target, encodeNpy(values, probs.shape));
    probs.dispose();
  };
  const transfer = await load((t) => t.transferLogits);
  const numClasses = transfer[0]!.shape[1];
  const conflicts = teachers.length >= 2 ? teacherConflicts(transfer.map((a) => a.data), numClasses, data.temperature) : undefined;
  await combine(transfer, data.temperature, artifactKeys.softTargets(ctx.jobId), data.standardize === true);
  await combine(await load((t) => t.testLogits), 1, artifactKeys.testTargets(ctx.jobId));

  return {
    softTargets: artifactKeys.softTargets(ctx.jobId),
    testTargets: artifactKeys.testTargets(ctx.jobId),
    teachers,
    used: used.map((t) => t.index),
    weights: teachers.map((t) => (used.includes(t) ? shares[used.indexOf(t)]! : 0)),
    ...(gate.length > 0 ? { gate } : {}),
    ...(conflicts ? { conflicts } : {}),
  };
}

/**
 * Each gated teacher's validation accuracy against its threshold. A teacher
 * under it fails the job (`onGateFail: "fail"`), or is dropped; the job fails
 * anyway when no teacher would be left, or when the dropped teacher's layers
 * guide the student (features and attention pairs cannot lose a teacher).
 */
function applyGate(teachers: TeacherLogitsOutput[], data: AggregateData): NonNullable<AggregateOutput['gate']> {
  const gate: NonNullable<AggregateOutput['gate']> = [];
  for (const t of teachers) {
    const minAccuracy = data.teachers[t.index]?.minAccuracy;
    if (minAccuracy === undefined) continue;
    gate.push({ index: t.index, minAccuracy, passed: validationOf(t).accuracy >= minAccuracy });
  }
  const failed = gate.filter((g) => !g.passed).map((g) => ({ ...g, teacher: teachers.find((t) => t.index === g.index)! }));
  if (failed.length === 0) return gate;
  const described = failed
    .map(({ teacher, minAccuracy }) => `teacher ${teacher.index} (${teacher.model}): validation accuracy ${percent(validationOf(teacher).accuracy)}, gate ${percent(minAccuracy)}`)
    .join('; ');
  if ((data.onGateFail ?? 'drop') === 'fail') {
    throw new DistilleryError('teacher_below_gate', `a teacher is below its quality gate (${described}); use better teachers, lower minAccuracy, or set teacherGate.onGateFail to "drop"`);
  }
  if (failed.length === teachers.length) {
    throw new DistilleryError('teacher_below_gate', `every teacher is below its quality gate (${described}); no teacher is left to distil from`);
  }
  const paired = failed.find(({ teacher }) => teacher.features !== undefined);
  if (paired) {
    throw new DistilleryError(
      'teacher_below_gate',
      `teacher ${paired.index} is below its quality gate and cannot be dropped: the job's layer pairs read its layers (${described})`,
    );
  }
  return gate;
}

function validationOf(teacher: TeacherLogitsOutput) {
  if (!teacher.validation) throw new Error(`teacher ${teacher.index} was not evaluated on a validation slice`);
  return teacher.validation;
}

function normalise(weights: number[]): number[] {
  // By the largest first: a sum of extreme weights would overflow.
  const largest = Math.max(...weights);
  const scaled = weights.map((w) => w / largest);
  const total = scaled.reduce((a, b) => a + b, 0);
  return scaled.map((w) => w / total);
}

const percent = (value: number) => `${(100 * value).toFixed(2)}%`;
