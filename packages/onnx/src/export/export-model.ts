import type * as tf from '@tensorflow/tfjs';
import { GraphBuilder } from '../graph-builder.ts';
import { LAYER_CONVERTERS } from './layers.ts';

/** LayerNormalization, the newest op the converters write, is in opset 17; ONNX Runtime 1.16 and later read it. */
export const EXPORT_OPSET = 17;
export const EXPORT_INPUT = 'input';
export const EXPORT_OUTPUT = 'logits';

export class OnnxExportError extends Error {}

/** The class a converter is registered under: subclasses of a stock layer (ReseededDropout) convert as it. */
function converterName(layer: tf.layers.Layer): string {
  const className = layer.getClassName();
  if (className in LAYER_CONVERTERS) return className;
  if (className.endsWith('Dropout')) return 'Dropout';
  throw new OnnxExportError(`layer ${layer.name} is a ${className}, which the ONNX export does not write; it writes ${Object.keys(LAYER_CONVERTERS).join(', ')}`);
}

/**
 * A LayersModel as an ONNX model that computes the same logits. The graph
 * keeps TensorFlow.js's layout: input `input` [batch, ...inputShape] (images
 * [batch, height, width, channels], as the service's data), output `logits`
 * [batch, classes]. Layers are visited in the model's topological order;
 * each layer's output (but the last, which is `logits`) is an ONNX value
 * named after the layer, so the names a job reads from a model (`conv1`,
 * `block2/attention`) are the ONNX graph's value names too.
 */
export async function exportLayersModel(model: tf.LayersModel, options: { producer?: string } = {}): Promise<Uint8Array> {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new OnnxExportError(`the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; the export writes models with one of each`);
  }
  const graph = new GraphBuilder();
  const input = graph.reserve(EXPORT_INPUT);
  const output = graph.reserve(EXPORT_OUTPUT);
  const outputLayer = model.outputs[0]!.sourceLayer;
  const valueOf = new Map<string, string>([[model.inputs[0]!.sourceLayer.name, input]]);
  const layers = model.layers.filter((layer) => !valueOf.has(layer.name)); // the input layer is the graph's input
  // Reserved before any node is written, so each layer's output can carry the layer's own name.
  const names = new Map(layers.filter((layer) => layer !== outputLayer).map((layer) => [layer, graph.name(layer.name)]));
  for (const layer of layers) {
    const converter = LAYER_CONVERTERS[converterName(layer)]!;
    const inputs = layer.inboundNodes[0]!.inboundLayers.map((source) => valueOf.get(source.name));
    if (inputs.some((name) => name === undefined)) throw new OnnxExportError(`layer ${layer.name} reads a layer the export has not reached`);
    const weights = await Promise.all(layer.getWeights().map(async (weight) => (await weight.data()) as Float32Array));
    const value = converter({ graph, layer, inputs: inputs as string[], weights, config: layer.getConfig() as Record<string, unknown> });
    valueOf.set(layer.name, graph.alias(value, names.get(layer) ?? output));
  }
  const inputShape = model.inputs[0]!.shape.slice(1) as number[];
  const classes = model.outputs[0]!.shape[model.outputs[0]!.shape.length - 1] as number;
  return graph.encode({
    input: { name: input, dims: ['batch', ...inputShape] },
    output: { name: output, dims: ['batch', classes] },
    opset: EXPORT_OPSET,
    producer: options.producer ?? 'distillery',
  });
}
