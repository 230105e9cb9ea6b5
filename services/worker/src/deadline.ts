/** The reason a job's signal aborts when its `timeoutSeconds` run out. */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';
}

/**
 * A job's `timeoutSeconds`, counted from when the job first started running
 * (so a flow's subjobs share one deadline, and a job resumed on another
 * worker does not get a fresh one). Its signal aborts with a JobTimeoutError
 * when the time is up, or with the parent's reason when the parent aborts.
 */
export class JobDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  readonly signal: AbortSignal;

  constructor(parent: AbortSignal) {
    this.signal = AbortSignal.any([parent, this.controller.signal]);
  }

  start(jobId: string, timeoutSeconds: number, startedAtMs: number): void {
    const expire = () => this.controller.abort(new JobTimeoutError(`job ${jobId} ran past its timeoutSeconds of ${timeoutSeconds}`));
    const remainingMs = startedAtMs + timeoutSeconds * 1000 - Date.now();
    if (remainingMs <= 0) expire();
    else this.timer = setTimeout(expire, remainingMs);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
