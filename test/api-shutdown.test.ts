import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { testRedisUrl } from './helpers/redis.ts';
import { startProcess, waitForHttp, type ServiceProcess } from '../scripts/processes.ts';
import { freePort } from '../scripts/redis.ts';

// The API process on SIGTERM: it stops accepting connections, finishes the
// requests in flight, and exits; a second signal makes it exit at once.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'distillery-api-shutdown-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startApi(): Promise<{ api: ServiceProcess; port: number }> {
  const port = await freePort();
  const api = startProcess('api', 'services/api/src/server.ts', { REDIS_URL: testRedisUrl(), DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', AUTH: 'off' });
  await waitForHttp(`http://127.0.0.1:${port}/readyz`);
  return { api, port };
}

const exitOf = (api: ServiceProcess) =>
  api.child.exitCode !== null ? Promise.resolve(api.child.exitCode) : new Promise<number | null>((resolve) => api.child.once('exit', (code) => resolve(code)));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('finishes an upload in flight after SIGTERM, refuses new connections, and exits 0', async () => {
  const { api, port } = await startApi();
  const boundary = 'distillery-boundary';
  const head = `--${boundary}\r\ncontent-disposition: form-data; name="name"\r\n\r\nslow\r\n--${boundary}\r\ncontent-disposition: form-data; name="format"\r\n\r\ncsv\r\n--${boundary}\r\ncontent-disposition: form-data; name="train"; filename="slow.csv"\r\ncontent-type: text/csv\r\n\r\na,b,label\r\n`;
  const rows = Array.from({ length: 200 }, (_, i) => `${i},${i % 7},${i % 2}\r\n`);
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const upload = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/datasets', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    upload.on('error', reject);
    void (async () => {
      upload.write(head);
      for (const [i, row] of rows.entries()) {
        upload.write(row);
        if (i === 20) api.child.kill('SIGTERM'); // mid-upload
        if (i % 20 === 0) await pause(100);
      }
      upload.end(`--${boundary}--\r\n`);
    })();
  });

  await pause(300);
  // No new connections once the signal has arrived.
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  const { status, body } = await answer;
  expect(status, body).toBe(201);
  expect(JSON.parse(body)).toMatchObject({ name: 'slow', splits: { train: 160, test: 40 } });
  expect(await exitOf(api)).toBe(0);
});

it('exits at once, with code 1, on a second signal while a connection stays open', async () => {
  const { api, port } = await startApi();
  // A live event stream holds its connection open, so the first signal waits for it.
  const job = (await (await fetch(`http://127.0.0.1:${port}/v1/datasets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'b', source: { builtin: 'blobs' } }) })).json()) as { id: string };
  const submitted = (await (await fetch(`http://127.0.0.1:${port}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'train', dataset: job.id, model: { architecture: { kind: 'mlp', hidden: [4] } } }),
  })).json()) as { id: string };
  const stream = await fetch(`http://127.0.0.1:${port}/v1/jobs/${submitted.id}/events`, { headers: { accept: 'text/event-stream' } });
  expect(stream.status).toBe(200);
  api.child.kill('SIGTERM');
  await pause(500);
  expect(api.child.exitCode).toBeNull(); // still waiting for the stream
  const started = Date.now();
  api.child.kill('SIGTERM');
  expect(await exitOf(api)).toBe(1);
  expect(Date.now() - started).toBeLessThan(2000);
  await stream.body?.cancel().catch(() => undefined);
});
