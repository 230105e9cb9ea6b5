import { DistilleryError, type FeaturesReport } from '@distillery/contracts';
import type { TeacherFeaturesOutput } from '@distillery/jobs';
import { rowSize, type PrecomputedFeatures, type TeacherLayerSources, type TensorInferenceModel } from '@distillery/kd';
import { decodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { loadInStepTeacher } from '../teachers/layer-access.ts';


/** A teacher subjob's answer about its layers: which teacher, and where its extractions are. */
export interface TeacherLayerOutput {
  index: number;
  model: string;
  features?: TeacherFeaturesOutput | undefined;
}

export interface PreparedLayerSources {
  sources: TeacherLayerSources;
  /** Where each teacher's layers came from, for the job's result. */
  report: Omit<FeaturesReport, 'hint'>;
  /** Frees the teachers loaded for the on-the-fly path. */
  dispose(): void;
}

/**
 * The student side of a layer method: for each teacher the method reads, its
 * precomputed extractions from the store (concatenated in the order of the
 * job's training rows: the dataset's rows, then the transfer set's), or the
 * teacher itself, run inside every training step. `rows` is the number of
 * those training rows.
 */
export async function prepareLayerSources(ctx: JobContext, teachers: TeacherLayerOutput[], rows: number): Promise<PreparedLayerSources> {
  const models: Array<TensorInferenceModel | undefined> = [];
  const precomputed: Array<PrecomputedFeatures | undefined> = [];
  const dispose = () => models.forEach((model) => model?.dispose());
  try {
    for (const teacher of teachers) {
      const features = teacher.features;
      if (!features) continue;
      if (features.path === 'precomputed') {
        precomputed[teacher.index] = await readPrecomputed(ctx, features, rows, teacher.index);
      } else {
        models[teacher.index] = await loadInStepTeacher(ctx, await ctx.data.modelRecord(teacher.model), teacher.index);
      }
    }
  } catch (error) {
    dispose();
    throw error;
  }
  const withFeatures = teachers.filter((t): t is TeacherLayerOutput & { features: TeacherFeaturesOutput } => t.features !== undefined);
  const paths = new Set(withFeatures.map((t) => t.features.path));
  return {
    sources: { teachers: models, precomputed },
    report: {
      path: paths.size === 1 ? [...paths][0]! : 'mixed',
      bytes: withFeatures.reduce((sum, t) => sum + t.features.bytes, 0),
      teachers: withFeatures.map((t) => ({
        index: t.index,
        layers: t.features.layers.map((l) => l.layer),
        path: t.features.path,
        bytes: t.features.bytes,
        limitBytes: t.features.limitBytes,
      })),
    },
    dispose,
  };
}

/** One teacher's extractions as kd's PrecomputedFeatures: each extraction's NPY files, one per dataset, end to end. */
async function readPrecomputed(ctx: JobContext, features: TeacherFeaturesOutput, rows: number, index: number): Promise<PrecomputedFeatures> {
  const layers = [];
  for (const { layer, shape, keys = [], attentionP = features.attentionP } of features.layers) {
    const size = rowSize(shape);
    const values = new Float32Array(rows * size);
    let filled = 0;
    for (const key of keys) {
      const part = decodeNpy(await ctx.store.get(key));
      if (!(part.data instanceof Float32Array) || part.shape.slice(1).join(',') !== shape.join(',') || filled + part.data.length > values.length) {
        throw new DistilleryError('internal_error', `${key} does not hold ${layer} of teacher ${index} as [rows, ${shape.join(', ')}] float32 for this job's ${rows} rows`);
      }
      values.set(part.data, filled);
      filled += part.data.length;
    }
    if (filled !== values.length) {
      throw new DistilleryError('internal_error', `the precomputed ${layer} of teacher ${index} covers ${filled / size} rows; the student trains on ${rows}`);
    }
    layers.push({ layer, shape, values, ...(attentionP !== undefined ? { attentionP } : {}) });
  }
  return { count: rows, layers };
}
