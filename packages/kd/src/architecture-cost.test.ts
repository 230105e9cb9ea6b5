import * as tf from '@tensorflow/tfjs';
import type { Architecture } from '@distillery/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { architectureCost, trainingStepBytes } from '@distillery/contracts';
import { selectBackend } from './backend/select-backend.ts';
import { buildClassifier, countParameters } from './models.ts';
import { mulberry32 } from './random.ts';
import { trainClassifier } from './train.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('architectureCost', () => {
  const cases: [string, Architecture, number[]][] = [
    ['mlp on vectors', { kind: 'mlp', hidden: [16, 8] }, [4]],
    ['mlp on images', { kind: 'mlp', hidden: [32], dropout: 0.2 }, [28, 28, 1]],
    ['cnn', { kind: 'cnn', filters: [8, 16], dense: [32] }, [28, 28, 1]],
    ['cnn with odd sizes and a 5x5 kernel', { kind: 'cnn', filters: [4, 4, 6], kernelSize: 5 }, [15, 9, 3]],
    ['transformer on sequences', { kind: 'transformer', layers: 2, heads: 4, dim: 16 }, [5, 3]],
    ['transformer on image patches', { kind: 'transformer', layers: 1, heads: 2, dim: 8, mlpDim: 12, patch: 2 }, [4, 6, 3]],
  ];
  it.each(cases)('counts the parameters buildClassifier makes: %s', (_name, architecture, inputShape) => {
    const model = buildClassifier(architecture, inputShape, 10, 1);
    expect(architectureCost(architecture, inputShape, 10).parameters).toBe(countParameters(model));
    model.dispose();
  });

  it('counts multiply-adds by hand for a small cnn', () => {
    // conv 3x3, 1 -> 2 channels on 4x4: 4*4*9*1*2 = 288; pool to 2x2x2 = 8 features; dense 8 -> 3: 24.
    expect(architectureCost({ kind: 'cnn', filters: [2] }, [4, 4, 1], 3).multiplyAddsPerSample).toBe(288 + 24);
  });

  it('counts a one-block transformer by hand', () => {
    // 2 tokens of 3 features, dim 8, mlp 4, 2 classes.
    // Parameters: embedding 3*8+8 = 32; positions 2*8 = 16; block: two norms 2*16, query/key/value/output 4*(64+8) = 288,
    // mlp 8*4+4 + 4*8+8 = 76; final norm 16; logits 8*2+2 = 18.
    // Multiply-adds: embedding 2*3*8 = 48; projections 4*2*64 = 512; scores and values 2*2*2*8 = 64; mlp 2*(2*8*4) = 128; logits 16.
    const cost = architectureCost({ kind: 'transformer', layers: 1, heads: 1, dim: 8, mlpDim: 4 }, [2, 3], 2);
    expect(cost).toMatchObject({ parameters: 32 + 16 + 32 + 288 + 76 + 16 + 18, multiplyAddsPerSample: 48 + 512 + 64 + 128 + 16 });
  });

  it('refuses a cnn with more pooling blocks than the image allows', () => {
    expect(() => architectureCost({ kind: 'cnn', filters: [1, 1, 1, 1, 1] }, [28, 28, 1], 10)).toThrow(/at most 4 blocks/);
    expect(() => buildClassifier({ kind: 'cnn', filters: [1, 1, 1, 1, 1] }, [28, 28, 1], 10, 1)).toThrow(/at most 4 blocks/);
    expect(tf.memory().numTensors).toBe(0);
  });

  it('refuses a cnn on vectors', () => {
    expect(() => architectureCost({ kind: 'cnn', filters: [4] }, [8], 3)).toThrow(expect.objectContaining({ code: 'unsupported_architecture' }));
  });
});

describe('trainingStepBytes', () => {
  // One of each kind, and the shapes that stress each estimate: Adam's
  // temporaries (a wide mlp), feature maps (cnns, with dropout and a 5x5
  // kernel), attention scores (a long sequence) and per-token widths.
  const cases: [string, Architecture, number[]][] = [
    ['wide mlp', { kind: 'mlp', hidden: [512, 256] }, [28, 28, 1]],
    ['cnn', { kind: 'cnn', filters: [16, 32], dense: [64] }, [28, 28, 1]],
    ['cnn with dropout and a 5x5 kernel', { kind: 'cnn', filters: [8, 16], dense: [128], dropout: 0.3, kernelSize: 5 }, [28, 28, 1]],
    ['transformer on a long sequence', { kind: 'transformer', layers: 2, heads: 4, dim: 16 }, [128, 4]],
    ['wide transformer on patches, with dropout', { kind: 'transformer', layers: 1, heads: 2, dim: 64, patch: 4, dropout: 0.1 }, [28, 28, 1]],
  ];

  it.each(cases)("is at least a real training step's peak and at most 2.5 times it: %s", async (_name, architecture, inputShape) => {
    const batchSize = 32;
    const random = mulberry32(1);
    const size = inputShape.reduce((a, b) => a * b, 1);
    const examples = {
      x: Float32Array.from({ length: batchSize * size }, () => random()),
      count: batchSize,
      inputShape,
      labels: Int32Array.from({ length: batchSize }, (_, i) => i % 10),
    };
    const before = tf.memory().numBytes;
    const model = buildClassifier(architecture, inputShape, 10, 1);
    const profile = await tf.profile(async () => {
      await trainClassifier(model, examples, { numClasses: 10, epochs: 1, batchSize, learningRate: 1e-3, seed: 1 });
    });
    model.dispose();
    const measured = profile.peakBytes - before;
    const estimate = trainingStepBytes(architectureCost(architecture, inputShape, 10), batchSize);
    expect(estimate).toBeGreaterThanOrEqual(measured);
    expect(estimate).toBeLessThanOrEqual(2.5 * measured);
  });
});
