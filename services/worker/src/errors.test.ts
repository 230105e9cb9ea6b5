import { DistilleryError } from '@distillery/contracts';
import { NonFiniteLossError } from '@distillery/kd';
import { describe, expect, it } from 'vitest';
import { JobCancelledError } from './cancellation.ts';
import { classifyError } from './errors.ts';

const live = new AbortController().signal;

describe('classifyError', () => {
  it('never retries bad input, divergence or cancellation', () => {
    expect(classifyError(new DistilleryError('unknown_model', 'model m does not exist'), live)).toEqual({
      info: { code: 'unknown_model', message: 'model m does not exist' },
      retryable: false,
    });
    expect(classifyError(new NonFiniteLossError('the loss became NaN'), live)).toMatchObject({
      info: { code: 'training_diverged' },
      retryable: false,
    });
    expect(classifyError(new JobCancelledError('j_1'), live)).toMatchObject({ info: { code: 'job_cancelled' }, retryable: false });
  });

  it('treats any error after an abort as a cancellation', () => {
    const controller = new AbortController();
    controller.abort();
    expect(classifyError(new Error('tensor disposed'), controller.signal).info.code).toBe('job_cancelled');
  });

  it('retries unexpected errors', () => {
    expect(classifyError(new Error('ECONNRESET'), live)).toEqual({ info: { code: 'internal_error', message: 'ECONNRESET' }, retryable: true });
  });
});
