import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Fixtures } from './fixtures.ts';
import type { FuzzRequest } from './http.ts';
import { encodeForm, file as filePart, type FormOptions, type FormPart } from './multipart.ts';

/**
 * Every request the property tests ever failed on, kept as a file and
 * replayed before the generated cases. The format is the one a failing case
 * is saved in (test-results/fuzz/), so a saved replay is copied in as it is;
 * hand-written cases may describe the body instead. README.md in the folder
 * documents it.
 */
export const REGRESSION_FOLDER = 'test/fixtures/fuzz-regressions';
export const REPLAY_FOLDER = 'test-results/fuzz';
export const KEEP_HINT = `copy it into ${REGRESSION_FOLDER}/ to keep it`;

/** Text too long to write out: a string, one string repeated, or a list of these joined. */
export type TextSpec = string | { repeat: string; times: number } | TextSpec[];

/** A form part as FormPart writes it, or the fixture model's files as the generators upload them. */
export type PartSpec =
  | (Omit<FormPart, 'body'> & { body?: TextSpec; bodyBase64?: string })
  | {
      modelFiles: 'layers' | 'graph';
      /** The part name; default "files". */
      name?: string;
      /** File name → the name to send it under. */
      rename?: Record<string, string>;
      /** File name → its content instead (a string as it is, anything else as JSON); null leaves the file out. */
      replace?: Record<string, unknown>;
    };

export interface MultipartSpec {
  boundary: string;
  /** Default `multipart/form-data; boundary=<boundary>`; null sends no content-type. */
  contentType?: string | null;
  parts: PartSpec[];
  options?: Omit<FormOptions, 'boundary'>;
}

export interface Expectation {
  status?: number;
  code?: string;
  /** A substring of the problem's detail. */
  detail?: string;
}

export interface Regression {
  /** What went wrong, and what the service does now. */
  what: string;
  /** The stack to replay against: authentication off (default) or API keys on. */
  auth?: 'off' | 'keys';
  /** The fuzz target and seed it came from, when it came from a run. */
  target?: string;
  seed?: string;
  /** false for bull-board, which answers errors in its own shape. */
  problemShape?: boolean;
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** The body, at most one of: raw bytes, text, a JSON value, a form. */
  payloadBase64?: string;
  body?: TextSpec;
  json?: unknown;
  multipart?: MultipartSpec;
  /** Checked besides the property, for bugs that were not a 5xx (an upload that should have been refused). */
  expect?: Expectation;
}

export interface KeptCase {
  file: string;
  auth: 'off' | 'keys';
  /** Undefined when the file could not be read: its test fails with `error`. */
  regression?: Regression;
  error?: string;
}

const TOP_KEYS = new Set(['what', 'auth', 'target', 'seed', 'problemShape', 'method', 'url', 'headers', 'payloadBase64', 'body', 'json', 'multipart', 'expect']);
const BODY_KEYS = ['payloadBase64', 'body', 'json', 'multipart'] as const;

/** Every kept case, sorted by file name; a file that is not a valid case is kept too, to fail with its reason. */
export function loadRegressions(folder = REGRESSION_FOLDER): KeptCase[] {
  const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();
  return files.map((file): KeptCase => {
    try {
      const regression = checkRegression(JSON.parse(readFileSync(path.join(folder, file), 'utf8')));
      return { file, auth: regression.auth ?? 'off', regression };
    } catch (error) {
      return { file, auth: 'off', error: `${folder}/${file} is not a regression case: ${(error as Error).message} (see ${folder}/README.md)` };
    }
  });
}

function checkRegression(value: unknown): Regression {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  const r = value as Record<string, unknown>;
  const unknown = Object.keys(r).filter((key) => !TOP_KEYS.has(key));
  if (unknown.length > 0) throw new Error(`unknown keys ${unknown.join(', ')}`);
  if (typeof r.what !== 'string' || r.what === '') throw new Error('"what" (what went wrong) is missing');
  if (typeof r.method !== 'string' || typeof r.url !== 'string' || !r.url.startsWith('/')) throw new Error('"method" and "url" (a path from /) are required');
  if (r.auth !== undefined && r.auth !== 'off' && r.auth !== 'keys') throw new Error('"auth" is "off" or "keys"');
  if (r.headers !== undefined && (typeof r.headers !== 'object' || r.headers === null || Object.values(r.headers).some((v) => typeof v !== 'string'))) {
    throw new Error('"headers" maps names to strings');
  }
  const bodies = BODY_KEYS.filter((key) => key in r);
  if (bodies.length > 1) throw new Error(`give one body, not ${bodies.join(' and ')}`);
  if (r.multipart !== undefined) {
    const m = r.multipart as Partial<MultipartSpec>;
    if (typeof m.boundary !== 'string' || !Array.isArray(m.parts)) throw new Error('"multipart" needs "boundary" and "parts"');
  }
  const expect = (r.expect ?? {}) as Record<string, unknown>;
  if (expect.status !== undefined && typeof expect.status !== 'number') throw new Error('"expect.status" is a number');
  for (const key of Object.keys(expect)) if (!['status', 'code', 'detail'].includes(key)) throw new Error(`unknown key expect.${key}`);
  return r as unknown as Regression;
}

const PLACEHOLDER = /\{\{fixture:([A-Za-z]+)(?:\.(\d+))?\}\}/g;

/**
 * Ids differ from run to run, so a kept request names the fixtures it aims
 * at: `{{fixture:iris}}`, `{{fixture:apiKeys.3}}` (any string or string-list
 * field of Fixtures).
 */
