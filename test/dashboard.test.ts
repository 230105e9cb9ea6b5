import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Job } from '@distillery/jobs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startStack, waitFor, waitForJob, type Stack } from './helpers/stack.ts';

// The dashboard at /ui, served by the API and driven in a real headless Chromium.
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.resolve('test-results', 'dashboard.png');
// A teacher name that would run script if the page ever parsed API strings as HTML.
const HOSTILE_NAME = '<img src=x onerror="window.__injected=1">teacher';

let stack: Stack;
let base: string;
let dataset: string;

beforeAll(async () => {
  // No worker yet: jobs wait in the queue until a test starts one, so a page can be opened before a job runs.
  stack = await startStack({ workers: 0 });
  base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
  dataset = (await post(stack.api, '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs' } })).body.id;
});
afterAll(async () => stack?.close());

const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

it('serves the page and its assets with a same-origin CSP, and keeps them out of the OpenAPI document', async () => {
  const root = await fetch(`${base}/`, { redirect: 'manual' });
  expect(root.status).toBe(302);
  expect(root.headers.get('location')).toBe('/ui');
  await root.arrayBuffer();

  const page = await fetch(`${base}/ui`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'.*style-src 'self'/);
  expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  expect(page.headers.get('cache-control')).toBe('no-cache');
  const html = await page.text();
  expect(html).toContain('/ui/vendor/chart.js');
  expect(html).not.toMatch(/<script>|<style>|style="|onclick=/);

  const etag = page.headers.get('etag')!;
  const unchanged = await fetch(`${base}/ui`, { headers: { 'if-none-match': etag } });
  expect(unchanged.status).toBe(304);
  await unchanged.arrayBuffer();

  const types: Record<string, string> = {
    '/ui/js/app.js': 'text/javascript; charset=utf-8',
    '/ui/style.css': 'text/css; charset=utf-8',
    '/ui/favicon.svg': 'image/svg+xml',
    '/ui/vendor/chart.js': 'text/javascript; charset=utf-8',
  };
  for (const [url, type] of Object.entries(types)) {
    const response = await fetch(`${base}${url}`);
    expect(response.status, url).toBe(200);
    expect(response.headers.get('content-type'), url).toBe(type);
    // Every body is read: an unread one keeps its connection busy, and the server waits for it on close.
    await response.arrayBuffer();
  }
  const chartJs = await fetch(`${base}/ui/vendor/chart.js`);
  expect(chartJs.headers.get('cache-control')).toMatch(/max-age=\d+/);
  expect(await chartJs.text()).toMatch(/Chart\.js v4/);

  for (const url of ['/ui/missing.js', '/ui/%2e%2e/package.json', '/ui/..%2findex.ts']) {
    const missing = await fetch(`${base}${url}`);
    expect(missing.status, url).toBe(404);
    expect(missing.headers.get('content-type'), url).toMatch(/application\/problem\+json/);
    await missing.arrayBuffer();
  }

  const spec = (await (await fetch(`${base}/docs/json`)).json()) as { paths: Record<string, unknown> };
  expect(Object.keys(spec.paths).filter((p) => p === '/' || p.startsWith('/ui'))).toEqual([]);
});

describe.skipIf(!existsSync(CHROMIUM))(`in headless Chromium (skipped without ${CHROMIUM}; .ci/run installs Debian's chromium)`, () => {
  let browser: Browser;
  /** Console errors, uncaught exceptions and failed responses of every page: the test fails on any. */
  const problems: string[] = [];
  let teacher: Job;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  // Before the stack closes: an open event stream would keep the server from closing.
  afterAll(async () => browser?.close());

  async function openPage(url: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${base}${url}`);
    return page;
  }

  it('follows a job live: opened while queued, it shows each epoch and the end without a reload', async () => {
    const submitted = await post(stack.api, '/v1/jobs', {
      type: 'train',
      dataset,
      model: { architecture: { kind: 'mlp', hidden: [32] }, name: HOSTILE_NAME },
      training: { epochs: 6, batchSize: 32, seed: 1 },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const id = submitted.body.id as string;

    // `/` redirects to the list, which shows the job as queued.
    const list = await openPage('/');
    expect(new URL(list.url()).pathname).toBe('/ui');
    await list.locator(`tr[data-job-id="${id}"][data-status="queued"]`).waitFor();

    const page = await openPage('/ui');
    await page.locator(`tr[data-job-id="${id}"] a.job-link`).click();
    expect(new URL(page.url()).hash).toBe(`#/jobs/${id}`);
    await page.locator('#job-status [data-status="queued"]').waitFor();
    expect(await page.locator('#progress-label').textContent()).toMatch(/Queued/);

    // Every text the progress line takes from now on, with the number of points the
    // accuracy curve had at that moment, and a marker that a reload would wipe out.
    await page.evaluate(() => {
      const w = globalThis as any; // the page's window (this project compiles without the DOM lib)
      w.marker = 'same document';
      w.labels = [];
      new w.MutationObserver(() => {
        const text = w.document.querySelector('#progress-label')?.textContent ?? '';
        if (!text || w.labels.at(-1)?.text === text) return;
        const chart = w.Chart.getChart(w.document.querySelector('#accuracy-chart'));
        w.labels.push({ text, points: chart?.data.datasets[0]?.data.length ?? 0 });
      }).observe(w.document.querySelector('#main'), { subtree: true, childList: true, characterData: true });
    });

    await stack.startWorker();
    await page.locator('#job-status [data-status="succeeded"]').waitFor({ timeout: 60_000 });
    teacher = await waitForJob(stack.api, id);
    expect(teacher.status).toBe('succeeded');

    // Each epoch reached the page as it came, its point already on the curve.
    const seen: { text: string; points: number }[] = await page.evaluate(() => (globalThis as any).labels);
    for (let epoch = 1; epoch <= 6; epoch++) {
      const label = seen.find(({ text }) => text.startsWith(`Training: epoch ${epoch} of 6 · loss `));
      expect(label, `epoch ${epoch} in ${JSON.stringify(seen)}`).toBeDefined();
      expect(label!.points).toBe(epoch);
    }
    expect(seen.at(-1)!.text).toMatch(/^Succeeded after /);
    expect(await page.evaluate(() => (globalThis as any).marker)).toBe('same document');
    expect(await page.locator('.flow .stage').evaluateAll((boxes) => boxes.map((b) => [b.getAttribute('data-stage'), b.getAttribute('data-status')]))).toEqual([
      ['train', 'succeeded'],
    ]);
    const [loss, accuracy] = await chartSeries(page);
    for (const chart of [loss!, accuracy!]) {
      expect(chart.drawn).toBe(true);
      expect(chart.series.map((s) => ({ run: s.run, epochs: s.points.map((p) => p.x) }))).toEqual([{ run: 'train', epochs: [1, 2, 3, 4, 5, 6] }]);
    }

    // The list, left open, caught up by itself.
    await list.locator(`tr[data-job-id="${id}"][data-status="succeeded"]`).waitFor({ timeout: 10_000 });
    await list.close();
    await page.close();
    expect(problems).toEqual([]);
  });

  it('shows a finished distill job: its flow, student and baseline curves, the comparison and downloads', async () => {
    if (stack.workers.length === 0) await stack.startWorker();
    teacher ??= await trainTeacher();
    const submitted = await post(stack.api, '/v1/jobs', {
      type: 'distill',
      dataset,
      teachers: [{ model: teacher.result!.model }],
      student: { architecture: { kind: 'mlp', hidden: [4] } },
      training: { epochs: 4, batchSize: 32, seed: 1 },
      baseline: true,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const job = await waitForJob(stack.api, submitted.body.id as string);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const result = job.result!;
    const { teachers, student, baseline } = result.metrics;

    const page = await openPage('/ui');
    for (const id of [teacher.id, job.id]) await page.locator(`tr[data-job-id="${id}"][data-status="succeeded"]`).waitFor();
    expect(await page.locator(`tr[data-job-id="${job.id}"] .summary`).textContent()).toBe(
      `student ${percent(student!.testAccuracy)} · baseline ${percent(baseline!.testAccuracy)}`,
    );
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-jobs.png') });
    // The status filter asks the API for that status only.
    await page.selectOption('#status-filter', 'running');
    await page.getByText('No running jobs.').waitFor();
    expect(new URL(page.url()).hash).toBe('#/?status=running');
    await page.selectOption('#status-filter', 'succeeded');
    await page.locator(`tr[data-job-id="${job.id}"] a.job-link`).click();

    // Both charts drawn, each with a student and a baseline series of one point per epoch.
    await waitFor('both charts drawn with two series of 4 epochs', async () => {
      const charts = await chartSeries(page);
      return charts.every((chart) => chart.drawn && chart.series.length === 2 && chart.series.every((s) => s.points.length === 4)) ? charts : undefined;
    });
    const series = (await chartSeries(page)).map((chart) => chart.series);
    const history = (run: string, metric: 'loss' | 'accuracy') =>
      result.history!.filter((point) => point.run === run).map((point) => ({ x: point.epoch, y: point[metric] }));
    expect(series[0]).toEqual([
      { run: 'student', label: expect.stringMatching(/^student/), points: history('student', 'loss') },
      { run: 'baseline', label: expect.stringMatching(/^baseline/), points: history('baseline', 'loss') },
    ]);
    expect(series[1]!.map((s) => s.points)).toEqual([history('student', 'accuracy'), history('baseline', 'accuracy')]);
    expect(history('baseline', 'accuracy')).toHaveLength(4);

    // The flow: every stage succeeded.
    expect(await page.locator('.flow .stage').evaluateAll((boxes) => boxes.map((b) => [b.getAttribute('data-stage'), b.getAttribute('data-status')]))).toEqual([
      ['teacher:0', 'succeeded'],
      ['aggregate', 'succeeded'],
      ['train', 'succeeded'],
    ]);
    expect(await page.locator('#job-status').textContent()).toBe('succeeded');
    expect(await page.locator('#progress-label').textContent()).toMatch(/^Succeeded after /);

    // The teacher's name is shown as text, never parsed as markup.
    expect(await page.locator('.flow-teachers .stage-detail').textContent()).toContain(HOSTILE_NAME);
    expect(await page.evaluate(() => (globalThis as any).__injected)).toBeUndefined();
    expect(await page.locator('#main img').count()).toBe(0);

    // The comparison shows the accuracies, parameter counts and ratios the API returns.
    const rows = await page.locator('table.comparison tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ role: tr.getAttribute('data-role'), cells: [...tr.querySelectorAll('td')].map((td) => td.textContent) })),
    );
    expect(rows.map((row) => [row.role, row.cells[0], row.cells[1]])).toEqual([
      ['teacher', percent(teachers![0]!.testAccuracy), teachers![0]!.parameters!.toLocaleString('en-US')],
      ['student', percent(student!.testAccuracy), student!.parameters!.toLocaleString('en-US')],
      ['baseline', percent(baseline!.testAccuracy), baseline!.parameters!.toLocaleString('en-US')],
    ]);
    expect(await page.locator('table.comparison a.model-id').getAttribute('href')).toBe(`#/jobs/${teacher.id}`);
    const facts = await page.locator('#comparison dl.facts').textContent();
    expect(facts).toContain('Fewer parameters than the teachers together');
    const parameterRatio = result.metrics.compression!.parameterRatio;
    expect(facts).toContain(`${parameterRatio.toFixed(parameterRatio >= 10 ? 0 : 1)}×`);

    // Downloads: the model's files answer 200; the model card is linked.
    const links = await page.locator('#downloads a').evaluateAll((anchors) =>
      anchors.map((a) => ({ kind: a.getAttribute('data-kind'), href: a.getAttribute('href'), text: a.textContent })),
    );
    const files = links.filter((link) => link.kind === 'file');
    expect(files.map((link) => link.text).sort()).toEqual(['model.json', 'model.onnx', 'weights.bin']);
    for (const link of files) {
      const download = await fetch(`${base}${link.href}`);
      expect(download.status, link.href!).toBe(200);
      expect((await download.arrayBuffer()).byteLength, link.href!).toBeGreaterThan(0);
    }
    expect(links.find((link) => link.kind === 'card')?.href).toBe(`/v1/models/${result.model}/card.md`);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });
});

interface ChartState {
  /** Chart.js has laid the chart out on its canvas. */
  drawn: boolean;
  series: { run: string; label: string; points: { x: number; y: number }[] }[];
}

/** What Chart.js holds for the loss and the accuracy chart: its instances, found the way Chart.js finds them. */
async function chartSeries(page: Page): Promise<ChartState[]> {
  return page.evaluate(() => {
    const { Chart, document } = globalThis as any;
    return ['#loss-chart', '#accuracy-chart'].map((selector) => {
      const chart = Chart?.getChart(document.querySelector(selector));
      if (!chart) return { drawn: false, series: [] };
      return {
        drawn: chart.chartArea?.width > 0 && chart.data.datasets.every((_: unknown, i: number) => chart.getDatasetMeta(i).data.length > 0),
        series: chart.data.datasets.map((d: any) => ({ run: d.run, label: d.label, points: d.data })),
      };
    });
  });
}

/** A teacher for the distill test when the live test did not leave one (it was skipped with -t). */
async function trainTeacher(): Promise<Job> {
  const submitted = await post(stack.api, '/v1/jobs', {
    type: 'train',
    dataset,
    model: { architecture: { kind: 'mlp', hidden: [32] }, name: HOSTILE_NAME },
    training: { epochs: 6, batchSize: 32, seed: 1 },
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  return waitForJob(stack.api, submitted.body.id as string);
}
