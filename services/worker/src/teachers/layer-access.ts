import { DistilleryError, type Model } from '@distillery/contracts';
import type { InferenceModel } from '@distillery/kd';
import { loadInferenceModel, teacherRuntimes } from '@distillery/storage';
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
  return loadInferenceModel(ctx.store, record);
}
