import * as tf from '@tensorflow/tfjs';
import { rowSize } from '../tasks/classification/examples.ts';
import { forEachChunk, forEachHostChunk } from './chunks.ts';
import { describeLayer, layerOutputModel, type LayerInfo } from './layers.ts';

/** What a model's output holds; probabilities are turned into log-probabilities, which tempered softmax treats as logits. */
/** Q-values pass through as logits do: only probabilities are turned into log-probabilities. */
export type OutputKind = 'logits' | 'probabilities' | 'q-values';

/** Reading a model's intermediate layers by name, for the methods that pair layers. */
export interface LayerAccess {
  /** One layer; throws a LayerPairError listing the readable ones when there is no such layer (`role`: whose, for the message). */
  layer(name: string, role: string): LayerInfo;
  /** One forward pass that returns the named layers' outputs, in the order given (call inside tidy). */
  outputs(names: string[], role: string): (batch: tf.Tensor) => tf.Tensor[];
}

/**
 * A model as the service runs it for inference, whatever its format: the
 * teacher runtime (packages/storage, teachers/) loads the files and wraps the
 * loaded model in this. Teachers are never trained through it. A TensorFlow.js
 * model computes on tensors, inside tidy, and can run inside a training step;
 * a model in another runtime (ONNX Runtime) computes on host arrays, so it
 * serves the steps that run a teacher ahead of training (its logits and its
 * latency), not the ones that run it inside the tape.
 */
export type InferenceModel = TensorInferenceModel | HostInferenceModel;

export interface TensorInferenceModel {
  readonly kind: 'tensor';
  /** One score per class for each row of the batch, as logits; call inside tidy. */
  logits(batch: tf.Tensor): tf.Tensor;
  /** The number of classes it scores, when the model declares it (a graph model may leave it open). */
  readonly outputUnits: number | undefined;
  /** Present when the format lets layers be read by name (LayersModels). */
  readonly layers?: LayerAccess;
  dispose(): void;
}

export interface HostInferenceModel {
  readonly kind: 'host';
  /** Logits for `rows` rows of `x` (each laid out as the service's data is, e.g. [height, width, channels]): rows × outputUnits values. */
  logits(x: Float32Array, rows: number): Promise<Float32Array>;
  readonly outputUnits: number;
  /** Rows computed per call whatever the call is given, for a graph that fixes its batch (the rest is padding). */
  readonly rowsPerRun?: number | undefined;
  readonly layers?: undefined;
  /** Present when named intermediate outputs can be read; they are read ahead of training (precomputed), never inside a step. */
  readonly outputs?: HostOutputAccess;
  dispose(): void;
}

export interface HostOutputAccess {
  /** Per-sample shape of a readable output, in the service's layout; throws a LayerPairError listing the readable ones when there is no such output. */
  shape(name: string, role: string): number[];
  /** The named outputs for `rows` rows of `x`, each rows × shape values, in the order given. */
  read(x: Float32Array, rows: number, names: string[]): Promise<Float32Array[]>;
}

/** log(0) would poison every loss that touches it; a probability this small carries no information anyway. */
const MIN_PROBABILITY = 1e-7;

/** softmax(log p / T) is proportional to p^(1/T), so log-probabilities temper exactly like logits. */
const asLogits = (output: tf.Tensor, kind: OutputKind) => (kind === 'probabilities' ? tf.log(tf.clipByValue(output, MIN_PROBABILITY, 1)) : output);

const firstOutput = (raw: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap): tf.Tensor => {
  const first = (Array.isArray(raw) ? raw[0] : raw instanceof tf.Tensor ? raw : Object.values(raw)[0]) as tf.Tensor | undefined;
  if (!first) throw new Error('the model produced no output');
  return first;
};

function lastDimension(shape: readonly (number | null)[] | undefined): number | undefined {
  const units = shape?.[shape.length - 1];
  return typeof units === 'number' && units > 0 ? units : undefined;
}

/** A LayersModel (trained here, or uploaded as one): logits, and its layers readable by name. */
export function layersModelInference(model: tf.LayersModel, output: OutputKind = 'logits'): TensorInferenceModel {
  return {
    kind: 'tensor',
    logits: (batch) => asLogits(firstOutput(model.apply(batch, { training: false }) as tf.Tensor | tf.Tensor[]), output),
    outputUnits: lastDimension(model.outputs[0]?.shape),
    layers: {
      layer: (name, role) => describeLayer(model, name, role),
      outputs: (names, role) => {
        const view = layerOutputModel(model, names, role);
        return (batch) => [view.apply(batch, { training: false })].flat() as tf.Tensor[];
      },
    },
    dispose: () => model.dispose(),
  };
}

