import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '@distillery/contracts';
import { buildClassifier, predictLogits } from '@distillery/kd';
import { describeOnnxModel } from '../describe.ts';
import { openOnnxTeacher } from '../session.ts';
import { exportLayersModel, OnnxExportError } from './export-model.ts';

beforeAll(() => tf.setBackend('cpu'));

const rows = (count: number, size: number, seed: number) => tf.tidy(() => tf.randomNormal([count * size], 0, 1, 'float32', seed).dataSync() as Float32Array);

/** The worst difference relative to the logit's size (at least 1). */
function worstDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}

const cases: [string, Architecture, number[]][] = [
  ['MLP (tanh, dropout) on vectors', { kind: 'mlp', hidden: [32, 16], activation: 'tanh', dropout: 0.2 }, [10]],
  ['MLP on images (flattened)', { kind: 'mlp', hidden: [24] }, [8, 8, 1]],
  ['CNN (kernel 5, odd sizes, dense head, dropout)', { kind: 'cnn', filters: [6, 8], kernelSize: 5, dense: [16], dropout: 0.3 }, [11, 9, 3]],
  ['CNN (kernel 2: uneven same padding)', { kind: 'cnn', filters: [4], kernelSize: 2 }, [6, 6, 1]],
  ['transformer on image rows', { kind: 'transformer', layers: 2, heads: 2, dim: 16 }, [8, 8, 1]],
  ['transformer on patches (dropout)', { kind: 'transformer', layers: 1, heads: 4, dim: 16, patch: 2, dropout: 0.1 }, [8, 8, 2]],
  ['transformer on sequences', { kind: 'transformer', layers: 1, heads: 1, dim: 8, mlpDim: 12 }, [5, 3]],
];

describe('exporting the models the service trains to ONNX', () => {
  it.each(cases)('%s: ONNX Runtime computes the TensorFlow.js logits to float32 precision', async (_name, architecture, inputShape) => {
    const model = buildClassifier(architecture, inputShape, 4, 11);
    const bytes = await exportLayersModel(model);
    const description = describeOnnxModel(bytes);
    expect(description).toMatchObject({ opset: 17, inputs: [{ name: 'input', dims: ['batch', ...inputShape] }], outputs: [{ name: 'logits', dims: ['batch', 4] }] });
    // Every named layer is a value of the graph (the last is the output itself).
    for (const layer of model.layers.slice(0, -1)) if (layer.getClassName() !== 'InputLayer') expect(description.valueNames).toContain(layer.name);
    const teacher = await openOnnxTeacher({ model: bytes, external: [] }, { info: { input: 'input', output: 'logits' }, inputShape, numClasses: 4, output: 'logits' }, { threads: 1 });
    const x = rows(257, inputShape.reduce((a, b) => a * b, 1), 3);
    const expected = await predictLogits(model, x, inputShape);
    expect(worstDifference(await predictLogits(teacher, x, inputShape, { numClasses: 4 }), expected)).toBeLessThan(1e-4);
    teacher.dispose();
    model.dispose();
  });

  it('refuses a layer it has no converter for, naming it', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4, name: 'hidden' }), tf.layers.batchNormalization({ name: 'norm' }), tf.layers.dense({ units: 2 })] });
    await expect(exportLayersModel(model)).rejects.toThrow(OnnxExportError);
    await expect(exportLayersModel(model)).rejects.toThrow(/layer norm is a BatchNormalization, which the ONNX export does not write/);
    model.dispose();
  });
});
