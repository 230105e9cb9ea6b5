import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testRedisUrl } from './helpers/redis.ts';
import { startServiceProcesses, type ProcessService } from './helpers/service.ts';

// Clients that hold on to the API instead of using it, against the API as a
// real process (no worker: the job stays queued, its streams stay open).
const KEY = 'holder-key-' + 'x'.repeat(32);
const STREAMS_PER_KEY = 5;
let api: string;
let port: number;
let redis: Redis;
let service: ProcessService;
let jobId: string;

beforeAll(async () => {
  service = await startServiceProcesses({
    redisUrl: testRedisUrl(),
    env: {
      API_KEYS: `holder:user:${KEY}`,
      EVENT_STREAMS_PER_KEY: String(STREAMS_PER_KEY),
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      FAILED_AUTH_PER_MINUTE: '5',
      LOG_LEVEL: 'info',
    },
  });
  ({ api, port } = service);
  redis = new Redis(testRedisUrl());
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const dataset = (await (await fetch(`${api}/v1/datasets`, { method: 'POST', headers, body: JSON.stringify({ name: 'blobs', source: { builtin: 'blobs' } }) })).json()) as { id: string };
  const job = await fetch(`${api}/v1/jobs`, { method: 'POST', headers, body: JSON.stringify({ type: 'train', dataset: dataset.id, model: { architecture: { kind: 'mlp', hidden: [8] } } }) });
  jobId = ((await job.json()) as { id: string }).id;
});

afterAll(async () => {
  await redis.quit();
  expect(await service.stop(), service.processes[0]!.output()).toEqual([0]);
});

/** Opens the job's event stream; resolves once its headers arrived. */
async function openStream(): Promise<{ status: number; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${api}/v1/jobs/${jobId}/events`, { headers: { authorization: `Bearer ${KEY}`, accept: 'text/event-stream' }, signal: controller.signal });
  if (response.status !== 200) await response.arrayBuffer();
  return { status: response.status, close: () => controller.abort() };
}

const redisClients = async () => String(await redis.client('LIST')).trim().split('\n').length;

it('caps the event streams one key holds, and every stream shares one Redis connection', async () => {
  const first = await openStream();
  const before = await redisClients();
  const streams = [first];
  for (let i = 1; i < STREAMS_PER_KEY; i++) streams.push(await openStream());
  expect(streams.map((s) => s.status)).toEqual(Array(STREAMS_PER_KEY).fill(200));
  expect(await redisClients()).toBe(before);

  const refused = await fetch(`${api}/v1/jobs/${jobId}/events`, { headers: { authorization: `Bearer ${KEY}`, accept: 'text/event-stream' } });
  expect(refused.status).toBe(429);
  expect((await refused.json()) as { code: string; detail: string }).toMatchObject({ code: 'rate_limited', detail: expect.stringMatching(/already has 5 event streams open/) });

  // Closing one frees its place.
  streams.pop()!.close();
  let again = await openStream();
  for (let i = 0; i < 50 && again.status === 429; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    again = await openStream();
  }
  expect(again.status).toBe(200);
  for (const stream of [...streams, again]) stream.close();
});

it('closes a connection whose headers never finish', async () => {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // and never the blank line
  const started = Date.now();
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  await new Promise((resolve) => socket.once('close', resolve));
  expect(Date.now() - started).toBeLessThan(5000);
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
});

it('never writes a key sent in the query string to the log', async () => {
  const secret = 'dk_' + 'S'.repeat(43);
  await (await fetch(`${api}/v1/jobs?api_key=${secret}&limit=1`, { headers: { authorization: `Bearer ${KEY}` } })).arrayBuffer();
  await (await fetch(`${api}/v1/jobs?${secret}`, { headers: { authorization: `Bearer ${KEY}` } })).arrayBuffer();
  // The log reaches the pipe asynchronously: wait for the line, not for a fixed time. 10 s
  // was once not enough on a 2-core machine running training beside the suite.
  for (let i = 0; i < 300 && !service.processes[0]!.output().includes('/v1/jobs?[redacted]'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(service.processes[0]!.output()).toContain('/v1/jobs?api_key=[redacted]&limit=[redacted]');
  expect(service.processes[0]!.output()).not.toContain(secret);
});

/** GET `url` with a bearer key, from another loopback address than the other tests use. */
function getFrom(localAddress: string, url: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${api}${url}`, { localAddress, headers: { authorization: `Bearer ${key}` } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode!));
    });
    request.on('error', reject);
    request.end();
  });
}

it('throttles an address that keeps sending wrong keys, and only that address', async () => {
  const wrong = 'dk_' + 'w'.repeat(43);
  const answers: number[] = [];
  for (let i = 0; i < 7; i++) answers.push(await getFrom('127.0.0.2', '/v1/jobs', wrong));
  expect(answers).toEqual([401, 401, 401, 401, 401, 429, 429]);
  // Refused before the key is looked up: a right key from that address waits out the minute too.
  expect(await getFrom('127.0.0.2', '/v1/jobs', KEY)).toBe(429);
  expect(await getFrom('127.0.0.3', '/v1/jobs', KEY)).toBe(200);
});
