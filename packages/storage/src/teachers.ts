import type * as tf from '@tensorflow/tfjs';
import type { Model, ModelFormat } from '@distillery/contracts';
import { artifactKeys } from '@distillery/contracts';
import { graphModelInference, layersModelInference, type InferenceModel } from '@distillery/kd';
import { loadTfjsModel } from './model-files.ts';
import type { ArtifactStore } from './store.ts';

/**
 * A teacher runtime: how the service runs the models of one format. Each
 * loads a stored model and hands it over behind kd's InferenceModel
 * (logits, and named intermediate outputs where the format has them); the
 * model's digest is computed when its files are stored (inspectModelFiles for
 * uploads, saveLayersModel for models trained here). A new format (ONNX) is
 * one more entry.
 */
export interface TeacherRuntime {
  /** Whether methods that pair layers can read this format's layers by name. */
  readonly readsLayers: boolean;
  load(store: ArtifactStore, prefix: string, record: Pick<Model, 'output'>): Promise<InferenceModel>;
}

export const teacherRuntimes: Record<ModelFormat, TeacherRuntime> = {
  'tfjs-layers': {
    readsLayers: true,
    load: async (store, prefix, record) => layersModelInference((await loadTfjsModel(store, prefix, 'tfjs-layers')) as tf.LayersModel, record.output),
  },
  'tfjs-graph': {
    readsLayers: false,
    load: async (store, prefix, record) => graphModelInference((await loadTfjsModel(store, prefix, 'tfjs-graph')) as tf.GraphModel, record.output),
  },
};

/** Loads a registered model for inference with its format's runtime; the caller disposes it. */
export function loadInferenceModel(store: ArtifactStore, record: Pick<Model, 'id' | 'format' | 'output'>): Promise<InferenceModel> {
  return teacherRuntimes[record.format].load(store, artifactKeys.model(record.id), record);
}
