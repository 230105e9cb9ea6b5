import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers/stack.ts';

// The dashboard when the API needs a key: it asks for one, keeps it in a
// cookie, and from then on lists, follows and downloads with it.
const CHROMIUM = '/usr/bin/chromium';
const KEY = `dash-key-${'d'.repeat(32)}`;

describe.skipIf(!existsSync(CHROMIUM))(`the dashboard with API keys on (skipped without ${CHROMIUM})`, () => {
  let stack: Stack;
  let base: string;
  let browser: Browser;
  let jobId: string;
  let modelId: string;

  beforeAll(async () => {
    stack = await startStack({
      workers: 1,
      access: { auth: 'keys', keys: [{ tenant: 'dash', role: 'user', key: KEY }], limits: { requestsPerMinute: 100_000, concurrentJobs: 10, storedBytes: 1e9 } },
    });
    base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
    const headers = { authorization: `Bearer ${KEY}` };
    const dataset = (await stack.api.inject({ method: 'POST', url: '/v1/datasets', headers, payload: { name: 'blobs', source: { builtin: 'blobs', options: { features: 4 } } } })).json();
    const submitted = await stack.api.inject({ method: 'POST', url: '/v1/jobs', headers, payload: { type: 'train', dataset: dataset.id, model: { architecture: { kind: 'mlp', hidden: [8] } }, training: { epochs: 2 } } });
    jobId = submitted.json().id;
    for (let job = submitted.json(); ; job = (await stack.api.inject({ url: `/v1/jobs/${jobId}`, headers })).json()) {
      if (job.status === 'succeeded') {
        modelId = job.result.model;
        break;
      }
      expect(['queued', 'running']).toContain(job.status);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('asks for a key, then lists, follows and downloads with it', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/ui`);
    await page.locator('form.key-prompt').waitFor();
    expect(await page.locator('form.key-prompt').textContent()).toContain('needs an API key');

    // A wrong key is refused and asked for again.
    await page.fill('form.key-prompt input', 'not-a-real-key-000000000000000');
    await page.click('form.key-prompt button');
    await page.locator('form.key-prompt').waitFor();
    expect(await page.locator('form.key-prompt').textContent()).toContain('not valid');

    await page.fill('form.key-prompt input', KEY);
    await page.click('form.key-prompt button');
    await page.locator(`tr[data-job-id="${jobId}"][data-status="succeeded"]`).waitFor();

    // The job page follows the job over EventSource, which carries the cookie.
    await page.goto(`${base}/ui#/jobs/${jobId}`);
    await page.locator('#job-status [data-status="succeeded"]').waitFor();
    const download = await page.evaluate(async (url) => (await fetch(url)).status, `/v1/models/${modelId}/files/model.json`);
    expect(download).toBe(200);
    // The cookie is for reads: a write with it alone is refused.
    const write = await page.evaluate(async () => (await fetch('/v1/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(write).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});
