import type { FastifyInstance, FastifyReply } from 'fastify';
import { isFinished, type JobEvent } from '@distillery/contracts';

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

/**
 * Streams a job's events as Server-Sent Events until the job finishes, then a
 * final `result` event with the job's status, result and error. Each event
 * carries its id, so a client that reconnects with `Last-Event-ID` resumes
 * where it stopped. New events are awaited with a blocking XREAD, which ties up
 * its connection: every stream gets a Redis connection of its own.
 */
export async function streamJobEvents(app: FastifyInstance, reply: FastifyReply, jobId: string, after: string): Promise<void> {
  const { jobs } = app.registry;
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  // Offline queue on: the fresh connection queues the first read until it is connected.
  const reader = app.registry.redis.duplicate({ enableOfflineQueue: true });
  reader.on('error', () => undefined); // a failed read ends the stream below
  let open = true;
  raw.on('close', () => {
    open = false;
    reader.disconnect();
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
      const events = await jobs.waitForEvents(reader, jobId, cursor, KEEP_ALIVE_MS);
      if (events.length === 0) raw.write(': keep-alive\n\n');
      write(events);
    }
  } catch (error) {
    if (open) {
      app.log.warn({ err: error, jobId }, 'event stream failed');
      send('error', { code: 'redis_unavailable', message: 'the event stream was interrupted; reconnect with Last-Event-ID' });
    }
  } finally {
    reader.disconnect();
    raw.end();
  }
}
