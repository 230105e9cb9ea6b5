import * as tf from '@tensorflow/tfjs';
import { float, GraphBuilder } from '../graph-builder.ts';

/** What a layer converter gets: the graph, the layer, its input value names and its weights read back. */
export interface LayerContext {
  graph: GraphBuilder;
  layer: tf.layers.Layer;
  inputs: string[];
  weights: Float32Array[];
  /** The layer's per-layer config (activation, padding, ...). */
  config: Record<string, unknown>;
}

export type LayerConverter = (context: LayerContext) => string;

/** The shape of one of the layer's weights. */
const shapeOf = (layer: tf.layers.Layer, index = 0) => layer.getWeights()[index]!.shape as number[];

/** The shape of one of the layer's inputs, batch first (tfjs keeps one shape for one input, a list for several). */
function inputShapeOf(layer: tf.layers.Layer, index = 0): (number | null)[] {
  const shapes = layer.inboundNodes[0]!.inputShapes as (number | null)[] | (number | null)[][];
  return (Array.isArray(shapes[0]) ? (shapes as (number | null)[][])[index]! : shapes) as (number | null)[];
}

function activation(graph: GraphBuilder, value: string, name: unknown, layer: string): string {
  switch (name ?? 'linear') {
    case 'linear':
      return value;
    case 'relu':
      return graph.node('Relu', [value], `${layer}/relu`);
    case 'tanh':
      return graph.node('Tanh', [value], `${layer}/tanh`);
    case 'sigmoid':
      return graph.node('Sigmoid', [value], `${layer}/sigmoid`);
    case 'softmax':
      return graph.node('Softmax', [value], `${layer}/softmax`, { axis: -1 });
    default:
      throw new Error(`activation ${String(name)} of layer ${layer} has no ONNX counterpart here`);
  }
}

/** x @ kernel + bias over the last axis, for inputs of any rank (Gemm needs rank 2; MatMul broadcasts). */
function linear(graph: GraphBuilder, x: string, kernel: Float32Array, kernelShape: number[], bias: Float32Array | undefined, name: string, rank: number): string {
  const w = graph.weight(`${name}/kernel`, kernelShape, kernel);
  if (rank === 2 && bias) return graph.node('Gemm', [x, w, graph.weight(`${name}/bias`, [bias.length], bias)], name);
  const product = graph.node('MatMul', [x, w], bias ? `${name}/matmul` : name);
  return bias ? graph.node('Add', [product, graph.weight(`${name}/bias`, [bias.length], bias)], name) : product;
}

/** The service's tensors stay [batch, height, width, channels] between layers; Conv and MaxPool run channels-first inside. */
function channelsFirst(graph: GraphBuilder, x: string, name: string, body: (nchw: string) => string): string {
  const nchw = graph.node('Transpose', [x], `${name}/to_nchw`, { perm: [0, 3, 1, 2] });
  return graph.node('Transpose', [body(nchw)], name, { perm: [0, 2, 3, 1] });
}

/** TensorFlow's 'same' padding: the extra row or column, when the total is odd, goes at the end. */
function samePads(kernel: number[], strides: number[], dilations: number[], input: number[]): number[] {
  const begin: number[] = [];
  const end: number[] = [];
  kernel.forEach((k, i) => {
    const effective = (k - 1) * dilations[i]! + 1;
    const out = Math.ceil(input[i]! / strides[i]!);
    const total = Math.max(0, (out - 1) * strides[i]! + effective - input[i]!);
    begin.push(Math.floor(total / 2));
    end.push(total - Math.floor(total / 2));
  });
  return [...begin, ...end];
}

const pair = (value: unknown): number[] => (Array.isArray(value) ? (value as number[]) : [value as number, value as number]);

/** [n, t, heads * dh] -> [n, heads, t, dh] (kd's transformer splitHeads). */
function splitHeads(graph: GraphBuilder, x: string, heads: number, dim: number, name: string): string {
  const reshaped = graph.node('Reshape', [x, graph.int64s(`${name}/shape`, [0, 0, heads, dim / heads])], `${name}/heads`);
  return graph.node('Transpose', [reshaped], `${name}/split`, { perm: [0, 2, 1, 3] });
}

/**
 * One converter per layer class the service's architectures use (kd's
 * buildClassifier and buildTransformer). Each computes exactly what the
 * layer's call() computes at inference; dropout is the identity there.
 */
