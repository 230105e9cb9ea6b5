import { isDistilleryError, type JobErrorInfo } from '@distillery/contracts';
import { NonFiniteLossError } from '@distillery/kd';
import { JobCancelledError } from './cancellation.ts';

export interface ClassifiedError {
  info: JobErrorInfo;
  /** Transient failures are retried; bad input and cancellation never are. */
  retryable: boolean;
}

export function classifyError(error: unknown, signal: AbortSignal): ClassifiedError {
  if (signal.aborted || error instanceof JobCancelledError) {
    return { info: { code: 'job_cancelled', message: 'the job was cancelled' }, retryable: false };
  }
  if (isDistilleryError(error)) return { info: { code: error.code, message: error.message }, retryable: false };
  if (error instanceof NonFiniteLossError) return { info: { code: 'training_diverged', message: error.message }, retryable: false };
  const message = error instanceof Error ? error.message : String(error);
  return { info: { code: 'internal_error', message }, retryable: true };
}
