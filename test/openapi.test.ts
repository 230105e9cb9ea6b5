import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as contracts from '@distillery/contracts';
import * as jobs from '@distillery/jobs';
import { JobRequest } from '@distillery/jobs';
import { Value } from 'typebox/value';
import { beforeAll, expect, it } from 'vitest';
import { requestExamples } from '../services/api/src/openapi/examples.ts';
import { compileSecondClient, formatLintProblems, lintOpenApi } from '../scripts/openapi-checks.ts';
import { buildOpenApi, type ServedRoute } from '../scripts/openapi.ts';

// The OpenAPI document as `npm run generate:client` builds it: linted with the
// rules in redocly.yaml, checked against Fastify's route table, and fed to a
// second generator whose client must compile. This file builds one app only:
// two in one process once gave different documents (shared schema objects).

interface Media {
  schema?: { $ref?: string };
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface Document {
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme?: string }> };
}

/** Served on purpose outside the document: the dashboard, Prometheus, the document itself and Swagger UI, bull-board. */
const UNDOCUMENTED = [
  { url: '/', why: 'redirects to the dashboard' },
  { url: '/ui', prefix: true, why: 'the dashboard' },
  { url: '/metrics', why: 'Prometheus text format' },
  { url: '/docs', prefix: true, why: 'this document and Swagger UI' },
  { url: '/admin/queues', prefix: true, why: 'bull-board' },
];

let document: Document;
let routes: ServedRoute[];
beforeAll(async () => {
  const built = await buildOpenApi();
  document = built.document as unknown as Document;
  routes = built.routes;
});

const operations = () =>
  Object.entries(document.paths).flatMap(([url, methods]) => Object.entries(methods).map(([method, operation]) => ({ url, method, ...operation })));

it('lints clean with the rules in redocly.yaml', async () => {
  const problems = await lintOpenApi(document);
  expect(formatLintProblems(problems), 'run `npm run check:openapi` to see them').toBe('');
});

it("names every component schema after a contract's $id, and routes refer to the named schemas", () => {
  const names = Object.keys(document.components.schemas);
  expect(names.filter((name) => /^def-\d+$/.test(name))).toEqual([]);
  // The contracts: the shared schemas, the job catalog's (requests, records, results) and the methods' sections of a result.
  const ids = new Set(([...Object.values(contracts), ...Object.values(jobs), ...jobs.methodMetricSchemas] as { $id?: unknown }[]).map((value) => (typeof value === 'object' && value !== null ? value.$id : undefined)));
  expect(names.filter((name) => !ids.has(name))).toEqual([]);
  const json = (operation: Operation, status: string) => operation.responses[status]?.content?.['application/json']?.schema;
  expect(json(document.paths['/v1/jobs/{id}']!.get!, '200')).toEqual({ $ref: '#/components/schemas/Job' });
  expect(json(document.paths['/v1/models/{id}']!.get!, '200')).toEqual({ $ref: '#/components/schemas/Model' });
  expect(document.paths['/v1/jobs']!.post!.requestBody!.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/JobRequest' });
});

it("documents every route in Fastify's route table, except the ones served outside the API on purpose", () => {
  const template = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  const documented = new Set(operations().map((op) => `${op.method.toUpperCase()} ${op.url}`));
  const outside = (url: string) => UNDOCUMENTED.some((u) => url === u.url || (u.prefix === true && url.startsWith(`${u.url}/`)));
  const served = routes.filter((route) => route.method !== 'HEAD');
  const missing = served.filter((route) => !outside(route.url) && !documented.has(`${route.method} ${template(route.url)}`));
  expect(missing.map((route) => `${route.method} ${route.url}`)).toEqual([]);
  // The other way round: nothing documented that the server does not answer, and nothing left out by accident.
  const servedKeys = new Set(served.map((route) => `${route.method} ${template(route.url)}`));
  expect([...documented].filter((key) => !servedKeys.has(key))).toEqual([]);
  // A route hidden with `schema.hide` belongs in UNDOCUMENTED, with its reason.
  expect(served.filter((route) => route.hidden && !outside(route.url)).map((route) => route.url)).toEqual([]);
});

it('says how to authenticate, and what every operation that needs a key can answer', () => {
  expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(document.security).toEqual([{ apiKey: [] }]);
  const all = operations();
  const open = all.filter((op) => op.security?.length === 0);
  expect(open.map((op) => op.url).sort()).toEqual(['/healthz', '/readyz']);
  for (const op of all.filter((o) => !open.includes(o))) {
    // Any key can be missing, over its rate or meet Redis down; the lint checks these are problem documents.
    expect(Object.keys(op.responses), `${op.method} ${op.url}`).toEqual(expect.arrayContaining(['401', '429', '503']));
  }
});

it('has request examples for the main operations, each valid for the schema the server validates with', () => {
  const body = (operationId: string, type: string) =>
    operations().find((op) => op.operationId === operationId)?.requestBody?.content[type]?.examples ?? {};
  for (const [operationId, types] of Object.entries(requestExamples)) {
    for (const [type, { examples }] of Object.entries(types)) {
      expect(Object.keys(body(operationId, type)), `${operationId} ${type}`).toEqual(Object.keys(examples));
    }
  }
  const submit = Object.values(body('submitJob', 'application/json')).map((example) => example.value);
  expect(new Set(submit.map((value) => (value as { type: string }).type))).toEqual(new Set(['train', 'distill']));
  for (const value of submit) expect([...Value.Errors(JobRequest, value)], JSON.stringify(value)).toEqual([]);
  for (const { value } of Object.values(body('createDataset', 'application/json'))) expect(Value.Check(contracts.CreateDatasetRequest, value)).toBe(true);
  expect(Object.keys(body('createDataset', 'multipart/form-data')).length).toBeGreaterThan(0);
  expect(Object.keys(body('uploadModel', 'multipart/form-data')).length).toBeGreaterThan(0);
});

it('gives a second generator (swagger-typescript-api) a client that compiles with tsc --strict', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'distillery-second-client-'));
  try {
    const run = compileSecondClient(document, dir);
    expect(run.output, `the ${run.step} step failed`).toBe('');
    expect(run.step).toBe('compiled');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
