import type * as tf from '@tensorflow/tfjs';
// The exporter alone: writing ONNX needs no ONNX Runtime.
import { exportLayersModel, OnnxExportError } from '@distillery/onnx/export';
import type { JobContext } from '../context.ts';

/**
 * A trained model's ONNX export, made once: the latency comparison against
 * ONNX teachers runs it and the registered model keeps it as its ONNX copy,
 * the same bytes. Every architecture the service trains exports (tested in
 * packages/onnx); if one ever does not, there is no copy, the job's log says
 * why, and the job goes on.
 */
export class OnnxCopy {
  #bytes: Promise<Uint8Array | undefined> | undefined;

  constructor(
    private readonly ctx: JobContext,
    private readonly model: tf.LayersModel,
  ) {}

  /** The exported graph, or undefined when the model has a layer the exporter cannot write. */
  bytes(): Promise<Uint8Array | undefined> {
    this.#bytes ??= exportLayersModel(this.model).catch(async (error: unknown) => {
      if (!(error instanceof OnnxExportError)) throw error;
      await this.ctx.registry.jobs.log(this.ctx.jobId, `no ONNX copy of the model: ${error.message}`);
      return undefined;
    });
    return this.#bytes;
  }
}
