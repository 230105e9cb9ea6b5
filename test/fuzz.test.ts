import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import type { AccessOptions } from '@distillery/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtures, type Fixtures } from './helpers/fuzz/fixtures.ts';
import type { FuzzRequest } from './helpers/fuzz/http.ts';
import { storeOrphans } from './helpers/fuzz/invariants.ts';
import { loadRegressions, REGRESSION_FOLDER, type KeptCase } from './helpers/fuzz/regressions.ts';
import { credentials, requestGenerators, type World } from './helpers/fuzz/requests.ts';
import { appRoutes, documentedOperations, HIDDEN_ROUTES, schemaResolver, uncoveredRoutes, type Operation } from './helpers/fuzz/routes.ts';
import { DEFAULT_SUCCESS_SHARE, FuzzRunner, type Target } from './helpers/fuzz/runner.ts';
import { startStack, type Stack } from './helpers/stack.ts';

// Bad input, at volume: thousands of invalid, oversized, mistyped and hostile
// requests against every route, with authentication off and on. The property,
// per request: no 5xx, no crash or hang, every error a documented problem
// document, and no stored state changed unless the request answered 2xx.
//
// Three parts: every case the property ever failed on, kept in
// test/fixtures/fuzz-regressions/ and replayed first; the generated cases
// with a fixed seed (the same cases every run); and a quarter as many with a
// fresh seed drawn per run, so that CI keeps finding new cases.
//
// FUZZ_RUNS multiplies the number of cases (1: about 8,300 fixed, 1,900 fresh),
// FUZZ_SEED replays the fixed run with another seed, FUZZ_RANDOM_SEED replays
// a fresh run, FUZZ_ONLY (a regular expression) picks targets ("regression"
// for the kept cases alone), FUZZ_STRICT=1 fails on known issues too,
// FUZZ_SHRINK=1 lets fast-check shrink a failing case. A failing request is
// written to test-results/fuzz/ in the regression format: copy it into
// test/fixtures/fuzz-regressions/ to keep it.

function seedFrom(variable: string, otherwise: number): number {
  const seed = Number(process.env[variable] ?? otherwise);
  if (!Number.isSafeInteger(seed)) throw new Error(`${variable}=${process.env[variable]} is not an integer`);
  return seed;
}

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
/** The fresh-seed run's share of the fixed run's cases. */
const FRESH_SHARE = 0.25;
const shared = { caseTimeoutMs: 20_000, shrink: process.env.FUZZ_SHRINK === '1' };
const runner = new FuzzRunner({ seed: seedFrom('FUZZ_SEED', 20_260_611), seedVariable: 'FUZZ_SEED', scale: SCALE, ...shared });
const fresh = new FuzzRunner({ seed: seedFrom('FUZZ_RANDOM_SEED', randomInt(1, 2 ** 31 - 1)), seedVariable: 'FUZZ_RANDOM_SEED', scale: SCALE * FRESH_SHARE, ...shared });
const ONLY = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : undefined;
const MAX_FILE_BYTES = 64 * 1024;
const REGRESSIONS = loadRegressions();
console.log(`fuzz: seed ${runner.options.seed} (FUZZ_SEED replays it), scale ${runner.options.scale} (FUZZ_RUNS)`);
console.log(`fuzz: fresh seed ${fresh.options.seed} (FUZZ_RANDOM_SEED=${fresh.options.seed} to replay), scale ${fresh.options.scale}`);
console.log(`fuzz: ${REGRESSIONS.length} kept regression cases in ${REGRESSION_FOLDER}/`);

// Started while the tests are collected: the routes to fuzz come from the app's own OpenAPI document.
const main = await startStack({ workers: 0, uploads: { maxFileBytes: MAX_FILE_BYTES } });
const document = (await main.api.inject({ method: 'GET', url: '/docs/json' })).json();
const operations = documentedOperations(document);

/** The stack and records the cases currently aim at. */
let current: World & { stack: Stack };
const generators = requestGenerators(() => current);
const restoreLogs = runner.captureLogs(main.api.log);

afterAll(async () => {
  restoreLogs();
  console.log(runner.summary());
  await main.close();
});

