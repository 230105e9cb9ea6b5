import { DistilleryError, type Model } from '@distillery/contracts';
import type { InferenceModel, TensorInferenceModel } from '@distillery/kd';
import { teacherRuntimes } from '@distillery/storage';
import type { JobContext } from '../context.ts';

/**
 * Loads a teacher whose layers a job's method reads: that needs a runtime
 * that reads layers by name (a LayersModel, or an ONNX model's named values).
 * The API refuses the others for these methods; this check is for a record
 * changed while the job waited.
 */
export async function loadLayerReadableTeacher(ctx: JobContext, record: Model, index: number): Promise<InferenceModel> {
  if (!teacherRuntimes[record.format].readsLayers) {
    throw new DistilleryError(
      'incompatible_model',
      `teacher ${index} (${record.id}) is a ${record.format} model; methods that pair layers read teacher layers by name, which needs a LayersModel or an ONNX model`,
    );
  }
  return ctx.data.inference(record);
}

/** A teacher whose layers are read inside every training step: only a TensorFlow.js model runs on the step's tensors. */
export async function loadInStepTeacher(ctx: JobContext, record: Model, index: number): Promise<TensorInferenceModel> {
  const model = await loadLayerReadableTeacher(ctx, record, index);
  if (model.kind === 'tensor') return model;
  model.dispose();
  throw new DistilleryError('internal_error', `teacher ${index} (${record.id}) is a ${record.format} model, whose layers are precomputed, never read inside a training step`);
}
