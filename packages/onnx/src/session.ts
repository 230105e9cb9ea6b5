import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { InputLayout, ModelOutput, OnnxModelInfo } from '@distillery/contracts';
import type { HostInferenceModel } from '@distillery/kd';
import { nhwcToNchw } from './layout.ts';

/** A model's files as they were uploaded: model.onnx and any external-data files it names. */
export interface OnnxFiles {
  model: Uint8Array;
  external: { name: string; bytes: Uint8Array }[];
}

export interface SessionOptions {
  /** ONNX Runtime's intra-op threads: the worker's cores by default. */
  threads?: number | undefined;
  /** Execution providers in order of preference; ONNX Runtime falls back along the list (default: cpu). */
  executionProviders?: string[] | undefined;
}

/**
 * Opens an ONNX Runtime session. A model without external data opens from
 * memory; one with external data is written to a private temporary folder
 * first, because ONNX Runtime for Node resolves external data relative to
 * the model's path. The folder is removed once the session has read it.
 */
export async function openSession(files: OnnxFiles, options: SessionOptions = {}): Promise<ort.InferenceSession> {
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: options.threads ?? availableParallelism(),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    executionProviders: options.executionProviders ?? ['cpu'],
  };
  if (files.external.length === 0) return ort.InferenceSession.create(files.model, sessionOptions);
  const folder = await mkdtemp(path.join(tmpdir(), 'distillery-onnx-'));
  try {
    await writeFile(path.join(folder, 'model.onnx'), files.model);
    for (const file of files.external) await writeFile(path.join(folder, file.name), file.bytes);
    return await ort.InferenceSession.create(path.join(folder, 'model.onnx'), sessionOptions);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** log(0) would poison every loss that touches it (as for tfjs teachers, inference-model.ts). */
const MIN_PROBABILITY = 1e-7;

export interface OnnxTeacherSpec {
  info: Pick<OnnxModelInfo, 'input' | 'output' | 'fixedBatch' | 'layout'>;
  /** One sample as the service feeds it (images [height, width, channels]). */
  inputShape: number[];
  numClasses: number;
  output: ModelOutput;
}

/** The shape the model takes for `rows` samples given in the service's layout. */
export function modelInputDims(rows: number, inputShape: number[], layout: InputLayout | undefined): number[] {
  if (layout === 'nchw') {
    const [height, width, channels] = inputShape as [number, number, number];
    return [rows, channels, height, width];
  }
  return [rows, ...inputShape];
}

/**
 * An ONNX model as a teacher: logits for rows of the service's data, run by
 * ONNX Runtime on host memory. NCHW models get each batch transposed to their
 * layout; a graph that fixes its batch size is run at that size, the last
 * batch padded with zeros and the padding's outputs dropped.
 */
export function onnxInference(session: ort.InferenceSession, spec: OnnxTeacherSpec): HostInferenceModel {
  const { input, output, fixedBatch, layout } = spec.info;
  const sampleSize = spec.inputShape.reduce((a, b) => a * b, 1);
  const classes = spec.numClasses;

  async function run(x: Float32Array, rows: number): Promise<Float32Array> {
    const feed = layout === 'nchw' ? nhwcToNchw(x, rows, spec.inputShape) : x;
    const results = await session.run({ [input]: new ort.Tensor('float32', feed, modelInputDims(rows, spec.inputShape, layout)) }, [output]);
    const tensor = results[output]!;
    try {
      if (tensor.type !== 'float32' || tensor.dims.length !== 2 || tensor.dims[0] !== rows || tensor.dims[1] !== classes) {
        throw new Error(`output ${output} came back ${tensor.type} [${tensor.dims.join(',')}] for ${rows} rows; expected float32 [${rows},${classes}]`);
      }
      return new Float32Array(tensor.data as Float32Array);
    } finally {
      tensor.dispose();
    }
  }

  return {
    kind: 'host',
    outputUnits: classes,
    async logits(x, rows) {
      let scores: Float32Array;
      if (fixedBatch === undefined) {
        scores = await run(x, rows);
      } else {
        scores = new Float32Array(rows * classes);
        for (let start = 0; start < rows; start += fixedBatch) {
          const count = Math.min(fixedBatch, rows - start);
          const piece = new Float32Array(fixedBatch * sampleSize);
          piece.set(x.subarray(start * sampleSize, (start + count) * sampleSize));
          scores.set((await run(piece, fixedBatch)).subarray(0, count * classes), start * classes);
        }
      }
      if (spec.output === 'probabilities') for (let i = 0; i < scores.length; i++) scores[i] = Math.log(Math.min(1, Math.max(MIN_PROBABILITY, scores[i]!)));
      return scores;
    },
    dispose: () => void session.release().catch(() => undefined),
  };
}
