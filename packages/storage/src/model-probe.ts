import * as tf from '@tensorflow/tfjs';
import { DistilleryError, type ModelFormat, type ModelOutput } from '@distillery/contracts';
import type { InspectedModel, InspectOptions, ReadModelFiles } from './model-files.ts';

const valuesIn = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export function invalid(message: string, field = '/files'): DistilleryError {
  return new DistilleryError('invalid_upload', message, field);
}

/** What running the model once tells: its input and output, and the names of what could be read from inside it. */
export type ProbedModel = Pick<InspectedModel, 'inputShape' | 'numClasses' | 'output' | 'outputNames'>;

/**
 * Bounds on the one forward pass that proves an upload runs. They are checked
 * before it runs, from shapes alone, so that a few hundred bytes of model.json
 * (a pooling layer over an input of ten billion values) are refused at once
 * instead of allocating gigabytes.
 */
export const PROBE_LIMITS = {
  /** Values in one input sample: 16 Mi, e.g. a 2,048 × 2,048 RGB image with room to spare. */
  inputValues: 16 * 1024 * 1024,
  /** Values in all of a layers model's outputs together, for one sample (256 MiB as float32). */
  activationValues: 64 * 1024 * 1024,
};

/** The costly half: the model loaded and run once on zeros. Pure TensorFlow.js: it can run in another process. */
export async function probeModel(read: Pick<ReadModelFiles, 'json' | 'format' | 'weights'>, options: InspectOptions = {}): Promise<ProbedModel> {
  const model = await loadFromJson(read.json, read.format, read.weights);
  try {
    const inputShape = inputShapeOf(model, options.inputShape);
    checkProbeCost(model, inputShape);
    const numClasses = probeOutputWidth(model, inputShape);
    return {
      inputShape,
      numClasses,
      output: options.output ?? detectOutput(model, read.json),
      outputNames: model instanceof tf.GraphModel ? graphNodeNames(read.json) : model.layers.map((layer) => layer.name),
    };
  } finally {
    model.dispose();
  }
}

function checkProbeCost(model: tf.LayersModel | tf.GraphModel, inputShape: number[]): void {
  const inputValues = valuesIn(inputShape);
  if (inputValues > PROBE_LIMITS.inputValues) {
    throw invalid(`an input of shape [${inputShape}] holds ${inputValues} values per sample, more than the ${PROBE_LIMITS.inputValues} a teacher here may take; downsample the input`, '/inputShape');
  }
  if (model instanceof tf.GraphModel) return; // no shapes before running: the check's time and memory limits bound it
  let activationValues = 0;
  for (const layer of model.layers) {
    const shapes = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as (number | null)[][];
    for (const shape of shapes) activationValues += valuesIn(shape.slice(1).map((d) => d ?? 1));
  }
  if (activationValues > PROBE_LIMITS.activationValues) {
    throw invalid(
      `the model's layers produce ${activationValues} values for one sample, more than the ${PROBE_LIMITS.activationValues} a teacher here may; it would need more memory than one sample should take: use a smaller input or fewer, narrower layers`,
    );
  }
}

/** A Buffer's bytes as a standalone ArrayBuffer (a Buffer may be a view into a shared pool). */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export async function loadFromJson(json: tf.io.ModelJSON, format: ModelFormat, weights: Buffer): Promise<tf.LayersModel | tf.GraphModel> {
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => [tf.io.getWeightSpecs(manifest), toArrayBuffer(weights)]);
  try {
    return format === 'tfjs-graph' ? await tf.loadGraphModel(tf.io.fromMemory(artifacts)) : await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw invalid(`TensorFlow.js could not load this ${format === 'tfjs-graph' ? 'graph' : 'layers'} model: ${(error as Error).message}`);
  }
}

function inputShapeOf(model: tf.LayersModel | tf.GraphModel, given: number[] | undefined): number[] {
  if (model.inputs.length !== 1) throw invalid(`the model has ${model.inputs.length} inputs; a teacher takes exactly one`);
  const declared = model.inputs[0]!.shape?.slice(1);
  const known = declared && declared.length > 0 && declared.every((d) => typeof d === 'number' && d > 0) ? (declared as number[]) : undefined;
  if (given && known && (given.length !== known.length || given.some((d, i) => d !== known[i]))) {
    throw invalid(`inputShape [${given}] differs from the model's own input shape [${known}]; leave inputShape out`, '/inputShape');
  }
  const shape = known ?? given;
  if (!shape) throw invalid("the model's input shape is not fixed (it has unknown dimensions besides the batch); give it as the inputShape field, e.g. [28,28,1]", '/inputShape');
  return shape;
}

/** One forward pass on zeros: proves the model runs here and reads the width of its output. */
function probeOutputWidth(model: tf.LayersModel | tf.GraphModel, inputShape: number[]): number {
  let shape: number[];
  try {
    shape = tf.tidy(() => {
      const out = model.predict(tf.zeros([1, ...inputShape]));
      const first = Array.isArray(out) ? out[0]! : (out as tf.Tensor);
      return first.shape;
    });
  } catch (error) {
    throw invalid(`the model failed on an input of shape [1,${inputShape}]: ${(error as Error).message}`);
  }
  if (shape.length !== 2 || shape[0] !== 1 || shape[1]! < 2) {
    throw invalid(`the model's output has shape [${shape}] for one sample; a teacher must output one score per class, shape [1, classes] with at least 2 classes`);
  }
  return shape[1]!;
}

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
}

function graphNodes(json: tf.io.ModelJSON): GraphNode[] {
  return ((json.modelTopology as { node?: GraphNode[] }).node ?? []).filter((node) => typeof node?.name === 'string');
}

function graphNodeNames(json: tf.io.ModelJSON): string[] {
  return graphNodes(json)
    .filter((node) => node.op !== 'Const')
    .map((node) => node.name);
}

/** A softmax as the last op (through Identity nodes) means the model outputs probabilities. */
function detectOutput(model: tf.LayersModel | tf.GraphModel, json: tf.io.ModelJSON): ModelOutput {
  if (model instanceof tf.GraphModel) {
    const byName = new Map(graphNodes(json).map((node) => [node.name, node]));
    let node = byName.get(model.outputs[0]!.name.replace(/:\d+$/, ''));
    while (node && node.op === 'Identity' && node.input?.[0]) node = byName.get(node.input[0].replace(/^\^/, '').replace(/:\d+$/, ''));
    return node?.op === 'Softmax' ? 'probabilities' : 'logits';
  }
  const last = model.layers[model.layers.length - 1];
  const activation = (last?.getConfig() as { activation?: unknown } | undefined)?.activation;
  return activation === 'softmax' ? 'probabilities' : 'logits';
}


