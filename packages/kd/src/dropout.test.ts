import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ReseededDropout } from './dropout.ts';

const masks = (layer: tf.layers.Layer, calls: number) =>
  Array.from({ length: calls }, () => tf.tidy(() => (layer.apply(tf.ones([4, 16]), { training: true }) as tf.Tensor).arraySync()));

describe('ReseededDropout', () => {
  it('drops different units on each call', () => {
    const [first, second] = masks(new ReseededDropout(1, { rate: 0.5 }), 2);
    expect(first).not.toEqual(second);
  });

  it('repeats the same sequence of masks for the same seed', () => {
    expect(masks(new ReseededDropout(3, { rate: 0.5 }), 3)).toEqual(masks(new ReseededDropout(3, { rate: 0.5 }), 3));
    expect(masks(new ReseededDropout(3, { rate: 0.5 }), 1)).not.toEqual(masks(new ReseededDropout(4, { rate: 0.5 }), 1));
  });

  it('draws nothing at inference: evaluating between training calls leaves the next mask as it was', () => {
    const layer = new ReseededDropout(5, { rate: 0.5 });
    const [first] = masks(layer, 1);
    tf.tidy(() => void layer.apply(tf.ones([4, 16]), { training: false }));
    const [second] = masks(layer, 1);
    expect([first, second]).toEqual(masks(new ReseededDropout(5, { rate: 0.5 }), 2));
    expect(layer.calls).toBe(2);
  });

  it('is the identity at inference', () => {
    const out = tf.tidy(() => (new ReseededDropout(1, { rate: 0.5 }).apply(tf.ones([2, 3]), { training: false }) as tf.Tensor).arraySync());
    expect(out).toEqual([[1, 1, 1], [1, 1, 1]]);
  });

  it('serialises as a standard Dropout layer that stock TensorFlow.js loads', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [2] }), new ReseededDropout(1, { rate: 0.25 })] });
    const json = model.toJSON(undefined, false) as { config: { layers: { class_name: string; config: { rate: number } }[] } };
    expect(json.config.layers[1]).toMatchObject({ class_name: 'Dropout', config: { rate: 0.25 } });
    const loaded = await tf.models.modelFromJSON({ modelTopology: json } as unknown as Parameters<typeof tf.models.modelFromJSON>[0]);
    expect(loaded.layers[1]!.getClassName()).toBe('Dropout');
    model.dispose();
    loaded.dispose();
  });
});

describe('ReseededDropout with large seeds', () => {
  it('still draws a different mask per call', () => {
    const [first, second] = masks(new ReseededDropout(2 ** 31 - 1, { rate: 0.5 }), 2);
    expect(first).not.toEqual(second);
  });
});
