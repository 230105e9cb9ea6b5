import type { FastifyInstance, FastifyReply } from 'fastify';
import { DistilleryError, isFinished, type JobEvent } from '@distillery/contracts';

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

/**
 * Streams a job's events as Server-Sent Events until the job finishes, then a
 * final `result` event with the job's status, result and error. Each event
 * carries its id, so a client that reconnects with `Last-Event-ID` resumes
 * where it stopped. New events are announced by the instance's JobEventHub
 * (one Redis connection for every stream) and read after this stream's cursor.
 */
export async function streamJobEvents(app: FastifyInstance, reply: FastifyReply, jobId: string, after: string, keyId: string): Promise<void> {
  const { jobs } = app.registry;
  const release = app.eventStreams.open(keyId);
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  let open = true;
  let announced = false;
  let wake: (() => void) | undefined;
  const nudge = () => {
    announced = true;
    wake?.();
  };
  raw.on('close', () => {
    open = false;
    wake?.();
  });
  const send = (event: string, data: unknown, id?: string) =>
    raw.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

  let cursor = after;
  const write = (events: JobEvent[]) => {
    for (const event of events) {
      send(event.type, event, event.id);
      cursor = event.id;
    }
  };
  /** Until the hub announces new events, the client goes, or KEEP_ALIVE_MS pass; true if something was announced. */
  const announcement = () =>
    new Promise<boolean>((resolve) => {
      if (announced || !open) return resolve(announced);
      const timer = setTimeout(() => resolve(false), KEEP_ALIVE_MS);
      wake = () => {
        clearTimeout(timer);
        resolve(announced);
      };
    }).finally(() => {
      wake = undefined;
      announced = false;
    });

  const unwatch = app.eventHub.watch(jobId, cursor, nudge);
  try {
    write(await jobs.events(jobId, { after: cursor, limit: 1000 }));
    while (open) {
      if (isFinished(await jobs.status(jobId))) {
        // The finishing status and its event are written together: read what is left, then close.
        write(await jobs.events(jobId, { after: cursor, limit: 1000 }));
        const job = await jobs.get(jobId);
        send('result', { status: job?.status, result: job?.result, error: job?.error });
        break;
      }
      // Read after a quiet spell too: nothing the hub might have missed waits longer than that.
      if (!(await announcement()) && open) raw.write(': keep-alive\n\n');
      write(await jobs.events(jobId, { after: cursor, limit: 1000 }));
    }
  } catch (error) {
    if (open) {
      app.log.warn({ err: error, jobId }, 'event stream failed');
      send('error', { code: 'redis_unavailable', message: 'the event stream was interrupted; reconnect with Last-Event-ID' });
    }
  } finally {
    unwatch();
    release();
    raw.end();
  }
}

/**
 * Open event streams per API key, on this API instance. A stream holds a
 * connection for as long as its job runs, so one key could otherwise hold
 * every connection the instance can take.
 */
export class EventStreamLimit {
  readonly #open = new Map<string, number>();

  constructor(readonly perKey: number) {}

  /** Counts a stream for the key, or refuses it with 429; the returned function ends it. */
  open(keyId: string): () => void {
    const open = this.#open.get(keyId) ?? 0;
    if (open >= this.perKey) {
      throw new DistilleryError(
        'rate_limited',
        `this key already has ${open} event streams open, the most one key may hold on this API instance (EVENT_STREAMS_PER_KEY); close one, or poll GET /v1/jobs/{id}/events with "after"`,
      );
    }
    this.#open.set(keyId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(keyId) ?? 1) - 1;
      if (left === 0) this.#open.delete(keyId);
      else this.#open.set(keyId, left);
    };
  }
}
