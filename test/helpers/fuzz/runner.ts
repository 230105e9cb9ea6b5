import fc from 'fast-check';
import type { Stack } from '../stack.ts';
import type { Fixtures } from './fixtures.ts';
import { describeRequest, type FuzzRequest } from './http.ts';
import { responseViolations, stateDifference, stateFingerprint, type Fingerprint } from './invariants.ts';
import { KNOWN_ISSUES, knownIssueOf, STRICT } from './known-issues.ts';
import { expectationViolations, KEEP_HINT, REGRESSION_FOLDER, regressionRequest, saveReplay, type KeptCase } from './regressions.ts';

/** One thing to fuzz: a route, or a family of them. */
export interface Target {
  name: string;
  /** Cases at scale 1. */
  runs: number;
  arbitrary: () => fc.Arbitrary<FuzzRequest>;
  /** bull-board answers its own errors in its own shape: only the status is checked there. */
  problemShape?: boolean;
  /**
   * The least share of cases that must be accepted (2xx): a generator that only ever produces
   * refusals tests the refusals alone, never what an accepted request may do to stored state.
   * Default DEFAULT_SUCCESS_SHARE; 0 where nothing should succeed.
   */
  minSuccessShare?: number;
  /** The stack the cases go to, written into a saved replay: authentication off (default) or API keys on. */
  auth?: 'off' | 'keys';
}

export const DEFAULT_SUCCESS_SHARE = 0.02;

export interface RunnerOptions {
  seed: number;
  /** The environment variable that sets `seed`: failure messages name it, so that any failure can be replayed. */
  seedVariable: string;
  /** Multiplies every target's runs (FUZZ_RUNS). */
  scale: number;
  /** A case unanswered this long is a hang. */
  caseTimeoutMs: number;
  /** Let fast-check shrink a failing case (slower, smaller counterexample). */
  shrink: boolean;
}

interface TargetStats {
  cases: number;
  ms: number;
  statuses: Map<number, number>;
}

/** One request answered (or not) and checked. */
interface Outcome {
  /** Undefined when no answer came within the bound. */
  response?: { statusCode: number; contentType: string | undefined; body: string };
  violations: string[];
  /** The request, the response and what the app logged, for a failure message (built only on failure: it costs as much as a case). */
  account: () => string;
}

/**
 * Runs targets against a stack and checks the property on every case: no
 * 5xx, no hang, every error a documented problem document, no stored state
 * changed unless the answer was 2xx. Keeps per-target counts for the summary.
 */
export class FuzzRunner {
  readonly stats = new Map<string, TargetStats>();
  /** Cases that hit a known, reported issue (known-issues.ts): counted, not failed. */
  readonly known = new Map<string, number>();
  private logged: unknown[] = [];
  private lastState: Fingerprint | undefined;
  /** When the first case of this runner was sent: the fresh-seed runner is made long before it runs. */
  private started: number | undefined;
  /** When its last case was answered: the summary is printed after every run of the file. */
  private finished = 0;
  /** Time spent fingerprinting the stored state, for the summary. */
  private stateMs = 0;
  private stateOps = 0;

  constructor(readonly options: RunnerOptions) {}

  runs(target: Pick<Target, 'runs'>): number {
    return Math.max(1, Math.round(target.runs * this.options.scale));
  }

  /** How many of a target's cases were answered, and how many of them with a 2xx. */
  answered(name: string): { cases: number; accepted: number } {
    const stat = this.stats.get(name);
    const accepted = [...(stat?.statuses ?? [])].filter(([code]) => code >= 200 && code < 300).reduce((sum, [, n]) => sum + n, 0);
    return { cases: stat?.cases ?? 0, accepted };
  }

  /**
   * The app logs every 5xx with its stack through `request.log.error`; with
   * `logger: false` that is one shared no-op object, so it is caught here.
   */
  captureLogs(log: unknown): () => void {
    const target = log as Record<'error' | 'warn', (...args: unknown[]) => void>;
    const original = { error: target.error, warn: target.warn };
    target.error = (...args) => void this.logged.push(args[0]);
    target.warn = (...args) => void this.logged.push(args[0]);
    return () => Object.assign(target, original);
  }

