import { setTimeout as sleep } from 'node:timers/promises';
import type { components } from '../schema.ts';
import type { ApiConnection } from './api.ts';
import { ApiProblemError, CliError, ServerUnreachableError } from './errors.ts';
import { readServerSentEvents } from './sse.ts';

export type JobEvent = components['schemas']['JobEvent'];
type Job = components['schemas']['Job'];

/** The stream's last word: how the job ended. */
export interface JobOutcome {
  status: Job['status'];
  result?: Job['result'];
  error?: Job['error'];
}

export type JobStreamItem = { kind: 'event'; event: JobEvent } | { kind: 'outcome'; outcome: JobOutcome };

export interface JobEventStreamOptions {
  /** Start after this event id (what `Last-Event-ID` carries); from the first event when left out. */
  after?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Called before each reconnection, with why the last connection ended. */
  onReconnect?: (reason: string) => void;
  /** Waits between attempts; the stream gives up after the last one fails too. */
  retryDelaysMs?: number[];
}

const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000, 5000, 5000, 5000];

/** Reconnecting did not help: the stream broke on every attempt. */
export class EventStreamBrokenError extends CliError {
  readonly exitCode = 1;
}

/**
 * Follows `GET /v1/jobs/:id/events` as Server-Sent Events until the job
 * finishes. When the connection drops, the server reports an interrupted
 * stream, or the server is briefly gone, it reconnects with `Last-Event-ID`
 * set to the last event seen, so no event is lost or repeated. Attempts that
 * deliver events reset the retry budget.
 */
export async function* streamJobEvents(api: ApiConnection, jobId: string, options: JobEventStreamOptions = {}): AsyncGenerator<JobStreamItem> {
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  let lastEventId = options.after;
  let failures = 0;
  for (;;) {
    let reason: string;
    try {
      const response = await api.fetch(`/v1/jobs/${encodeURIComponent(jobId)}/events`, {
        headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      reason = 'the server closed the stream before the job finished';
      for await (const message of readServerSentEvents(response.body ?? emptyBody())) {
        if (message.event === 'result') {
          yield { kind: 'outcome', outcome: JSON.parse(message.data) as JobOutcome };
          return;
        }
        if (message.event === 'error') {
          const { message: text } = JSON.parse(message.data) as { message?: string };
          reason = `the server interrupted the stream: ${text ?? message.data}`;
          break;
        }
        const event = JSON.parse(message.data) as JobEvent;
        lastEventId = message.id ?? event.id;
        failures = 0;
        yield { kind: 'event', event };
      }
    } catch (error) {
      if (options.signal?.aborted || !isRetryable(error)) throw error;
      reason = (error as Error).message;
    }
    const delay = delays[failures++];
    if (delay === undefined) {
      throw new EventStreamBrokenError(
        `the event stream of job ${jobId} broke ${failures} times in a row (${reason}); ` +
          `follow it again with: distill jobs events ${jobId}${lastEventId ? ` --after ${lastEventId}` : ''}`,
      );
    }
    options.onReconnect?.(reason);
    await sleep(delay, undefined, options.signal ? { signal: options.signal } : {});
  }
}

/** Worth another try: no answer, a gateway or Redis briefly away, or a connection cut mid-body. */
function isRetryable(error: unknown): boolean {
  if (error instanceof ServerUnreachableError) return true;
  if (error instanceof ApiProblemError) return [502, 503, 504].includes(error.problem.status);
  // A body cut mid-stream surfaces as a TypeError ("terminated") or a socket error from undici.
  return error instanceof TypeError || (error instanceof Error && 'code' in error);
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
