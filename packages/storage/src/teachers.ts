import type * as tf from '@tensorflow/tfjs';
import type { Model, ModelFormat } from '@distillery/contracts';
import { artifactKeys } from '@distillery/contracts';
import { graphModelInference, layersModelInference, type InferenceModel } from '@distillery/kd';
import { loadTfjsModel } from './model-files.ts';
import { loadOnnxFiles } from './onnx-files.ts';
import type { ArtifactStore } from './store.ts';

/**
 * A teacher runtime: how the service runs the models of one format. Each
 * loads a stored model and hands it over behind kd's InferenceModel
 * (logits, and named intermediate outputs where the format has them); the
 * model's digest is computed when its files are stored (inspectModelFiles for
 * uploads, saveLayersModel for models trained here). A new format is one
 * more entry.
 */
export interface TeacherRuntime {
  /** Whether methods that pair layers can read this format's layers by name. */
  readonly readsLayers: boolean;
  load(store: ArtifactStore, prefix: string, record: TeacherRecord, options?: TeacherRuntimeOptions): Promise<InferenceModel>;
}

export type TeacherRecord = Pick<Model, 'output' | 'files' | 'inputShape' | 'numClasses' | 'onnx'>;

export interface TeacherRuntimeOptions {
  /** Threads a runtime with its own thread pool (ONNX Runtime) may use: the worker's cores by default. */
  threads?: number | undefined;
  /** ONNX Runtime's execution providers, in order of preference: cpu by default. */
  executionProviders?: string[] | undefined;
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
  onnx: {
    // Its readable outputs are read ahead of training (precomputed), never inside a step.
    readsLayers: true,
    load: async (store, prefix, record, options) => {
      if (!record.onnx) throw new Error('an ONNX model record without its onnx description');
      // Loaded on first use: a process that never runs an ONNX teacher never loads ONNX Runtime's native library.
      const { openOnnxTeacher } = await import('@distillery/onnx');
      const spec = { info: record.onnx, inputShape: record.inputShape, numClasses: record.numClasses, output: record.output };
      return openOnnxTeacher(await loadOnnxFiles(store, prefix, record.files), spec, { threads: options?.threads, executionProviders: options?.executionProviders });
    },
  },
};

/** Loads a registered model for inference with its format's runtime; the caller disposes it. */
export function loadInferenceModel(
  store: ArtifactStore,
  record: Pick<Model, 'id' | 'format'> & TeacherRecord,
  options: TeacherRuntimeOptions = {},
): Promise<InferenceModel> {
  return teacherRuntimes[record.format].load(store, artifactKeys.model(record.id), record, options);
}