/** Cases per documented operation at scale 1; the others get DEFAULT_RUNS. */
const RUNS: Record<string, number> = {
  submitJob: 1000,
  createDataset: 1000,
  uploadModel: 700,
  listJobs: 250,
  listModels: 250,
  listDatasets: 200,
  listJobEvents: 300,
  downloadModelFile: 200,
};
const DEFAULT_RUNS = 120;
/** Deletes and cancels run after everything that reads what they remove (one cache entry at a time before the whole cache). */
const LAST = new Set(['deleteDataset', 'deleteModel', 'cancelJob', 'revokeApiKey', 'clearCache']);

function targets(runsOf: (operation: Operation | undefined, base: number) => number): Target[] {
  const operation = (o: Operation): Target => ({
    name: `${o.method} ${o.path} (${o.operationId})`,
    runs: runsOf(o, RUNS[o.operationId] ?? DEFAULT_RUNS),
    arbitrary: () => generators.operationRequest(o),
  });
  return [
    ...operations.filter((o) => !LAST.has(o.operationId)).map(operation),
    { name: 'hidden: / and /ui (dashboard)', runs: runsOf(undefined, 120), arbitrary: generators.hidden.dashboard },
    { name: 'hidden: /metrics', runs: runsOf(undefined, 60), arbitrary: generators.hidden.metrics },
    { name: 'hidden: /docs (OpenAPI, Swagger UI)', runs: runsOf(undefined, 120), arbitrary: generators.hidden.docs },
    { name: 'hidden: /admin/queues (bull-board)', runs: runsOf(undefined, 200), problemShape: false, arbitrary: generators.hidden.queueBoard },
    { name: 'no such route', runs: runsOf(undefined, 300), minSuccessShare: 0, arbitrary: generators.hidden.unknown },
    ...operations.filter((o) => LAST.has(o.operationId)).map(operation),
  ];
}

/** The keys-on run asks who may ask: per target few cases, most of them refused by design; the share is checked over the run. */
const KEYS_ON_SUCCESS_SHARE = 0.05;

/** The fresh-seed run checks the share of 2xx over the run: per target, a few dozen random cases may by chance get none through. */
const FRESH_SUCCESS_SHARE = 0.1;

const skipped = (name: string) => ONLY !== undefined && !ONLY.test(name);

