/** The loss stopped being a finite number: the run diverged. */
export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
}

/** Training needed more tensor memory than `memoryLimitBytes` allows. */
export class OutOfMemoryError extends Error {
  override readonly name = 'OutOfMemoryError';
}
