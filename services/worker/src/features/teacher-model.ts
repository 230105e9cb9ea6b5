import type * as tf from '@tensorflow/tfjs';
import { DistilleryError, type Model } from '@distillery/contracts';
import { LayerPairError } from '@distillery/kd';
import { loadLayersModel } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { modelPrefix } from '../data.ts';

/**
 * Loads a teacher whose layers a feature or attention job reads: that needs a
 * LayersModel (layers by name). The API refuses graph models for these
 * methods; this check is for a record changed while the job waited.
 */
export async function loadTeacherLayers(ctx: JobContext, record: Model, index: number): Promise<tf.LayersModel> {
  if (record.format !== 'tfjs-layers') {
    throw new DistilleryError(
      'incompatible_model',
      `teacher ${index} (${record.id}) is a ${record.format} model; feature and attention methods read teacher layers by name, which needs a LayersModel`,
    );
  }
  return loadLayersModel(ctx.store, modelPrefix(record.id));
}

/**
 * kd's layer errors (a layer a model lacks, outputs that cannot be paired) as
 * job errors: the user must change the request, so they are never retried.
 */
export function asJobError(error: unknown): unknown {
  return error instanceof LayerPairError ? new DistilleryError('incompatible_model', error.message) : error;
}
