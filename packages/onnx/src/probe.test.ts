import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClassifier, layerOutputModel, predictLogits } from '@distillery/kd';
import { GraphBuilder } from './graph-builder.ts';
import { DataType, onnx } from './proto.ts';
import { probeOnnxModel, type OnnxProbeOptions } from './probe.ts';
import { openOnnxTeacher } from './session.ts';
import { pytorchStyleOnnx, withExternalData } from './test-models.ts';
import { describeOnnxModel } from './describe.ts';
import { onnxDigest } from './digest.ts';

// kd's index registers the wasm backend too; these tests compare against the plain JS one.
beforeAll(() => tf.setBackend('cpu'));

const LIMITS = { maxInputValues: 16 * 1024 * 1024 };
const files = (model: Uint8Array) => ({ model, external: [] });

function randomRows(count: number, size: number, seed: number): Float32Array {
  return tf.tidy(() => tf.randomUniform([count * size], -1, 1, 'float32', seed).dataSync() as Float32Array);
}

async function teacherFrom(bytes: Uint8Array, options: Omit<OnnxProbeOptions, 'maxInputValues'> = {}) {
  const probed = await probeOnnxModel(files(bytes), { ...LIMITS, ...options });
  const teacher = await openOnnxTeacher(files(bytes), { info: probed.onnx, inputShape: probed.inputShape, numClasses: probed.numClasses, output: probed.output }, { threads: 1 });
  return { probed, teacher };
}

function expectClose(actual: Float32Array, expected: Float32Array, tolerance = 1e-4) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  expect(worst).toBeLessThan(tolerance);
}