export function fillFixtures(text: string, fixtures: Fixtures): string {
  return text.replace(PLACEHOLDER, (placeholder, name: string, index: string | undefined) => {
    const value = (fixtures as unknown as Record<string, unknown>)[name];
    const id = index === undefined ? value : Array.isArray(value) ? (value[Number(index)] as unknown) : undefined;
    if (typeof id !== 'string') throw new Error(`${placeholder} names no fixture id`);
    return id;
  });
}

/** The inverse, for saving: every fixture id in the text becomes its placeholder. */
export function nameFixtures(text: string, fixtures: Fixtures): string {
  const named: [string, string][] = [];
  for (const [name, value] of Object.entries(fixtures)) {
    if (typeof value === 'string') named.push([value, `{{fixture:${name}}}`]);
  }
  fixtures.apiKeys.forEach((id, i) => named.push([id, `{{fixture:apiKeys.${i}}}`]));
  return named.sort(([a], [b]) => b.length - a.length).reduce((out, [id, placeholder]) => out.split(id).join(placeholder), text);
}

export function textOf(spec: TextSpec): string {
  if (typeof spec === 'string') return spec;
  if (Array.isArray(spec)) return spec.map(textOf).join('');
  return spec.repeat.repeat(spec.times);
}

function partsOf(spec: PartSpec, fixtures: Fixtures, fill: (text: string) => string): FormPart[] {
  if ('modelFiles' in spec) {
    const base = spec.modelFiles === 'graph' ? fixtures.graphFiles : fixtures.layersFiles;
    const parts: FormPart[] = [];
    for (const [name, bytes] of base) {
      const replaced = spec.replace && name in spec.replace ? spec.replace[name] : bytes;
      if (replaced === null) continue;
      const content = Buffer.isBuffer(replaced) ? replaced : typeof replaced === 'string' ? replaced : JSON.stringify(replaced);
      parts.push(filePart(spec.name ?? 'files', spec.rename?.[name] ?? name, content));
    }
    return parts;
  }
  const { body, bodyBase64, ...headers } = spec;
  return [{ ...headers, body: bodyBase64 !== undefined ? Buffer.from(bodyBase64, 'base64') : fill(textOf(body ?? '')) }];
}

/** The request a kept case sends, its placeholders filled with this run's fixture ids. */
export function regressionRequest(regression: Regression, fixtures: Fixtures): FuzzRequest {
  const fill = (text: string) => fillFixtures(text, fixtures);
  const headers = Object.fromEntries(Object.entries(regression.headers ?? {}).map(([name, value]) => [name, fill(value)]));
  let payload: string | Buffer | undefined;
  if (regression.payloadBase64 !== undefined) payload = Buffer.from(fill(Buffer.from(regression.payloadBase64, 'base64').toString('latin1')), 'latin1');
  else if (regression.body !== undefined) payload = fill(textOf(regression.body));
  else if ('json' in regression) payload = fill(JSON.stringify(regression.json));
  else if (regression.multipart) {
    const { boundary, contentType, parts, options } = regression.multipart;
    payload = encodeForm(parts.flatMap((part) => partsOf(part, fixtures, fill)), { ...options, boundary });
    const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
    if (!hasType && contentType !== null) headers['content-type'] = contentType ?? `multipart/form-data; boundary=${boundary}`;
  }
  return { method: regression.method, url: fill(regression.url), headers, ...(payload !== undefined ? { payload } : {}) };
}

/** What a kept case's `expect` asks beyond the property, and how the response differs from it. */
export function expectationViolations(expect: Expectation | undefined, response: { statusCode: number; body: string }): string[] {
  if (!expect) return [];
  const violations: string[] = [];
  if (expect.status !== undefined && response.statusCode !== expect.status) violations.push(`answered ${response.statusCode}, the case expects ${expect.status}`);
  if (expect.code === undefined && expect.detail === undefined) return violations;
  let problem: { code?: unknown; detail?: unknown } = {};
  try {
    problem = JSON.parse(response.body) as typeof problem;
  } catch {
    // Reported below as a missing code or detail.
  }
  if (expect.code !== undefined && problem.code !== expect.code) violations.push(`problem.code ${JSON.stringify(problem.code)}, the case expects ${expect.code}`);
  if (expect.detail !== undefined && !(typeof problem.detail === 'string' && problem.detail.includes(expect.detail))) {
    violations.push(`problem.detail ${JSON.stringify(problem.detail)} does not contain ${JSON.stringify(expect.detail)}`);
  }
  return violations;
}

/**
 * Writes a failing request as a regression case (fixture ids as
 * placeholders), under test-results/fuzz/<target>.json; returns the path.
 */
export function saveReplay(
  request: FuzzRequest,
  fixtures: Fixtures,
  about: { what: string; target: string; auth: 'off' | 'keys'; seed: string; problemShape: boolean },
): string {
  mkdirSync(REPLAY_FOLDER, { recursive: true });
  const file = `${REPLAY_FOLDER}/${about.target.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.json`;
  const name = (text: string) => nameFixtures(text, fixtures);
  const payload = request.payload === undefined ? undefined : Buffer.from(name(Buffer.from(request.payload).toString('latin1')), 'latin1');
  const regression: Regression = {
    what: about.what,
    target: about.target,
    auth: about.auth,
    seed: about.seed,
    ...(about.problemShape ? {} : { problemShape: false }),
    method: request.method,
    url: name(request.url),
    headers: Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, name(value)])),
    ...(payload !== undefined ? { payloadBase64: payload.toString('base64') } : {}),
  };
  writeFileSync(file, `${JSON.stringify(regression, null, 2)}\n`);
  return file;
}
