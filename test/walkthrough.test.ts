import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testRedisUrl } from './helpers/redis.ts';
import type { Job } from '@distillery/jobs';
import { startServiceProcesses, type ProcessService } from './helpers/service.ts';

// The README's walk-through and its command-line version in docs/cli.md, run
// exactly as printed (their fenced `sh` blocks, in order, as one bash script)
// against the service as `npm start` runs it: the API and one worker.
const root = path.resolve(import.meta.dirname, '..');
const KEY = 'walkthrough-key-' + 'x'.repeat(32);
let api: string;
let workDir: string;
let service: ProcessService;

beforeAll(async () => {
  // Inside the clone, as a reader would be: `npx distill` finds the workspace's bin from here.
  mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
  workDir = mkdtempSync(path.join(root, 'node_modules', '.cache', 'walkthrough-'));
  service = await startServiceProcesses({ redisUrl: testRedisUrl(), workers: 1, env: { API_KEYS: `default:admin:${KEY}` } });
  api = service.api;
});

afterAll(async () => {
  const codes = await service.stop();
  rmSync(workDir, { recursive: true, force: true });
  expect(codes, service.processes.map((p) => p.output()).join('\n')).toEqual([0, 0]);
});

/** The fenced `sh` blocks under the heading that starts with `heading`, up to the next heading of its level. */
function shellBlocks(markdown: string, heading: string): string[] {
  const level = /^#+/.exec(heading)![0];
  const start = markdown.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const next = markdown.slice(start + 1).search(new RegExp(`\\n${level} `));
  const section = next < 0 ? markdown.slice(start) : markdown.slice(start, start + 1 + next);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

/** Runs blocks as one bash script that stops at the first failing command. */
function runBlocks(blocks: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const script = ['set -euo pipefail', ...blocks].join('\n');
  const child = spawn('bash', ['-c', script], { cwd: workDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

async function get<T>(url: string): Promise<T> {
  return (await (await fetch(`${api}${url}`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as T;
}

async function distillJobs(): Promise<Job[]> {
  const { items } = await get<{ items: Job[] }>('/v1/jobs?limit=100');
  return items.filter((job) => job.type === 'distill');
}

it('runs the README walk-through as printed', async () => {
  const blocks = shellBlocks(readFileSync(path.join(root, 'README.md'), 'utf8'), '## Walk-through');
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  // Nothing destructive in a block a reader pastes whole.
  expect(blocks.join('\n')).not.toMatch(/\/cancel|-X DELETE/);
  const started = Date.now();
  const run = await runBlocks(blocks, { API: api, KEY });
  expect(run.code, run.output).toBe(0);

  const [job] = await distillJobs();
  expect(job?.status, JSON.stringify(job?.error)).toBe('succeeded');
  const { metrics } = job!.result!;
  // The figures the README quotes, for the record of this machine's run.
  const seconds = (from: string, to: string | undefined) => ((Date.parse(to!) - Date.parse(from)) / 1000).toFixed(1);
  console.log(
    `README walk-through: ${((Date.now() - started) / 1000).toFixed(1)} s; distill job ${seconds(job!.createdAt, job!.finishedAt)} s; ` +
      `student ${metrics.student!.testAccuracy}, baseline ${metrics.baseline!.testAccuracy}; ` +
      `${metrics.compression!.parameterRatio.toFixed(1)}× smaller, ${metrics.compression!.latencyRatio.toFixed(0)}× faster`,
  );
  expect(metrics.student!.testAccuracy).toBeGreaterThan(metrics.baseline!.testAccuracy);
  expect(metrics.compression!.parameterRatio).toBeGreaterThan(1);
  // Step 5 downloaded the student: a TensorFlow.js LayersModel with its weights.
  const modelJson = JSON.parse(readFileSync(path.join(workDir, 'model.json'), 'utf8')) as { format: string; weightsManifest: { paths: string[] }[] };
  expect(modelJson.format).toBe('layers-model');
  expect(modelJson.weightsManifest[0]!.paths).toEqual(['weights.bin']);
  expect(readFileSync(path.join(workDir, 'weights.bin')).byteLength).toBe(metrics.student!.parameters! * 4);
  expect(run.output).toContain(`${job!.id} succeeded`);
});

it('runs the command-line walk-through in docs/cli.md as printed', async () => {
  const blocks = shellBlocks(readFileSync(path.join(root, 'docs', 'cli.md'), 'utf8'), '## The walk-through, from the command line');
  expect(blocks).toHaveLength(1);
  const before = (await distillJobs()).length;
  const started = Date.now();
  const run = await runBlocks(blocks, { DISTILL_API: api, DISTILL_API_KEY: KEY });
  console.log(`command-line walk-through: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  expect(run.code, run.output).toBe(0);
  const jobs = await distillJobs();
  expect(jobs).toHaveLength(before + 1);
  expect(jobs[0]!.status).toBe('succeeded');
  expect(run.output).toMatch(new RegExp(`job ${jobs[0]!.id} succeeded`));
  expect(run.output).toMatch(/distillation gain over the baseline: [+-]\d+\.\d+ points/);
});
