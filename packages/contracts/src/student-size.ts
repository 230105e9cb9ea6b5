import type { JobWarning } from './reports.ts';

/** Stable codes of the warnings about a student that is not a compression of its teachers. */
export const STUDENT_NOT_SMALLER = 'student_not_smaller';
export const STUDENT_NOT_FASTER = 'student_not_faster';

/**
 * A student with at least as many parameters as its smallest teacher: at
 * submission (its size computed from the architecture spec) and in the report
 * (the trained model's count). Allowed, never refused, but said: the point of
 * distillation is a student smaller than what it learns from, and the
 * smallest teacher is a model the user already has that is no larger, so this
 * student saves nothing over deploying that one. Compared with the smallest
 * rather than the largest teacher (or the ensemble, as the compression ratios
 * are) because with one teacher they are the same, and with several a student
 * between them is still no smaller than a model already at hand.
 */
export function studentSizeWarnings(studentParameters: number, teachers: readonly { id: string; parameters: number }[]): JobWarning[] {
  const smallest = smallestBy(teachers, (t) => t.parameters);
  if (!smallest || studentParameters < smallest.parameters) return [];
  const which = teachers.length > 1 ? `its smallest teacher, ${smallest.id}` : `its teacher ${smallest.id}`;
  return [
    {
      code: STUDENT_NOT_SMALLER,
      model: smallest.id,
      message:
        `the student has ${grouped(studentParameters)} parameters, ${times(studentParameters, smallest.parameters)} as many as ${which} (${grouped(smallest.parameters)}): ` +
        'it is no compression of it; use fewer or narrower layers for a student smaller than its teachers',
    },
  ];
}

/**
 * After training: a student whose measured latency per sample is no lower
 * than the fastest teacher's, timed the same way on the same worker. Tiny
 * models are dominated by per-call overhead, so a smaller student can time
 * the same as its teacher; the message gives both figures.
 */
export function studentLatencyWarnings(studentMsPerSample: number, teachers: readonly { id: string; latencyMsPerSample: number }[]): JobWarning[] {
  const fastest = smallestBy(teachers, (t) => t.latencyMsPerSample);
  if (!fastest || studentMsPerSample < fastest.latencyMsPerSample) return [];
  const which = teachers.length > 1 ? `its fastest teacher, ${fastest.id}` : `its teacher ${fastest.id}`;
  return [
    {
      code: STUDENT_NOT_FASTER,
      model: fastest.id,
      message:
        `the student took ${ms(studentMsPerSample)} ms per sample, no less than ${which} (${ms(fastest.latencyMsPerSample)} ms), ` +
        `timed the same way on this worker: it is not faster than the teacher it was meant to replace`,
    },
  ];
}

function smallestBy<T>(items: readonly T[], value: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || value(item) < value(best) ? item : best), undefined);
}

const grouped = (n: number) => n.toLocaleString('en');
const ms = (n: number) => n.toPrecision(3);
/** `1,369x`, `1.25x`; `at least` for a teacher without parameters. */
function times(a: number, b: number): string {
  if (b <= 0) return 'at least';
  const r = a / b;
  return `${r >= 10 ? grouped(Math.round(r)) : r.toFixed(2)}x`;
}