  async fuzz(stack: Stack, fixtures: Fixtures, target: Target): Promise<void> {
    this.stats.set(target.name, { cases: 0, ms: 0, statuses: new Map() });
    this.lastState = undefined;
    await fc.assert(
      fc.asyncProperty(target.arbitrary(), (request) => this.exercise(stack, fixtures, target, request)),
      { numRuns: this.runs(target), seed: seedOf(this.options.seed, target.name), endOnFailure: !this.options.shrink },
    );
  }

  /** How to replay this run: the seed and the variable that sets it. */
  get seedLine(): string {
    const { seed, seedVariable } = this.options;
    return `seed ${seed} (${seedVariable}=${seed} npx vitest run test/fuzz.test.ts replays this run)`;
  }

  private async exercise(stack: Stack, fixtures: Fixtures, target: Target, generated: FuzzRequest): Promise<void> {
    const request = tame(fixtures, generated);
    const problemShape = target.problemShape ?? true;
    const outcome = await this.check(stack, fixtures, request, problemShape, this.stats.get(target.name));
    if (outcome.violations.length === 0) return;
    const issue = outcome.response && knownIssueOf(request, outcome.response);
    if (issue) {
      this.known.set(issue.id, (this.known.get(issue.id) ?? 0) + 1);
      return;
    }
    const what = outcome.violations.join('\n');
    const file = saveReplay(request, fixtures, { what, target: target.name, auth: target.auth ?? 'off', seed: `${this.options.seedVariable}=${this.options.seed}`, problemShape });
    console.log(`fuzz: saved the failing request of "${target.name}" to ${file}: ${KEEP_HINT}`);
    throw new Error(`${what}\n${this.seedLine}\nreplay: ${file} (${KEEP_HINT})\n${outcome.account()}`);
  }

  /**
   * Replays a kept regression case: the property the generated cases are
   * held to, strictly (a known issue does not excuse it), and what the file
   * expects besides.
   */
  async replay(stack: Stack, fixtures: Fixtures, kept: KeptCase): Promise<void> {
    const { regression } = kept;
    if (!regression) throw new Error(kept.error);
    const request = tame(fixtures, regressionRequest(regression, fixtures));
    this.lastState = undefined;
    const outcome = await this.check(stack, fixtures, request, regression.problemShape ?? true);
    this.lastState = undefined;
    const violations = [...outcome.violations, ...(outcome.response ? expectationViolations(regression.expect, outcome.response) : [])];
    if (violations.length === 0) return;
    throw new Error(
      `${REGRESSION_FOLDER}/${kept.file} fails again (FUZZ_ONLY='regression: ${kept.file}' npx vitest run test/fuzz.test.ts replays it alone)\n` +
        `then: ${regression.what}\nnow: ${violations.join('\n')}\n${outcome.account()}`,
    );
  }

