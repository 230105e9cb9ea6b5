import type * as tf from '@tensorflow/tfjs';
import { artifactKeys, DistilleryError, type Architecture, type Dataset, type Lineage, type Model } from '@distillery/contracts';
import { countParameters, type Examples } from '@distillery/kd';
import type { LoadedDataset, Split } from '@distillery/datasets';
import { newId } from '@distillery/registry';
import { EXPORT_OPSET } from '@distillery/onnx/export';
import { MODEL_ONNX, saveLayersModel } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { OnnxCopy } from './onnx-copy.ts';

export function labelsOf(dataset: Dataset, split: Split): Int32Array {
  if (!split.y) {
    throw new DistilleryError('incompatible_dataset', `dataset ${dataset.id} (${dataset.name}) has no labels; train and evaluate on a labelled dataset`);
  }
  return split.y;
}

/**
 * The rows of a split that have labels. A partly labelled dataset marks its
 * unlabelled rows with -1; training without teachers, and every evaluation,
 * uses only the labelled ones.
 */
export function labelledRows(dataset: Dataset, split: Split, inputShape: number[]): { x: Float32Array; count: number; labels: Int32Array } {
  const labels = labelsOf(dataset, split);
  const kept = labels.reduce((n, label) => (label >= 0 ? n + 1 : n), 0);
  if (kept === split.count) return { x: split.x, count: split.count, labels };
  if (kept === 0) throw new DistilleryError('incompatible_dataset', `dataset ${dataset.id} (${dataset.name}) has no labelled rows in this split`);
  const size = inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(kept * size);
  const keptLabels = new Int32Array(kept);
  let next = 0;
  for (let row = 0; row < split.count; row++) {
    if (labels[row]! < 0) continue;
    x.set(split.x.subarray(row * size, (row + 1) * size), next * size);
    keptLabels[next++] = labels[row]!;
  }
  return { x, count: kept, labels: keptLabels };
}

/** The labelled training rows as training examples, without teacher targets. */
export function labelledExamples(dataset: Dataset, data: LoadedDataset): Examples {
  return { ...labelledRows(dataset, data.train, data.inputShape), inputShape: data.inputShape };
}

/** Where a distilled student came from: its job, data (the transfer set when it is a separate one), teachers, method and seed. */
export function distillLineage(ctx: JobContext, details: { dataset: string; transfer: string; teachers: Model[]; method: unknown; seed: number }): Lineage {
  return {
    jobId: ctx.jobId,
    kind: 'distill',
    dataset: details.dataset,
    ...(details.transfer !== details.dataset ? { transferDataset: details.transfer } : {}),
    teachers: details.teachers.map((teacher) => teacher.id),
    method: details.method,
    seed: details.seed,
  };
}

/**
 * Saves a trained model and registers it. The files are written first and the
 * record last, so a reader never finds a record whose files are missing; on
 * failure the partial files are removed.
 */
export async function registerTrainedModel(
  ctx: JobContext,
  model: tf.LayersModel,
  details: {
    name: string;
    architecture: Architecture;
    inputShape: number[];
    numClasses: number;
    /** For a policy: the environment it acts in. */
    environment?: string;
    license: string | undefined;
    lineage: Lineage;
    /** The model's ONNX export when the job has made it already (for the latency comparison). */
    onnxCopy?: OnnxCopy;
  },
): Promise<Model> {
  // A job cancelled while it trained must not leave a model behind.
  ctx.signal.throwIfAborted();
  const id = newId('m');
  try {
    const prefix = artifactKeys.model(id);
    const saved = await saveLayersModel(ctx.store, prefix, model);
    const onnx = await saveOnnxCopy(ctx, prefix, details.onnxCopy ?? new OnnxCopy(ctx, model));
    const record = await ctx.registry.models.create({
      id,
      tenant: ctx.tenant,
      name: details.name,
      format: 'tfjs-layers',
      architecture: details.architecture,
      inputShape: details.inputShape,
      numClasses: details.numClasses,
      ...(details.environment ? { environment: details.environment } : {}),
      output: 'logits',
      // The user trained it here, so it is theirs to license and to distil further.
      license: details.license ?? 'proprietary',
      distillation: 'allowed',
      readableOutputs: model.layers.map((layer) => layer.name),
      parameters: countParameters(model),
      bytes: saved.bytes,
      digest: saved.digest,
      // File names relative to the model, as the download route serves them.
      files: [...saved.files.map((key) => key.slice(prefix.length + 1)), ...(onnx ? [onnx.file] : [])],
      ...(onnx ? { exportedOnnx: onnx } : {}),
      lineage: details.lineage,
      createdAt: new Date().toISOString(),
    });
    await ctx.registry.usage.addStoredBytes(ctx.tenant, record.bytes + (onnx?.bytes ?? 0));
    return record;
  } catch (error) {
    await ctx.store.deletePrefix(artifactKeys.model(id)).catch(() => undefined);
    throw error;
  }
}

/** The ONNX copy of a model trained here, beside its TensorFlow.js files, for serving it outside TensorFlow.js. */
async function saveOnnxCopy(ctx: JobContext, prefix: string, copy: OnnxCopy): Promise<Model['exportedOnnx']> {
  const bytes = await copy.bytes();
  if (!bytes) return undefined;
  await ctx.store.put(`${prefix}/${MODEL_ONNX}`, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { file: MODEL_ONNX, bytes: bytes.byteLength, opset: EXPORT_OPSET };
}
