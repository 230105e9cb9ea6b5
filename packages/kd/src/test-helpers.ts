import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Helpers shared by kd's tests (not part of the package's API). */

/** A scalar tensor's value; disposes the tensor. */
export function valueOf(t: tf.Tensor): number {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
}

/** Runs `body` and checks it left no tensor behind. */
export function noLeak<T>(body: () => T): T {
  const before = tf.memory().numTensors;
  const result = body();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

/** A signal that reads as aborted from its `after`-th read on: stops training at an exact batch, as a shutdown does. */
export function abortAfterReads(after: number): AbortSignal {
  let reads = 0;
  const signal = {
    get aborted() {
      return ++reads > after;
    },
    reason: 'shutdown',
    throwIfAborted() {
      if (reads > after) throw new Error('aborted');
    },
  };
  return signal as unknown as AbortSignal;
}
