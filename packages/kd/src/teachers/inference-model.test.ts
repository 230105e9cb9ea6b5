import { describe, expect, it } from 'vitest';
import { measureLatency, predictLogits, type HostInferenceModel } from './inference-model.ts';

/** A host runtime that scores each row [sum, -sum] and, like a graph with a fixed batch, computes `rowsPerRun` rows a call. */
function fixedBatchRuntime(rowsPerRun: number) {
  const calls: number[] = [];
  const model: HostInferenceModel = {
    kind: 'host',
    outputUnits: 2,
    rowsPerRun,
    async logits(x, rows) {
      calls.push(rows);
      const size = x.length / rows;
      const out = new Float32Array(rows * 2);
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let i = 0; i < size; i++) sum += x[r * size + i]!;
        out.set([sum, -sum], r * 2);
      }
      return out;
    },
    dispose: () => undefined,
  };
  return { model, calls };
}

describe('host runtimes with a fixed batch', () => {
  const rows = 1000;
  const x = Float32Array.from({ length: rows * 3 }, (_, i) => (i % 7) - 3);

  it('are given whole batches, and every row is scored once', async () => {
    const { model, calls } = fixedBatchRuntime(64);
    const logits = await predictLogits(model, x, [3]);
    expect(calls.slice(0, -1).every((n) => n % 64 === 0)).toBe(true);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(rows);
    const sum = (r: number) => x[r * 3]! + x[r * 3 + 1]! + x[r * 3 + 2]!;
    expect(Array.from(logits.subarray(0, 4))).toEqual([sum(0), -sum(0), sum(1), -sum(1)]);
    expect(logits[2 * (rows - 1)]).toBe(sum(rows - 1));
  });

  it('are timed on whole runs, not on a part of one the padding fills', async () => {
    const { model, calls } = fixedBatchRuntime(100);
    const latency = await measureLatency(model, x, [3], { repeats: 3 });
    expect(latency).toBeGreaterThan(0);
    expect(new Set(calls)).toEqual(new Set([100]));
  });
});