  /**
   * Sends one request and checks the property on it: an answer within the
   * bound, below 500, a documented problem document for an error, and no
   * stored state changed unless it answered 2xx.
   */
  private async check(stack: Stack, fixtures: Fixtures, request: FuzzRequest, problemShape: boolean, stat?: TargetStats): Promise<Outcome> {
    // Nothing runs between cases (no workers): the state after one case is the state before the next.
    const before = this.lastState ?? (await stateFingerprint(stack.redis, stack.artifactDir));
    this.lastState = undefined;
    this.logged = [];
    const started = performance.now();
    this.started ??= started;
    const answered = await answerWithin(stack.api.inject({ ...request, method: request.method as 'GET' }), this.options.caseTimeoutMs);
    const described = () => `request: ${describeRequest(request)}`;
    if (!answered.ok) return { violations: [answered.error], account: described };
    const response = answered.value;
    this.finished = performance.now();
    if (stat) {
      stat.ms += performance.now() - started;
      stat.cases += 1;
      stat.statuses.set(response.statusCode, (stat.statuses.get(response.statusCode) ?? 0) + 1);
    }
    const facts = { statusCode: response.statusCode, contentType: response.headers['content-type'] as string | undefined, body: response.body };
    const violations = responseViolations({ method: request.method, ...facts }, { problemShape });
    const t0 = performance.now();
    const after = await stateFingerprint(stack.redis, stack.artifactDir);
    this.stateMs += performance.now() - t0;
    this.stateOps += 1;
    this.lastState = after;
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const changes = stateDifference(before, after);
      if (changes.length > 0) violations.push(`a ${response.statusCode} changed stored state: ${changes.slice(0, 10).join('; ')}`);
    } else {
      remember(fixtures, request, response.body);
    }
    const logged = this.logged;
    const account = () => {
      const errors = logged.map((entry) => (entry as { err?: Error } | undefined)?.err?.stack ?? JSON.stringify(entry)).join('\n');
      return `${described()}\nresponse: ${response.statusCode} ${facts.contentType} ${response.body.slice(0, 600)}${errors ? `\nlogged: ${errors}` : ''}`;
    };
    return { response: facts, violations, account };
  }

  summary(): string {
    const rows = [...this.stats].map(
      ([name, s]) =>
        `${name.padEnd(52)} ${String(s.cases).padStart(6)} cases ${(s.ms / 1000).toFixed(1).padStart(6)} s  ` +
        [...s.statuses].sort(([a], [b]) => a - b).map(([code, n]) => `${code}×${n}`).join(' '),
    );
    const total = [...this.stats.values()].reduce((sum, s) => sum + s.cases, 0);
    const wall = this.started === undefined ? 0 : (this.finished - this.started) / 1000;
    const issues = [...this.known].map(([id, n]) => `known issue ${id}: ${n} cases: ${KNOWN_ISSUES.find((i) => i.id === id)?.summary}`);
    const { seed, seedVariable, scale } = this.options;
    return `fuzz: ${total} cases in ${wall.toFixed(1)} s (${seedVariable}=${seed}, scale ${scale}${STRICT ? ', strict' : ''}; state checks ${(this.stateMs / 1000).toFixed(1)} s for ${this.stateOps})\n${[...rows, ...issues].join('\n')}`;
  }
}

/** Each target gets its own stream of cases, so one target's cases do not shift when another changes. */
function seedOf(seed: number, name: string): number {
  let hash = seed | 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/** A stream for a job that is not finished never ends (no workers run here): such requests go to the cancelled job. */
function tame(fixtures: Fixtures, request: FuzzRequest): FuzzRequest {
  const match = /^\/v1\/jobs\/([^/?#]+)\/events/.exec(request.url);
  if (!match || !(request.headers.accept ?? '').includes('text/event-stream')) return request;
  let id: string;
  try {
    id = decodeURIComponent(match[1]!);
  } catch {
    return request;
  }
  if (!fixtures.jobs.includes(id) || id === fixtures.cancelledJob) return request;
  return { ...request, url: request.url.replace(`/v1/jobs/${match[1]}/`, `/v1/jobs/${fixtures.cancelledJob}/`) };
}

/** Records made by a 2xx join the pools, so later cases read, download and delete them. */
function remember(fixtures: Fixtures, request: FuzzRequest, body: string): void {
  if (request.method !== 'POST') return;
  let id: unknown;
  try {
    id = (JSON.parse(body) as { id?: unknown }).id;
  } catch {
    return;
  }
  if (typeof id !== 'string') return;
  if (request.url.startsWith('/v1/datasets')) fixtures.datasets.push(id);
  else if (request.url.startsWith('/v1/models')) fixtures.models.push(id);
  else if (request.url.startsWith('/v1/jobs') && !request.url.includes('/cancel')) fixtures.jobs.push(id);
  else if (request.url.startsWith('/v1/sweeps') && !request.url.includes('/cancel')) fixtures.sweeps.push(id);
  else if (request.url.startsWith('/v1/keys')) fixtures.apiKeys.push(id);
}

/**
 * The request's answer, or why there is none: no answer within the bound (a
 * hang), or inject itself failing. The deadline is cleared once it answers.
 */
async function answerWithin<T>(pending: Promise<T>, ms: number): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ ok: false; error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([pending.then((value) => ({ ok: true as const, value }), (error: Error) => ({ ok: false as const, error: `the request failed: ${error.message}` })), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