/** A GraphModel (converted from a SavedModel): inference only, no layers to read. */
export function graphModelInference(model: tf.GraphModel, output: OutputKind = 'logits'): TensorInferenceModel {
  return {
    kind: 'tensor',
    logits: (batch) => asLogits(firstOutput(model.predict(batch)), output),
    outputUnits: lastDimension(model.outputs[0]?.shape),
    dispose: () => model.dispose(),
  };
}

/** The most rows per call to a runtime outside TensorFlow.js (forEachHostChunk sizes them by time): enough to amortise the call. */
export const HOST_MAX_CHUNK_ROWS = 256;

/** Students are LayersModels; functions below take either. */
const inference = (model: InferenceModel | tf.LayersModel): InferenceModel =>
  model instanceof tf.LayersModel ? layersModelInference(model) : model;

/**
 * Logits for every row of `x`, computed in chunks. One large batch per call is
 * much faster than model.predict's default batch of 32; chunks sized from
 * the first one's measured memory (forEachChunk) keep memory bounded whatever
 * the model, and yielding between chunks keeps the event loop (and the job lock
 * renewal that runs on it) alive during long inference.
 */
export async function predictLogits(
  model: InferenceModel | tf.LayersModel,
  x: Float32Array,
  inputShape: number[],
  options: { chunkSize?: number; signal?: AbortSignal; numClasses?: number } = {},
): Promise<Float32Array> {
  const runtime = inference(model);
  const size = rowSize(inputShape);
  const count = x.length / size;
  const numClasses = options.numClasses ?? runtime.outputUnits;
  if (numClasses === undefined) throw new Error('the model declares no output width: give numClasses');
  const out = new Float32Array(count * numClasses);
  const check = (values: number, rows: number) => {
    if (values !== rows * numClasses) throw new Error(`the model gave ${values} outputs for ${rows} rows; expected ${numClasses} per row`);
  };
  if (runtime.kind === 'host') {
    await forEachHostChunk(
      count,
      async (start, end) => {
        const logits = await runtime.logits(x.subarray(start * size, end * size), end - start);
        check(logits.length, end - start);
        out.set(logits, start * numClasses);
      },
      { maxChunkSize: HOST_MAX_CHUNK_ROWS, rowsPerRun: runtime.rowsPerRun, ...options },
    );
    return out;
  }
  await forEachChunk(
    count,
    async (start, end) => {
      const logits = tf.tidy(() => runtime.logits(tf.tensor(x.subarray(start * size, end * size), [end - start, ...inputShape])));
      try {
        check(logits.size, end - start);
        out.set(await logits.data<'float32'>(), start * numClasses);
      } finally {
        logits.dispose();
      }
    },
    { maxChunkSize: 1024, ...options },
  );
  return out;
}

/**
 * Inference latency per sample in milliseconds: the median of several timed
 * batches after a warm-up, on whatever backend is active. Used for the
 * teacher/student latency ratio, so both must be measured by this same function
 * in the same process. A runtime that computes a fixed number of rows per
 * call is timed on whole runs, and its time divided by the rows it computed:
 * 64 rows of a graph fixed at 1000 would otherwise be charged for 936 of padding.
 */
export async function measureLatency(
  model: InferenceModel | tf.LayersModel,
  x: Float32Array,
  inputShape: number[],
  options: { batchSize?: number; repeats?: number } = {},
): Promise<number> {
  const runtime = inference(model);
  const size = rowSize(inputShape);
  const perRun = runtime.kind === 'host' ? (runtime.rowsPerRun ?? 1) : 1;
  const batchSize = Math.min(Math.ceil((options.batchSize ?? 64) / perRun) * perRun, x.length / size);
  const computedRows = Math.ceil(batchSize / perRun) * perRun;
  const repeats = options.repeats ?? 7;
  const rows = x.subarray(0, batchSize * size);
  const batch = runtime.kind === 'tensor' ? tf.tensor(rows, [batchSize, ...inputShape]) : undefined;
  const run = async () => {
    if (runtime.kind === 'host') {
      await runtime.logits(rows, batchSize);
      return;
    }
    const y = tf.tidy(() => runtime.logits(batch!));
    try {
      await y.data();
    } finally {
      y.dispose();
    }
  };
  try {
    await run();
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
      await tf.nextFrame();
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]! / computedRows;
  } finally {
    batch?.dispose();
  }
}