describe('ONNX teachers: probe and run', () => {
  it('reads an MLP exported as PyTorch does and computes the logits the TensorFlow.js model computes', async () => {
    const model = buildClassifier({ kind: 'mlp', hidden: [16, 8] }, [6], 3, 1);
    const { probed, teacher } = await teacherFrom(await pytorchStyleOnnx(model));
    expect(probed).toMatchObject({ inputShape: [6], numClasses: 3, output: 'logits', parameters: 6 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3 });
    expect(probed.onnx).toMatchObject({ opset: 17, input: 'input', output: 'output', producer: 'pytorch-style test export' });
    expect(probed.onnx.fixedBatch).toBeUndefined();
    expect(probed.outputNames).toContain('dense1');
    const x = randomRows(700, 6, 2);
    expectClose(await predictLogits(teacher, x, [6], { numClasses: 3 }), await predictLogits(model, x, [6]));
    teacher.dispose();
    model.dispose();
  });

  it('feeds an NCHW CNN the service’s [height, width, channels] images transposed to its layout', async () => {
    const model = buildClassifier({ kind: 'cnn', filters: [4, 6], kernelSize: 3, dense: [10] }, [9, 7, 2], 5, 3);
    const bytes = await pytorchStyleOnnx(model);
    await expect(probeOnnxModel(files(bytes), LIMITS)).rejects.toThrow(/layout field, "nchw" or "nhwc" \(this one looks like nchw/);
    const { probed, teacher } = await teacherFrom(bytes, { layout: 'nchw' });
    expect(probed.inputShape).toEqual([9, 7, 2]);
    expect(probed.onnx.layout).toBe('nchw');
    const x = randomRows(300, 9 * 7 * 2, 4);
    expectClose(await predictLogits(teacher, x, [9, 7, 2], { numClasses: 5 }), await predictLogits(model, x, [9, 7, 2]));
    teacher.dispose();
    model.dispose();
  });

  it('reads named intermediate feature maps, measured at the probe and transposed back to [height, width, channels]', async () => {
    const model = buildClassifier({ kind: 'cnn', filters: [3, 5], kernelSize: 3 }, [8, 6, 2], 4, 12);
    const bytes = await pytorchStyleOnnx(model, { fixedBatch: 4 });
    const { probed, teacher } = await teacherFrom(bytes, { layout: 'nchw', readableOutputs: ['pool1', 'pool2', 'not-a-value'] });
    // Names the graph lacks are left for the upload to refuse, listing what there is.
    expect(probed.onnx.readableShapes).toEqual({ pool1: [4, 3, 3], pool2: [2, 1, 5] });
    const x = randomRows(10, 8 * 6 * 2, 13);
    const [pool1, pool2] = await teacher.outputs!.read(x, 10, ['pool1', 'pool2']);
    const expected = tf.tidy(() => (layerOutputModel(model, ['pool1', 'pool2'], 'teacher').predict(tf.tensor(x, [10, 8, 6, 2])) as tf.Tensor[]).map((t) => t.dataSync() as Float32Array));
    expectClose(pool1!, expected[0]!);
    expectClose(pool2!, expected[1]!);
    expect(() => teacher.outputs!.shape('conv9', 'teacher 0')).toThrow(/teacher 0 has no readable output 'conv9'; its readable outputs are: pool1, pool2/);
    teacher.dispose();
    model.dispose();
  });

  it('runs a graph with a fixed batch size at that size, padding the last batch', async () => {
    const model = buildClassifier({ kind: 'mlp', hidden: [8] }, [4], 3, 5);
    const { probed, teacher } = await teacherFrom(await pytorchStyleOnnx(model, { fixedBatch: 7 }));
    expect(probed.onnx.fixedBatch).toBe(7);
    const x = randomRows(30, 4, 6); // 4 batches of 7 and one of 2
    expectClose(await predictLogits(teacher, x, [4], { numClasses: 3 }), await predictLogits(model, x, [4]));
    teacher.dispose();
    model.dispose();
  });

  it('runs a model whose weights live in an external-data file beside it', async () => {
    const model = buildClassifier({ kind: 'mlp', hidden: [8] }, [4], 3, 9);
    const split = withExternalData(await pytorchStyleOnnx(model), 'weights.data');
    expect(describeOnnxModel(split.model).externalFiles).toEqual(['weights.data']);
    await expect(probeOnnxModel({ model: split.model, external: [] }, LIMITS)).rejects.toThrow(/external data files that were not uploaded: weights.data; send them/);
    const notes = { name: 'notes.txt', bytes: new TextEncoder().encode('hi') };
    await expect(probeOnnxModel({ model: split.model, external: [...split.external, notes] }, LIMITS)).rejects.toThrow(/does not name as external data: notes.txt; remove them/);
    const probed = await probeOnnxModel(split, LIMITS);
    expect(probed.parameters).toBe(4 * 8 + 8 + 8 * 3 + 3);
    expect(probed.files).toEqual(['model.onnx', 'weights.data']);
    expect(probed.digest).toBe(onnxDigest([{ name: 'model.onnx', bytes: split.model }, split.external[0]!]));
    const teacher = await openOnnxTeacher(split, { info: probed.onnx, inputShape: [4], numClasses: 3, output: probed.output });
    const x = randomRows(10, 4, 10);
    expectClose(await predictLogits(teacher, x, [4], { numClasses: 3 }), await predictLogits(model, x, [4]));
    teacher.dispose();
    model.dispose();
  });

  it('reads a softmax output as probabilities and turns them into log-probabilities', async () => {
    const model = buildClassifier({ kind: 'mlp', hidden: [8] }, [4], 3, 7);
    const { probed, teacher } = await teacherFrom(await pytorchStyleOnnx(model, { softmax: true }));
    expect(probed.output).toBe('probabilities');
    const x = randomRows(20, 4, 8);
    const expected = tf.tidy(() => tf.logSoftmax(model.predict(tf.tensor2d(x, [20, 4])) as tf.Tensor).dataSync() as Float32Array);
    expectClose(await predictLogits(teacher, x, [4], { numClasses: 3 }), expected);
    teacher.dispose();
    model.dispose();
  });
});

describe('readable attention outputs of an NCHW model', () => {
  /** An NCHW "image" [2 heads, 4, 4] whose softmax over the last axis stands in for attention probabilities, then a linear head. */
  function attentionGraph(): Uint8Array {
    const graph = new GraphBuilder();
    graph.name('x');
    const attention = graph.node('Softmax', ['x'], 'attn', { axis: -1 });
    const flat = graph.node('Flatten', [attention], 'flat', { axis: 1 });
    const weights = Float32Array.from({ length: 3 * 32 }, (_, i) => ((i * 7) % 11) / 11 - 0.5);
    const y = graph.node('Gemm', [flat, graph.weight('head.weight', [3, 32], weights), graph.weight('head.bias', [3], new Float32Array(3))], 'y', { transB: 1 });
    return graph.encode({ input: { name: 'x', dims: ['batch', 2, 4, 4] }, output: { name: y, dims: ['batch', 3] }, opset: 17, producer: 'test' });
  }

  it('reads them as they are, [heads, tokens, tokens], where other rank-3 outputs are transposed as feature maps', async () => {
    const bytes = attentionGraph();
    const asFeatures = await probeOnnxModel(files(bytes), { ...LIMITS, layout: 'nchw', readableOutputs: ['attn'] });
    expect(asFeatures.onnx.readableShapes).toEqual({ attn: [4, 4, 2] });
    const { probed, teacher } = await teacherFrom(bytes, { layout: 'nchw', attentionOutputs: ['attn'] });
    expect(probed.onnx.readableShapes).toEqual({ attn: [2, 4, 4] });
    expect(probed.onnx.attentionOutputs).toEqual(['attn']);
    const x = randomRows(5, 32, 11); // service layout [4, 4, 2]
    const [read] = await teacher.outputs!.read(x, 5, ['attn']);
    const expected = tf.tidy(() => tf.softmax(tf.tensor4d(x, [5, 4, 4, 2]).transpose([0, 3, 1, 2]), -1).dataSync() as Float32Array);
    expectClose(read!, expected, 1e-5);
    teacher.dispose();
  });

  it('refuses an attention output that is not [batch, heads, tokens, tokens]', async () => {
    await expect(probeOnnxModel(files(attentionGraph()), { ...LIMITS, layout: 'nchw', attentionOutputs: ['flat'] })).rejects.toMatchObject({
      field: '/attentionOutputs',
      message: expect.stringMatching(/attention output flat is \[1,32\]; attention probabilities are \[batch, heads, tokens, tokens\]/),
    });
  });
});

/** A one-node graph y = op(x), with the given interface. */
function tinyGraph(op: string, input: (number | string)[], output: (number | string)[]): Uint8Array {
  const graph = new GraphBuilder();
  graph.name('x');
  const y = graph.node(op, ['x'], 'y');
  return graph.encode({ input: { name: 'x', dims: input }, output: { name: y, dims: output }, opset: 17, producer: 'test' });
}

describe('ONNX uploads the service cannot run are refused with what to change', () => {
  it('refuses bytes that are no ONNX model', async () => {
    await expect(probeOnnxModel(files(new TextEncoder().encode('{"not":"onnx"}')), LIMITS)).rejects.toThrow(/not an ONNX model|holds no graph/);
  });

  it('never lets external data outside the initializers read a file of the working directory', async () => {
    // A Constant whose tensor lives "externally" in package.json, which sits in the working directory of every process here.
    const graph = new GraphBuilder();
    graph.name('x');
    graph.name('stolen');
    const y = graph.node('Add', ['x', graph.node('Cast', ['stolen'], 'as_float', { to: DataType.FLOAT })], 'y');
    const model = onnx.ModelProto.decode(graph.encode({ input: { name: 'x', dims: ['batch', 4] }, output: { name: y, dims: ['batch', 4] }, opset: 17, producer: 'test' }));
    model.graph!.node!.unshift({
      opType: 'Constant',
      output: ['stolen'],
      attribute: [
        {
          name: 'value',
          type: onnx.AttributeProto.AttributeType.TENSOR,
          t: { dims: [4], dataType: DataType.UINT8, dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: 'package.json' }, { key: 'length', value: '4' }] },
        },
      ],
    });
    const bytes = onnx.ModelProto.encode(model).finish();
    expect(describeOnnxModel(bytes).externalFiles).toEqual([]);
    // Opened in a private folder holding only model.onnx, the reference finds nothing to read.
    await expect(probeOnnxModel(files(bytes), LIMITS)).rejects.toThrow(/ONNX Runtime cannot run this model/);
  });

  it('refuses an op ONNX Runtime does not know, naming it', async () => {
    await expect(probeOnnxModel(files(tinyGraph('Frobnicate', ['batch', 4], ['batch', 4])), LIMITS)).rejects.toThrow(/ONNX Runtime cannot run this model: .*Frobnicate/);
  });

  it('asks for inputShape when dimensions besides the batch are open, and checks it against the fixed ones', async () => {
    const bytes = tinyGraph('Relu', ['batch', 'features'], ['batch', 'features']);
    await expect(probeOnnxModel(files(bytes), LIMITS)).rejects.toMatchObject({ code: 'invalid_upload', field: '/inputShape', message: expect.stringMatching(/features is left open.*inputShape field, e.g. \[n\]/) });
    const fixed = tinyGraph('Relu', ['batch', 4], ['batch', 4]);
    await expect(probeOnnxModel(files(fixed), { ...LIMITS, inputShape: [5] })).rejects.toThrow(/differs from input x \[batch,4\] at dimension 1, which the model fixes to 4/);
    // Pinned, the width is read from the forward pass.
    await expect(probeOnnxModel(files(bytes), { ...LIMITS, inputShape: [6] })).resolves.toMatchObject({ inputShape: [6], numClasses: 6 });
  });

  it('refuses an output that is not one score per class', async () => {
    await expect(probeOnnxModel(files(tinyGraph('Relu', ['batch', 2, 3], ['batch', 2, 3])), LIMITS)).rejects.toThrow(/output y has shape \[1,2,3\] for 1 sample; a teacher must output one score per class/);
    await expect(probeOnnxModel(files(tinyGraph('Relu', ['batch', 1], ['batch', 1])), LIMITS)).rejects.toThrow(/at least 2 classes/);
  });

  it('refuses layout on inputs that are not images, and inputs larger than a sample may be', async () => {
    await expect(probeOnnxModel(files(tinyGraph('Relu', ['batch', 4], ['batch', 4])), { ...LIMITS, layout: 'nchw' })).rejects.toMatchObject({ field: '/layout' });
    await expect(probeOnnxModel(files(tinyGraph('Relu', ['batch', 4097, 4096], ['batch', 4097, 4096])), LIMITS)).rejects.toThrow(/more than the 16777216 a teacher here may take/);
  });
});
