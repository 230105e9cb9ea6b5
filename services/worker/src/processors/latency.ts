import type * as tf from '@tensorflow/tfjs';
import { studentLatencyWarnings, type JobWarning, type Model } from '@distillery/contracts';
import type { LoadedDataset } from '@distillery/datasets';
import { measureLatency, type InferenceModel } from '@distillery/kd';
import type { JobContext } from '../context.ts';
import type { OnnxCopy } from './onnx-copy.ts';

type Runtime = InferenceModel['kind'];

/** Teacher and student latencies per sample, measured the same way in this process. */
export interface Latencies {
  teachers: number[];
  /** The student on TensorFlow.js, as the service runs it. */
  student: number;
  /** The student in each teacher's runtime: itself for TensorFlow.js teachers, its ONNX copy on ONNX Runtime for ONNX ones. */
  studentAgainst: number[];
  runtimes: Runtime[];
  /** The student as each runtime runs it, for the confirmation rounds. */
  twins: StudentTwins;
  dispose(): void;
}

/**
 * The student as each teacher's runtime runs it, so that a latency ratio
 * compares like with like: an ONNX teacher on ONNX Runtime (several threads,
 * wide vectors) against the student on wasm would credit the runtime, not
 * the distillation. A student without an ONNX copy (onnx-copy.ts) is timed
 * on TensorFlow.js against every teacher.
 */
class StudentTwins {
  #host: Promise<tf.LayersModel | InferenceModel> | undefined;
  constructor(
    private readonly ctx: JobContext,
    readonly student: tf.LayersModel,
    private readonly onnxCopy: OnnxCopy,
    private readonly data: LoadedDataset,
  ) {}

  async of(runtime: Runtime): Promise<tf.LayersModel | InferenceModel> {
    if (runtime === 'tensor') return this.student;
    this.#host ??= (async () => {
      const bytes = await this.onnxCopy.bytes();
      if (!bytes) return this.student;
      const { EXPORT_INPUT, EXPORT_OUTPUT, openOnnxTeacher } = await import('@distillery/onnx');
      const spec = { info: { input: EXPORT_INPUT, output: EXPORT_OUTPUT }, inputShape: this.data.inputShape, numClasses: this.data.numClasses, output: 'logits' as const };
      return openOnnxTeacher({ model: bytes, external: [] }, spec, this.ctx.data.runtimeOptions);
    })();
    return this.#host;
  }

  dispose(): void {
    void this.#host?.then((model) => model !== this.student && model.dispose(), () => undefined);
  }
}

export async function measureLatencies(ctx: JobContext, student: tf.LayersModel, onnxCopy: OnnxCopy, teachers: Model[], data: LoadedDataset): Promise<Latencies> {
  const x = data.test.x;
  const twins = new StudentTwins(ctx, student, onnxCopy, data);
  const measured = new Map<Runtime, number>();
  const result = { teachers: [] as number[], studentAgainst: [] as number[], runtimes: [] as Runtime[] };
  try {
    for (const teacher of teachers) {
      const { model } = await ctx.data.model(teacher.id);
      try {
        result.teachers.push(await measureLatency(model, x, data.inputShape));
        result.runtimes.push(model.kind);
      } finally {
        model.dispose();
      }
    }
    for (const runtime of new Set<Runtime>(['tensor', ...result.runtimes])) measured.set(runtime, await measureLatency(await twins.of(runtime), x, data.inputShape));
  } catch (error) {
    twins.dispose();
    throw error;
  }
  return { ...result, student: measured.get('tensor')!, studentAgainst: result.runtimes.map((r) => measured.get(r)!), twins, dispose: () => twins.dispose() };
}

/** Times the student against one teacher again this many times, alternating, before it is called not faster. */
const LATENCY_CONFIRM_ROUNDS = 5;

/**
 * studentLatencyWarnings on the measured figures, confirmed: per-sample
 * latency of tiny models is mostly per-call overhead and noise (a student a
 * tenth of its teacher's size can time slower once in five), so a student
 * that timed no faster than its fastest teacher is timed against that
 * teacher again, alternating, and flagged only if its best time is still no
 * better than the teacher's best (noise only ever adds time). Teachers are
 * compared with the student in their own runtime, one runtime at a time.
 */
export async function confirmedLatencyWarnings(ctx: JobContext, latency: Latencies, teachers: Model[], isUsed: (index: number) => boolean, data: LoadedDataset): Promise<JobWarning[]> {
  const warnings: JobWarning[] = [];
  for (const runtime of new Set(latency.runtimes)) {
    const inRuntime = teachers.flatMap((teacher, i) => (latency.runtimes[i] === runtime && isUsed(i) ? [{ id: teacher.id, latencyMsPerSample: latency.teachers[i]! }] : []));
    const candidates = studentLatencyWarnings(latency.studentAgainst[latency.runtimes.indexOf(runtime)]!, inRuntime);
    const fastest = candidates[0]?.model;
    if (fastest === undefined) continue;
    const student = await latency.twins.of(runtime);
    const { model } = await ctx.data.model(fastest);
    try {
      let studentBest = Infinity;
      let teacherBest = Infinity;
      for (let round = 0; round < LATENCY_CONFIRM_ROUNDS; round++) {
        teacherBest = Math.min(teacherBest, await measureLatency(model, data.test.x, data.inputShape));
        studentBest = Math.min(studentBest, await measureLatency(student, data.test.x, data.inputShape));
      }
      if (studentBest >= teacherBest) warnings.push(...candidates);
    } finally {
      model.dispose();
    }
  }
  return warnings;
}