export const LAYER_CONVERTERS: Record<string, LayerConverter> = {
  InputLayer: ({ inputs }) => inputs[0]!,
  Dropout: ({ inputs }) => inputs[0]!,
  Flatten: ({ graph, layer, inputs }) => graph.node('Flatten', [inputs[0]!], layer.name, { axis: 1 }),
  Dense: ({ graph, layer, inputs, weights, config }) => {
    const value = linear(graph, inputs[0]!, weights[0]!, shapeOf(layer), config.useBias === false ? undefined : weights[1], `${layer.name}/linear`, inputShapeOf(layer).length);
    return activation(graph, value, config.activation, layer.name);
  },
  Conv2D: ({ graph, layer, inputs, weights, config }) => {
    const [kh, kw, cin, cout] = shapeOf(layer) as [number, number, number, number];
    if (config.dataFormat === 'channelsFirst') throw new Error(`layer ${layer.name} is channels-first; the service's models are channels-last`);
    const kernel = tf.tidy(() => tf.tensor(weights[0]!, [kh, kw, cin, cout]).transpose([3, 2, 0, 1]).dataSync() as Float32Array);
    const strides = pair(config.strides ?? 1);
    const dilations = pair(config.dilationRate ?? 1);
    const [, height, width] = inputShapeOf(layer) as number[];
    const pads = config.padding === 'same' ? samePads([kh, kw], strides, dilations, [height!, width!]) : [0, 0, 0, 0];
    const value = channelsFirst(graph, inputs[0]!, layer.name, (nchw) =>
      graph.node(
        'Conv',
        [nchw, graph.weight(`${layer.name}/kernel`, [cout, cin, kh, kw], kernel), ...(config.useBias === false ? [] : [graph.weight(`${layer.name}/bias`, [cout], weights[1]!)])],
        `${layer.name}/conv`,
        { kernel_shape: [kh, kw], strides, dilations, pads },
      ),
    );
    return activation(graph, value, config.activation, layer.name);
  },
  MaxPooling2D: ({ graph, layer, inputs, config }) => {
    const kernel = pair(config.poolSize ?? 2);
    const strides = pair(config.strides ?? kernel);
    const [, height, width] = inputShapeOf(layer) as number[];
    const pads = config.padding === 'same' ? samePads(kernel, strides, [1, 1], [height!, width!]) : [0, 0, 0, 0];
    return channelsFirst(graph, inputs[0]!, layer.name, (nchw) => graph.node('MaxPool', [nchw], `${layer.name}/pool`, { kernel_shape: kernel, strides, pads }));
  },
  Reshape: ({ graph, layer, inputs, config }) => graph.node('Reshape', [inputs[0]!, graph.int64s(`${layer.name}/shape`, [0, ...(config.targetShape as number[])])], layer.name),
  Permute: ({ graph, layer, inputs, config }) => graph.node('Transpose', [inputs[0]!], layer.name, { perm: [0, ...(config.dims as number[])] }),
  Add: ({ graph, layer, inputs }) => inputs.slice(1).reduce((sum, x, i) => graph.node('Add', [sum, x], i === inputs.length - 2 ? layer.name : `${layer.name}/partial`), inputs[0]!),
  GlobalAveragePooling1D: ({ graph, layer, inputs }) => graph.node('ReduceMean', [inputs[0]!], layer.name, { axes: [1], keepdims: 0 }),
  DistilleryPositionEmbedding: ({ graph, layer, inputs, weights }) => graph.node('Add', [inputs[0]!, graph.weight(`${layer.name}/positions`, shapeOf(layer), weights[0]!)], layer.name),
  DistilleryLayerNorm: ({ graph, layer, inputs, weights, config }) =>
    graph.node('LayerNormalization', [inputs[0]!, graph.weight(`${layer.name}/gamma`, shapeOf(layer), weights[0]!), graph.weight(`${layer.name}/beta`, shapeOf(layer, 1), weights[1]!)], layer.name, {
      axis: -1,
      epsilon: float(config.epsilon as number),
    }),
  DistilleryAttentionScores: ({ graph, layer, inputs, weights, config }) => {
    const heads = config.heads as number;
    const [dim] = shapeOf(layer) as [number];
    const project = (kernel: Float32Array, bias: Float32Array, role: string) => splitHeads(graph, linear(graph, inputs[0]!, kernel, [dim, dim], bias, `${layer.name}/${role}`, 3), heads, dim, `${layer.name}/${role}`);
    const q = project(weights[0]!, weights[1]!, 'query');
    const k = project(weights[2]!, weights[3]!, 'key');
    const kT = graph.node('Transpose', [k], `${layer.name}/key_t`, { perm: [0, 1, 3, 2] });
    const scores = graph.node('MatMul', [q, kT], `${layer.name}/scores`);
    const scaled = graph.node('Mul', [scores, graph.weight(`${layer.name}/scale`, [], new Float32Array([1 / Math.sqrt(dim / heads)]))], `${layer.name}/scaled`);
    return graph.node('Softmax', [scaled], layer.name, { axis: -1 });
  },
  DistilleryAttentionValues: ({ graph, layer, inputs, weights }) => {
    const [x, probabilities] = inputs as [string, string];
    const [dim] = shapeOf(layer) as [number];
    const heads = inputShapeOf(layer, 1)[1] as number;
    const values = splitHeads(graph, linear(graph, x, weights[0]!, [dim, dim], weights[1]!, `${layer.name}/value`, 3), heads, dim, `${layer.name}/value`);
    const mixed = graph.node('MatMul', [probabilities, values], `${layer.name}/mixed`);
    const merged = graph.node('Transpose', [mixed], `${layer.name}/merge`, { perm: [0, 2, 1, 3] });
    const flat = graph.node('Reshape', [merged, graph.int64s(`${layer.name}/shape`, [0, 0, dim])], `${layer.name}/concat`);
    return linear(graph, flat, weights[2]!, [dim, dim], weights[3]!, layer.name, 3);
  },
};
