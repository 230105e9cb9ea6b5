import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { InputLayout, ModelOutput, OnnxModelInfo } from '@distillery/contracts';
import { LayerPairError, type HostInferenceModel } from '@distillery/kd';
import { MODEL_ONNX } from './describe.ts';
import { modelOutputShape, nchwToNhwc, nhwcToNchw } from './layout.ts';
import { withOutputs } from './outputs.ts';

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
  /**
   * The folder in which the session's private folder is made (default: the
   * system's temporary folder). A process that may be killed while a session
   * opens (the model check) is given one its parent removes.
   */
  tempRoot?: string | undefined;
}

/**
 * Opens an ONNX Runtime session, always from a private, empty temporary
 * folder holding model.onnx and the external-data files it was uploaded
 * with: ONNX Runtime resolves external-data locations (of initializers, but
 * also of Constant nodes, sparse initializers and subgraphs) relative to the
 * model's folder — opened from memory, relative to the working directory,
 * whose files an upload must never read. The folder is removed once the
 * session has read it.
 */
export async function openSession(files: OnnxFiles, options: SessionOptions = {}): Promise<ort.InferenceSession> {
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: options.threads ?? availableParallelism(),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    executionProviders: options.executionProviders ?? ['cpu'],
    // ONNX Runtime's pool threads otherwise busy-wait after each run: measured here, 100 runs 5 ms
    // apart took 649 ms of CPU in 577 ms (a whole core spinning) against 84 ms without, CPU that
    // training jobs on the same worker and other processes on the host need.
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
  const folder = await mkdtemp(path.join(options.tempRoot ?? tmpdir(), 'distillery-onnx-'));
  try {
    // External files first: a file the graph names model.onnx cannot replace the model.
    for (const file of files.external) await writeFile(path.join(folder, file.name), file.bytes);
    await writeFile(path.join(folder, MODEL_ONNX), files.model);
    return await ort.InferenceSession.create(path.join(folder, MODEL_ONNX), sessionOptions);
  } catch (error) {
    // ONNX Runtime names the file it failed on: the private folder means nothing to the user.
    throw new Error((error as Error).message.replaceAll(folder + path.sep, ''));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** log(0) would poison every loss that touches it (as for tfjs teachers, inference-model.ts). */
const MIN_PROBABILITY = 1e-7;

export interface OnnxTeacherSpec {
  info: Pick<OnnxModelInfo, 'input' | 'output' | 'fixedBatch' | 'layout' | 'readableShapes' | 'attentionOutputs'>;
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
 * Opens an ONNX model as a teacher: its readable outputs (spec.info.readableShapes)
 * are added to the graph's outputs first, so that a run can fetch them.
 */
export async function openOnnxTeacher(files: OnnxFiles, spec: OnnxTeacherSpec, options: SessionOptions = {}): Promise<HostInferenceModel> {
  const readable = Object.keys(spec.info.readableShapes ?? {});
  return onnxInference(await openSession({ ...files, model: withOutputs(files.model, readable) }, options), spec);
}

/**
 * An ONNX model as a teacher: logits (and readable intermediate outputs) for
 * rows of the service's data, run by ONNX Runtime on host memory. NCHW
 * models get each batch transposed to their layout, and their feature maps
 * transposed back; a graph that fixes its batch size is run at that size,
 * the last batch padded with zeros and the padding's outputs dropped.
 */
function onnxInference(session: ort.InferenceSession, spec: OnnxTeacherSpec): HostInferenceModel {
  const { input, output, fixedBatch, layout, readableShapes = {}, attentionOutputs = [] } = spec.info;
  const sampleSize = spec.inputShape.reduce((a, b) => a * b, 1);
  const classes = spec.numClasses;
  /** Per-sample shape of each fetch as ONNX Runtime returns it, and as the service reads it (attention as it is). */
  const shapes = new Map<string, { model: number[]; service: number[] }>([[output, { model: [classes], service: [classes] }]]);
  for (const [name, shape] of Object.entries(readableShapes)) {
    shapes.set(name, { model: attentionOutputs.includes(name) ? shape : modelOutputShape(shape, layout), service: shape });
  }
  /** An NCHW model's feature maps [c, h, w], read as [h, w, c]. */
  const transposed = (name: string) => layout === 'nchw' && shapes.get(name)!.model.length === 3 && !attentionOutputs.includes(name);

  async function runOnce(x: Float32Array, rows: number, fetches: string[]): Promise<Float32Array[]> {
    const feed = layout === 'nchw' ? nhwcToNchw(x, rows, spec.inputShape) : x;
    const results = await session.run({ [input]: new ort.Tensor('float32', feed, modelInputDims(rows, spec.inputShape, layout)) }, fetches);
    return fetches.map((name) => {
      const tensor = results[name]!;
      try {
        const expected = [rows, ...shapes.get(name)!.model];
        if (tensor.type !== 'float32' || tensor.dims.join(',') !== expected.join(',')) {
          throw new Error(`output ${name} came back ${tensor.type} [${tensor.dims.join(',')}] for ${rows} rows; expected float32 [${expected.join(',')}]`);
        }
        const data = tensor.data as Float32Array;
        return transposed(name) ? nchwToNhwc(data, rows, shapes.get(name)!.model) : new Float32Array(data);
      } finally {
        tensor.dispose();
      }
    });
  }

  /** Every fetch for every row, in batches of the graph's fixed size when it has one. */
  async function run(x: Float32Array, rows: number, fetches: string[]): Promise<Float32Array[]> {
    if (fixedBatch === undefined) return runOnce(x, rows, fetches);
    const sizes = fetches.map((name) => shapes.get(name)!.service.reduce((a, b) => a * b, 1));
    const out = sizes.map((size) => new Float32Array(rows * size));
    for (let start = 0; start < rows; start += fixedBatch) {
      const count = Math.min(fixedBatch, rows - start);
      const piece = new Float32Array(fixedBatch * sampleSize);
      piece.set(x.subarray(start * sampleSize, (start + count) * sampleSize));
      (await runOnce(piece, fixedBatch, fetches)).forEach((values, i) => out[i]!.set(values.subarray(0, count * sizes[i]!), start * sizes[i]!));
    }
    return out;
  }

  const readable = Object.keys(readableShapes);
  return {
    kind: 'host',
    outputUnits: classes,
    ...(fixedBatch === undefined ? {} : { rowsPerRun: fixedBatch }),
    async logits(x, rows) {
      const [scores] = (await run(x, rows, [output])) as [Float32Array];
      if (spec.output === 'probabilities') for (let i = 0; i < scores.length; i++) scores[i] = Math.log(Math.min(1, Math.max(MIN_PROBABILITY, scores[i]!)));
      return scores;
    },
    ...(readable.length > 0
      ? {
          outputs: {
            shape: (name, role) => {
              const shape = readableShapes[name];
              if (!shape) throw new LayerPairError('unknown_layer', `${role} has no readable output '${name}'; its readable outputs are: ${readable.join(', ')}`);
              return shape;
            },
            read: (x, rows, names) => run(x, rows, names),
          },
        }
      : {}),
    dispose: () => void session.release().catch(() => undefined),
  };
}