/** Each kept case as a test of its own, replayed before the generated cases. */
function replayEach(kept: KeptCase[]): void {
  for (const each of kept) {
    const name = `regression: ${each.file}`;
    it.skipIf(skipped(name))(`${name}: the property holds and the answer is what the case expects`, async () => {
      await runner.replay(current.stack, current.fixtures, each);
      expect((await current.stack.api.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    });
  }
}

function fuzzEach(list: Target[], prefix = '', by = runner): void {
  for (const target of list) {
    const name = `${prefix}${target.name}`;
    it.skipIf(skipped(name))(
      `${name}: never a 5xx, always a problem document, nothing stored unless 2xx`,
      async () => {
        await by.fuzz(current.stack, current.fixtures, { ...target, name });
        // Still alive, still talking to Redis.
        expect((await current.stack.api.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
        // And some cases got through: the property held for requests that changed stored state too.
        const { cases, accepted } = by.answered(name);
        const least = Math.ceil((target.minSuccessShare ?? DEFAULT_SUCCESS_SHARE) * cases);
        expect(accepted, `${accepted} of ${cases} cases answered 2xx (${by.seedLine}); the generator should get at least ${least} past every check`).toBeGreaterThanOrEqual(least);
      },
      60_000 + by.runs(target) * 200,
    );
  }
}

function noOrphans(): void {
  it('leaves no orphan: every stored file belongs to a record, every indexed id has one', async () => {
    expect(await storeOrphans(current.stack.redis, current.stack.store, current.stack.artifactDir)).toEqual([]);
  });
}

const world = (stack: Stack, fixtures: Fixtures) => ({ stack, fixtures, resolve: schemaResolver(document), maxFileBytes: MAX_FILE_BYTES });

describe('bad input, at volume: authentication off', () => {
  beforeAll(async () => {
    current = world(main, await createFixtures(main.api));
  }, 120_000);

  it('has a target for every route the app serves', () => {
    const routes = appRoutes(main.api);
    expect(routes.length).toBeGreaterThan(operations.length);
    expect(uncoveredRoutes(routes, operations), `routes in neither the OpenAPI document nor HIDDEN_ROUTES (${HIDDEN_ROUTES.map((h) => h.path).join(', ')})`).toEqual([]);
  });

  replayEach(REGRESSIONS.filter((kept) => kept.auth === 'off'));
  fuzzEach(targets((_, base) => base));
  noOrphans();
});

describe('bad input, at volume: API keys on', () => {
  const keys = { user: `acme-user-${'k'.repeat(32)}`, admin: `ops-admin-${'k'.repeat(32)}` };
  const access: AccessOptions = {
    auth: 'keys',
    keys: [
      { tenant: 'acme', role: 'user', key: keys.user },
      { tenant: 'ops', role: 'admin', key: keys.admin },
    ],
    // Far from the limits: quotas and rate limits have tests of their own (tenants.test.ts).
    limits: { requestsPerMinute: 1e9, failedAuthPerMinute: 1e9, concurrentJobs: 1e6, storedBytes: 1e12 },
  };
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 0, uploads: { maxFileBytes: MAX_FILE_BYTES }, access }); // flushes Redis: the runs above are done
    current = world(stack, await createFixtures(stack.api, { authorization: `Bearer ${keys.user}` }));
  }, 120_000);
  afterAll(async () => stack.close());

  const withCredentials = (target: Target): Target => ({
    ...target,
    auth: 'keys',
    arbitrary: () =>
      fc.tuple(target.arbitrary(), credentials(keys)).map(([request, credential]): FuzzRequest => {
        const { authorization: _a, cookie: _c, ...rest } = request.headers;
        return { ...request, headers: { ...rest, ...credential } };
      }),
  });
  replayEach(REGRESSIONS.filter((kept) => kept.auth === 'keys'));

  // A tenth of the cases of the run above: what differs here is who asks, not what is asked.
  const keysOn = targets((_, base) => Math.ceil(base / 10)).map((target) => ({ ...withCredentials(target), minSuccessShare: 0 }));
  fuzzEach(keysOn, 'keys on: ');
  noOrphans();

  it.skipIf(ONLY !== undefined)('gets a real share of its cases past authentication and every check, to a 2xx', () => {
    const answered = keysOn.map((target) => runner.answered(`keys on: ${target.name}`));
    const cases = answered.reduce((sum, a) => sum + a.cases, 0);
    const accepted = answered.reduce((sum, a) => sum + a.accepted, 0);
    expect(cases).toBeGreaterThan(0);
    expect(accepted / cases).toBeGreaterThanOrEqual(KEYS_ON_SUCCESS_SHARE);
  });
});

// The same targets, a quarter of the cases, a seed drawn per run: every CI run tries cases no run tried before.
const freshTargets = targets((_, base) => base).map((target) => ({ ...target, minSuccessShare: 0 }));

describe.skipIf(freshTargets.every((target) => skipped(`fresh seed: ${target.name}`)))('bad input, at volume: a fresh seed', () => {
  let stack: Stack;
  let restoreFreshLogs: () => void = () => undefined;
  beforeAll(async () => {
    stack = await startStack({ workers: 0, uploads: { maxFileBytes: MAX_FILE_BYTES } }); // flushes Redis: the runs above are done
    restoreFreshLogs = fresh.captureLogs(stack.api.log);
    current = world(stack, await createFixtures(stack.api));
  }, 120_000);
  afterAll(async () => {
    restoreFreshLogs();
    console.log(fresh.summary());
    await stack.close();
  });

  fuzzEach(freshTargets, 'fresh seed: ', fresh);
  noOrphans();

  it.skipIf(ONLY !== undefined)('gets a real share of its cases past every check, to a 2xx', () => {
    const answered = freshTargets.map((target) => fresh.answered(`fresh seed: ${target.name}`));
    const cases = answered.reduce((sum, a) => sum + a.cases, 0);
    const accepted = answered.reduce((sum, a) => sum + a.accepted, 0);
    expect(cases).toBeGreaterThan(0);
    expect(accepted / cases, `${accepted} of ${cases} cases answered 2xx (${fresh.seedLine})`).toBeGreaterThanOrEqual(FRESH_SUCCESS_SHARE);
  });
});
