import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { lintFromString, loadConfig } from '@redocly/openapi-core';

/**
 * Checks of the OpenAPI document beyond the committed client: the lint
 * (redocly.yaml) and a second, unrelated generator whose output must compile.
 * Used by `npm run check:openapi` and test/openapi.test.ts.
 */

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

export interface LintProblem {
  severity: string;
  rule: string;
  message: string;
  /** JSON pointer into the document. */
  at: string;
}

/** Lints the document with the rules in redocly.yaml; every problem, errors and warnings alike. */
export async function lintOpenApi(document: object): Promise<LintProblem[]> {
  const config = await loadConfig({ configPath: path.join(root, 'redocly.yaml') });
  const problems = await lintFromString({ source: JSON.stringify(document, null, 2), absoluteRef: path.join(root, 'openapi.json'), config });
  return problems.map((problem) => ({
    severity: problem.severity,
    rule: problem.ruleId,
    message: problem.message,
    at: problem.location[0]?.pointer ?? '#/',
  }));
}

export function formatLintProblems(problems: LintProblem[]): string {
  return problems.map((p) => `${p.severity} ${p.rule}: ${p.message} (${p.at})`).join('\n');
}

export interface GeneratorRun {
  ok: boolean;
  /** Which step failed, or 'compiled'. */
  step: 'generate' | 'compile' | 'compiled';
  output: string;
  seconds: { generate: number; compile: number };
}

/**
 * A second client from the same document: swagger-typescript-api's fetch
 * client (its own parser and generator, unrelated to openapi-typescript),
 * written into `dir` with a strict tsconfig and a file that calls it, then
 * compiled with tsc. The document must not be tuned to one tool.
 */
export function compileSecondClient(document: object, dir: string): GeneratorRun {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(document, null, 2));
  const cli = path.join(path.dirname(require.resolve('swagger-typescript-api/package.json')), 'dist', 'cli.mjs');
  const generateStart = performance.now();
  const generate = spawnSync(
    process.execPath,
    [cli, 'generate', '--path', 'openapi.json', '--output', '.', '--name', 'api.ts', '--http-client', 'fetch', '--responses',
      '--extract-request-body', '--extract-response-body', '--extract-response-error', '--silent'],
    { cwd: dir, encoding: 'utf8', timeout: 120_000 },
  );
  const seconds = { generate: (performance.now() - generateStart) / 1000, compile: 0 };
  if (generate.status !== 0) return { ok: false, step: 'generate', output: `${generate.stdout}${generate.stderr}${generate.error ?? ''}`, seconds };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(SECOND_CLIENT_TSCONFIG, null, 2));
  writeFileSync(path.join(dir, 'usage.ts'), SECOND_CLIENT_USAGE);
  const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  const compileStart = performance.now();
  const compile = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  seconds.compile = (performance.now() - compileStart) / 1000;
  const output = `${compile.stdout}${compile.stderr}${compile.error ?? ''}`;
  return compile.status === 0 ? { ok: true, step: 'compiled', output, seconds } : { ok: false, step: 'compile', output, seconds };
}

const SECOND_CLIENT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    // The generated client uses fetch, FormData and AbortController as a browser has them.
    lib: ['ES2022', 'DOM'],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    allowImportingTsExtensions: true,
    noEmit: true,
  },
  include: ['*.ts'],
};

/** Calls through the generated client: the operations, bodies and errors must come out typed. */
const SECOND_CLIENT_USAGE = `import { Api, type JobRequest, type Problem } from './api.ts';

const api = new Api({ baseUrl: 'http://localhost:3000' });
const train = { type: 'train', dataset: 'ds_x', model: { architecture: { kind: 'mlp', hidden: [8] } } } satisfies JobRequest;

export async function run(): Promise<string> {
  const dataset = await api.v1.createDataset({ name: 'blobs', source: { builtin: 'blobs' } });
  const submitted = await api.v1.submitJob({ ...train, dataset: dataset.data.id });
  const job = await api.v1.getJob(submitted.data.id);
  const status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' = job.data.status;
  const problem: Problem | null = job.error;
  const model = job.data.result ? (await api.v1.getModel(job.data.result.model)).data.format : undefined;
  // @ts-expect-error a job type the document does not have
  await api.v1.submitJob({ type: 'nope', dataset: 'ds_x' });
  return [status, problem?.code, model].join(' ');
}
`;
