import { DistilleryError } from '@distillery/contracts';
import { NonFiniteLossError } from '@distillery/kd';
import { describe, expect, it } from 'vitest';
import { JobStoppedError } from './cancellation.ts';
import { classifyError, LOCK_LOST, SHUTDOWN } from './errors.ts';

const live = new AbortController().signal;
/** What a wasm trap throws (WebAssembly is not in this project's TypeScript lib). */
const WasmRuntimeError = (globalThis as unknown as { WebAssembly: { RuntimeError: new (message: string) => Error } }).WebAssembly.RuntimeError;
const abortedWith = (reason: unknown) => {
  const controller = new AbortController();
  controller.abort(reason);
  return controller.signal;
};

describe('classifyError', () => {
  it('ends the job on bad input, divergence or cancellation, without retries', () => {
    expect(classifyError(new DistilleryError('unknown_model', 'model m does not exist'), live)).toEqual({
      kind: 'final',
      info: { code: 'unknown_model', message: 'model m does not exist' },
    });
    expect(classifyError(new NonFiniteLossError('the loss became NaN'), live)).toMatchObject({ kind: 'final', info: { code: 'training_diverged' } });
    expect(classifyError(new Error('aborted'), abortedWith(new JobStoppedError('j_1', 'cancelled')))).toMatchObject({
      kind: 'final',
      info: { code: 'job_cancelled' },
    });
  });

  it('does not retry a job that overflowed the wasm heap: it would fail the same way again', () => {
    expect(classifyError(new WasmRuntimeError('memory access out of bounds'), live)).toMatchObject({
      kind: 'final',
      info: { code: 'out_of_memory', message: expect.stringContaining('smaller model or batch size') },
    });
    expect(classifyError(new WasmRuntimeError('table index is out of bounds'), live)).toMatchObject({ kind: 'final', info: { code: 'internal_error' } });
  });

  it('tells the worker\'s own aborts apart from a user\'s cancel', () => {
    expect(classifyError(new Error('aborted'), abortedWith(SHUTDOWN))).toEqual({ kind: 'shutdown' });
    expect(classifyError(new Error('aborted'), abortedWith(LOCK_LOST))).toEqual({ kind: 'lock-lost' });
  });

  it('retries unexpected errors and an unreachable artifact store', () => {
    expect(classifyError(new Error('ECONNRESET'), live)).toEqual({ kind: 'retry', info: { code: 'internal_error', message: 'ECONNRESET' } });
    expect(classifyError(new DistilleryError('store_unavailable', 'the artifact store cannot be reached'), live)).toMatchObject({ kind: 'retry', info: { code: 'store_unavailable' } });
  });
});
