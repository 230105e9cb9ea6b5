import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createDistilleryClient } from '@distillery/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers/stack.ts';

// packages/client: generated from the served OpenAPI document, and used for real.
const root = path.resolve(import.meta.dirname, '..');
let stack: Stack;
let base: string;
beforeAll(async () => {
  stack = await startStack({ workers: 1 });
  base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => stack.close());

it('is what the current OpenAPI document generates (run `npm run generate:client` after API changes)', () => {
  // A process of its own: the app built there must not share schema objects with this file's app.
  const check = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/generate-client.ts'), '--check'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(check.status, check.stderr).toBe(0);
  expect(check.stdout).toMatch(/is up to date/);
});

it('registers a dataset, trains a model and reads problems through the typed client', async () => {
  const client = createDistilleryClient(base);
  const dataset = await client.POST('/v1/datasets', { body: { name: 'blobs', source: { builtin: 'blobs' } } });
  expect(dataset.response.status).toBe(201);
  const submitted = await client.POST('/v1/jobs', {
    body: { type: 'train', dataset: dataset.data!.id, model: { architecture: { kind: 'mlp', hidden: [8] } }, training: { epochs: 2 } },
  });
  expect(submitted.data).toMatchObject({ status: 'queued' });
  let job = (await client.GET('/v1/jobs/{id}', { params: { path: { id: submitted.data!.id } } })).data!;
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = (await client.GET('/v1/jobs/{id}', { params: { path: { id: job.id } } })).data!;
  }
  expect(job.status).toBe('succeeded');
  const model = await client.GET('/v1/models/{id}', { params: { path: { id: job.result!.model } } });
  expect(model.data?.format).toBe('tfjs-layers');

  const missing = await client.GET('/v1/jobs/{id}', { params: { path: { id: 'j_missing' } } });
  expect(missing.response.status).toBe(404);
  expect(missing.error).toMatchObject({ code: 'job_not_found' });
});
