import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { ApiConnection } from './api.ts';
import { ApiProblemError } from './errors.ts';
import { EventStreamBrokenError, streamJobEvents, type JobStreamItem } from './job-events.ts';
import { readServerSentEvents } from './sse.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** One byte at a time: every split point, inside a multi-byte character and a CRLF included. */
async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(parts.join(''));
  for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
}

const sse = (id: string, type: string, data: unknown) => `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
const jobEvent = (id: string, epoch: number) => ({ id, type: 'progress', at: '2025-01-01T00:00:00.000Z', data: { stage: 'train', epoch, epochs: 3 } });

it('parses events split anywhere, with comments, CRLF, several data lines and a cut-off tail', async () => {
  const events = [];
  for await (const event of readServerSentEvents(chunks(': keep-alive\n\n', 'id: 1-0\r\nevent: log\r\ndata: {"m":"é"}\r\n\r\n', 'data: a\ndata: b\n\n', 'event: x\ndata: cut'))) {
    events.push(event);
  }
  expect(events).toEqual([
    { id: '1-0', event: 'log', data: '{"m":"é"}' },
    { event: 'message', data: 'a\nb' },
  ]);
});

it('reconnects with Last-Event-ID after a dropped connection and an interrupted stream, losing and repeating nothing', async () => {
  const seen: (string | undefined)[] = [];
  const base = await serve((request, response) => {
    const last = request.headers['last-event-id'] as string | undefined;
    seen.push(last);
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    if (last === undefined) {
      response.write(sse('1-0', 'progress', jobEvent('1-0', 1)) + sse('2-0', 'progress', jobEvent('2-0', 2)));
      setTimeout(() => response.socket?.destroy(), 20); // the connection drops mid-stream
    } else if (last === '2-0') {
      response.end(sse('3-0', 'progress', jobEvent('3-0', 3)) + `event: error\ndata: {"code":"redis_unavailable","message":"interrupted"}\n\n`);
    } else {
      response.end(`event: result\ndata: ${JSON.stringify({ status: 'succeeded', result: { model: 'm_1' } })}\n\n`);
    }
  });
  const reasons: string[] = [];
  const items: JobStreamItem[] = [];
  for await (const item of streamJobEvents(new ApiConnection({ baseUrl: base }), 'j_1', { retryDelaysMs: [5, 5], onReconnect: (r) => reasons.push(r) })) {
    items.push(item);
  }
  expect(seen).toEqual([undefined, '2-0', '3-0']);
  expect(items.map((item) => (item.kind === 'event' ? item.event.id : item.outcome.status))).toEqual(['1-0', '2-0', '3-0', 'succeeded']);
  expect(reasons).toHaveLength(2);
  expect(reasons[1]).toMatch(/interrupted/);
});

it('gives up after its retries, and never retries an error the server meant (404)', async () => {
  let calls = 0;
  const down = await serve((_request, response) => {
    calls++;
    response.writeHead(503, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 503, code: 'redis_unavailable', detail: 'down' }));
  });
  const drain = async (base: string) => {
    for await (const _ of streamJobEvents(new ApiConnection({ baseUrl: base }), 'j_1', { retryDelaysMs: [1, 1] }));
  };
  await expect(drain(down)).rejects.toThrow(EventStreamBrokenError);
  expect(calls).toBe(3);

  const missing = await serve((_request, response) => {
    response.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 404, code: 'job_not_found', detail: 'job j_1 does not exist' }));
  });
  await expect(drain(missing)).rejects.toThrow(ApiProblemError);
});
