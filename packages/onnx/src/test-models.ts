import * as tf from '@tensorflow/tfjs';
import { float, GraphBuilder } from './graph-builder.ts';
import { onnx } from './proto.ts';

/**
 * For tests: a TensorFlow.js Sequential model (dense, conv2d 'same', 2×2
 * max-pool, flatten, relu/tanh) written as PyTorch's exporter writes the
 * same network: channels-first images (NCHW), Conv weights [out, in, kh, kw],
 * Gemm with transB and weights [out, in], and a Flatten over (c, h, w) — so
 * the first dense layer after it has its rows reordered from TensorFlow's
 * (h, w, c) order. Given the same input (transposed), both compute the same
 * logits; that is what the ONNX teacher runtime's layout handling is tested against.
 */
export async function pytorchStyleOnnx(model: tf.LayersModel, options: { fixedBatch?: number; softmax?: boolean; opset?: number } = {}): Promise<Uint8Array> {
  const graph = new GraphBuilder();
  const inputShape = model.inputs[0]!.shape.slice(1) as number[];
  const image = inputShape.length === 3;
  const batch = options.fixedBatch ?? 'batch';
  const input = graph.name('input');
  let value = input;
  let mapShape = image ? [...inputShape] : undefined; // [h, w, c] of the current feature map
  let flattenedFrom: number[] | undefined;
  for (const layer of model.layers) {
    const config = layer.getConfig() as { activation?: string; padding?: string; kernelSize?: number[]; poolSize?: number[] };
    const className = layer.getClassName();
    const weights = await Promise.all(layer.getWeights().map(async (w) => ({ shape: w.shape, values: (await w.data()) as Float32Array })));
    if (className === 'Conv2D') {
      const [kh, kw, cin, cout] = weights[0]!.shape as [number, number, number, number];
      const kernel = tf.tidy(() => tf.tensor(weights[0]!.values, [kh, kw, cin, cout]).transpose([3, 2, 0, 1]).dataSync() as Float32Array);
      const top = Math.floor((kh - 1) / 2);
      const left = Math.floor((kw - 1) / 2);
      value = graph.node('Conv', [value, graph.weight(`${layer.name}.weight`, [cout, cin, kh, kw], kernel), graph.weight(`${layer.name}.bias`, [cout], weights[1]!.values)], layer.name, {
        kernel_shape: [kh, kw],
        pads: [top, left, kh - 1 - top, kw - 1 - left],
      });
      mapShape = [mapShape![0]!, mapShape![1]!, cout];
    } else if (className === 'MaxPooling2D') {
      value = graph.node('MaxPool', [value], layer.name, { kernel_shape: [2, 2], strides: [2, 2] });
      mapShape = [Math.floor(mapShape![0]! / 2), Math.floor(mapShape![1]! / 2), mapShape![2]!];
    } else if (className === 'Flatten') {
      value = graph.node('Flatten', [value], layer.name, { axis: 1 });
      flattenedFrom = mapShape;
    } else if (className === 'Dense') {
      const [units_in, units] = weights[0]!.shape as [number, number];
      let kernel = weights[0]!.values;
      if (flattenedFrom) {
        // TensorFlow's row r = (h, w, c) flattening; PyTorch's flatten is (c, h, w).
        const [h, w, c] = flattenedFrom as [number, number, number];
        kernel = tf.tidy(() => tf.tensor(kernel, [h, w, c, units]).transpose([2, 0, 1, 3]).reshape([units_in, units]).dataSync() as Float32Array);
        flattenedFrom = undefined;
      }
      const transposed = tf.tidy(() => tf.tensor(kernel, [units_in, units]).transpose().dataSync() as Float32Array);
      value = graph.node('Gemm', [value, graph.weight(`${layer.name}.weight`, [units, units_in], transposed), graph.weight(`${layer.name}.bias`, [units], weights[1]!.values)], layer.name, {
        transB: 1,
        alpha: float(1),
        beta: float(1),
      });
    } else if (className !== 'InputLayer' && className !== 'Dropout' && !className.includes('Dropout')) {
      throw new Error(`pytorchStyleOnnx does not write ${className} layers`);
    }
    if (config.activation === 'relu') value = graph.node('Relu', [value], `${layer.name}.relu`);
    if (config.activation === 'tanh') value = graph.node('Tanh', [value], `${layer.name}.tanh`);
  }
  if (options.softmax) value = graph.node('Softmax', [value], 'probabilities', { axis: 1 });
  const output = graph.node('Identity', [value], 'output');
  const classes = model.outputs[0]!.shape[1] as number;
  const [h, w, c] = inputShape as [number, number, number];
  return graph.encode({
    input: { name: input, dims: image ? [batch, c, h, w] : [batch, ...inputShape] },
    output: { name: output, dims: [batch, classes] },
    opset: options.opset ?? 17,
    producer: 'pytorch-style test export',
  });
}

/**
 * For tests: the same model with every initializer's bytes moved to one
 * external-data file (as torch.onnx.export does for models over 2 GB), at
 * 64-byte-aligned offsets.
 */
export function withExternalData(bytes: Uint8Array, fileName: string): { model: Uint8Array; external: { name: string; bytes: Uint8Array }[] } {
  const model = onnx.ModelProto.decode(bytes);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const tensor of model.graph!.initializer ?? []) {
    const raw = tensor.rawData!;
    const padding = (64 - (offset % 64)) % 64;
    chunks.push(new Uint8Array(padding), raw);
    offset += padding;
    tensor.externalData = [
      { key: 'location', value: fileName },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(raw.byteLength) },
    ];
    tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    tensor.rawData = new Uint8Array(0);
    offset += raw.byteLength;
  }
  const external = new Uint8Array(offset);
  let at = 0;
  for (const chunk of chunks) {
    external.set(chunk, at);
    at += chunk.byteLength;
  }
  return { model: onnx.ModelProto.encode(model).finish(), external: [{ name: fileName, bytes: external }] };
}
