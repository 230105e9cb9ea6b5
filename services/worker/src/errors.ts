import * as tf from '@tensorflow/tfjs';
import { isDistilleryError, type JobErrorInfo } from '@distillery/contracts';
import { LayerPairError, NonFiniteLossError, OutOfMemoryError } from '@distillery/kd';
import { JobStoppedError } from './cancellation.ts';
import { JobTimeoutError } from './deadline.ts';

/** Abort reasons the worker itself gives BullMQ's cancelJob / cancelAllJobs. */
export const SHUTDOWN = 'shutdown';
export const LOCK_LOST = 'lock-lost';

export type ClassifiedError =
  /** The job ends here: record it (a no-op when the job already finished elsewhere). */
  | { kind: 'final'; info: JobErrorInfo }
  /** Transient: let BullMQ retry it while attempts remain. */
  | { kind: 'retry'; info: JobErrorInfo }
  /** This worker is shutting down: hand the job back to the queue. */
  | { kind: 'shutdown' }
  /** Another worker owns the job now (our lock lapsed): leave everything to it. */
  | { kind: 'lock-lost' };

export function classifyError(error: unknown, signal: AbortSignal): ClassifiedError {
  const reason: unknown = signal.aborted ? signal.reason : error;
  if (reason === SHUTDOWN) return { kind: 'shutdown' };
  if (reason === LOCK_LOST) return { kind: 'lock-lost' };
  if (reason instanceof JobStoppedError) {
    return { kind: 'final', info: { code: 'job_cancelled', message: reason.message } };
  }
  if (reason instanceof JobTimeoutError) {
    return { kind: 'final', info: { code: 'job_timeout', message: `${reason.message}; give it more time or make it smaller` } };
  }
  if (error instanceof OutOfMemoryError || isAllocationFailure(error)) {
    const message = error instanceof Error ? error.message : String(error);
    // Retrying would fail the same way on this worker: the job must get smaller.
    return { kind: 'final', info: { code: 'out_of_memory', message: `${message}; use a smaller model or batch size` } };
  }
  if (isWasmTrap(error)) {
    // Any other trap of the wasm instance: it would trap again (the worker retires: breaksBackend).
    return { kind: 'final', info: { code: 'internal_error', message: `the TensorFlow.js wasm backend trapped: ${error.message}` } };
  }
  if (isDistilleryError(error)) {
    const info = { code: error.code, message: error.message };
    // 503s (the artifact store unreachable) pass; everything else the user must fix.
    return { kind: error.status === 503 ? 'retry' : 'final', info };
  }
  if (error instanceof NonFiniteLossError) return { kind: 'final', info: { code: 'training_diverged', message: error.message } };
  // A layer a teacher or student lacks, or outputs that cannot be paired: the request must change.
  if (error instanceof LayerPairError) return { kind: 'final', info: { code: 'incompatible_model', message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'retry', info: { code: 'internal_error', message } };
}

/**
 * What running out of memory looks like from tfjs: wasm's heap cannot grow, an ArrayBuffer cannot be
 * allocated, or a wasm kernel writes past its heap (4 GiB at most), a trap: "memory access out of bounds".
 */
function isAllocationFailure(error: unknown): boolean {
  if (isWasmTrap(error)) return /memory/i.test(error.message);
  return error instanceof RangeError && /memory|allocation failed|Array buffer allocation/i.test(error.message);
}

/**
 * Whether the error leaves this process's TensorFlow.js backend unusable: a
 * trap of the wasm instance (its heap overflowed, or a kernel failed) leaves
 * its memory in an unknown state, and every later op may trap too.
 */
export function breaksBackend(error: unknown): boolean {
  return isWasmTrap(error);
}

/** A tiny op whose answer is known: false when the backend cannot compute any more (after an allocation failed). */
export function backendAnswers(): boolean {
  try {
    return tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0] === 5);
  } catch {
    return false;
  }
}

/** WebAssembly.RuntimeError (a trap of the wasm backend's instance); the value is not in this project's TypeScript lib. */
const WasmRuntimeError = (globalThis as { WebAssembly?: { RuntimeError: new (...args: never[]) => Error } }).WebAssembly?.RuntimeError;
function isWasmTrap(error: unknown): error is Error {
  return WasmRuntimeError !== undefined && error instanceof WasmRuntimeError;
}
