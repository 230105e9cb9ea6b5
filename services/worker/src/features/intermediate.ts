import type * as tf from '@tensorflow/tfjs';
import {
  DistilleryError,
  type FeaturesReport,
  type ResolvedLayerMethod,
  type TeacherFeaturesOutput,
  type TeacherLogitsOutput,
} from '@distillery/contracts';
import { rowSize, type IntermediateDistillation, type IntermediateMethod, type PrecomputedFeatures } from '@distillery/kd';
import { decodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { loadTeacherLayers } from './teacher-model.ts';

export interface PreparedIntermediate {
  /** What trainClassifier takes as `intermediate`. */
  config: IntermediateDistillation;
  /** Where each teacher's layers come from, for the job's result. */
  report: Omit<FeaturesReport, 'hint'>;
  /** Frees the teachers loaded for the on-the-fly path. */
  dispose(): void;
}

/**
 * The student side of a features or attention job: for each teacher the pairs
 * read, its precomputed layers from the store (concatenated in the student's
 * row order: the dataset's rows, then the transfer set's), or the teacher
 * itself as a LayersModel, run inside every training step. `rows` is the
 * number of training examples.
 */
export async function prepareIntermediate(
  ctx: JobContext,
  method: ResolvedLayerMethod,
  teachers: TeacherLogitsOutput[],
  rows: number,
): Promise<PreparedIntermediate> {
  const models: tf.LayersModel[] = [];
  const precomputed: Array<PrecomputedFeatures | undefined> = [];
  const dispose = () => models.forEach((model) => model?.dispose());
  try {
    for (const teacher of teachers) {
      const features = teacher.features;
      if (!features) continue;
      if (features.path === 'precomputed') {
        precomputed[teacher.index] = await readPrecomputed(ctx, features, rows, teacher.index);
      } else {
        models[teacher.index] = await loadTeacherLayers(ctx, await ctx.data.modelRecord(teacher.model), teacher.index);
      }
    }
  } catch (error) {
    dispose();
    throw error;
  }
  const withFeatures = teachers.filter((t): t is TeacherLogitsOutput & { features: TeacherFeaturesOutput } => t.features !== undefined);
  const paths = new Set(withFeatures.map((t) => t.features.path));
  return {
    config: {
      method: kdMethod(method),
      pairs: method.pairs.map((p) => ({ teacher: p.teacher, student: p.student, weight: p.weight, teacherIndex: p.teacherIndex })),
      teachers: models,
      precomputed,
      ...(method.kind === 'features' ? { hintEpochs: method.hintEpochs, keepTermsAfterHints: method.keepTermsAfterHints } : {}),
    },
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

function kdMethod(method: ResolvedLayerMethod): IntermediateMethod {
  if (method.kind === 'features') return { kind: 'features', loss: method.loss, adapterKernelSize: method.adapterKernelSize };
  if (method.kind === 'attention-matrix') return { kind: 'attention-matrix', loss: method.loss };
  return { kind: 'attention', p: method.p, variant: method.variant, ...(method.beta !== undefined ? { beta: method.beta } : {}) };
}

/** One teacher's layers as kd's PrecomputedFeatures: each layer's NPY files, one per dataset, end to end. */
async function readPrecomputed(ctx: JobContext, features: TeacherFeaturesOutput, rows: number, index: number): Promise<PrecomputedFeatures> {
  const layers = [];
  for (const { layer, shape, keys = [] } of features.layers) {
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
    layers.push({ layer, shape, values, ...(features.attentionP !== undefined ? { attentionP: features.attentionP } : {}) });
  }
  return { count: rows, layers };
}
