import { DistilleryError, type Model } from '@distillery/contracts';
import { LayerPairError, type InferenceModel } from '@distillery/kd';
import { teacherRuntimes } from '@distillery/storage';
import type { JobContext } from '../context.ts';

/**
 * Loads a teacher whose layers a job's method reads: that needs a runtime
 * that reads layers by name (a LayersModel). The API refuses the others for
 * these methods; this check is for a record changed while the job waited.
 */
export async function loadLayerReadableTeacher(ctx: JobContext, record: Model, index: number): Promise<InferenceModel> {
  if (!teacherRuntimes[record.format].readsLayers) {
    throw new DistilleryError(
      'incompatible_model',
      `teacher ${index} (${record.id}) is a ${record.format} model; methods that pair layers read teacher layers by name, which needs a LayersModel`,
    );
  }
  return (await ctx.data.model(record.id)).model;
}

/**
 * kd's layer errors (a layer a model lacks, outputs that cannot be paired) as
 * job errors: the user must change the request, so they are never retried.
 */
export function asJobError(error: unknown): unknown {
  return error instanceof LayerPairError ? new DistilleryError('incompatible_model', error.message) : error;
}
