import fc from 'fast-check';
import type { Fixtures } from './fixtures.ts';
import { hostileValue, jsonText, malformedJsonText, nastyString } from './hostile.ts';
import { badEscape, encode, headers, pathSegment, queryString, type FuzzRequest, type Pool } from './http.ts';
import { randomPart } from './multipart.ts';
import { nearMiss } from './mutate.ts';
import type { Operation } from './routes.ts';
import { valueOf, type JsonSchema, type SchemaContext } from './schema.ts';
import { asUpload, datasetUpload, modelUpload } from './uploads.ts';

/** What the generators aim at; read when each case is generated, so records made by earlier cases are aimed at too. */
export interface World {
  fixtures: Fixtures;
  resolve: SchemaContext['resolve'];
  maxFileBytes: number;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'SEARCH'];

/** Request generators for one app: documented operations, the hidden routes, and routes that do not exist. */
export function requestGenerators(world: () => World) {
  const pools = {
    datasets: (): readonly string[] => world().fixtures.datasets,
    models: (): readonly string[] => world().fixtures.models,
    jobs: (): readonly string[] => world().fixtures.jobs,
    sweeps: (): readonly string[] => world().fixtures.sweeps,
    cacheEntries: (): readonly string[] => world().fixtures.cacheEntries,
    apiKeys: (): readonly string[] => world().fixtures.apiKeys,
    eventIds: (): readonly string[] => world().fixtures.eventIds,
    files: (): readonly string[] => world().fixtures.modelFileNames,
    all: (): readonly string[] => [...world().fixtures.datasets, ...world().fixtures.models, ...world().fixtures.jobs, ...world().fixtures.sweeps],
  };
  const pick = (pool: Pool) => fc.nat().map((i) => pool()[i % pool().length] ?? 'missing');

  const context: SchemaContext = {
    resolve: (ref) => world().resolve(ref),
    // Real ids where the schema names one, so near misses get past "does not exist" to the checks behind it.
    stringFor: (property) => {
      if (property === 'dataset') return fc.oneof({ arbitrary: pick(pools.datasets), weight: 9 }, { arbitrary: nastyString, weight: 1 });
      if (property === 'model') return fc.oneof({ arbitrary: pick(pools.models), weight: 9 }, { arbitrary: nastyString, weight: 1 });
      if (property === 'after') return fc.oneof(pick(pools.eventIds), pick(pools.all));
      if (property === 'name') return fc.constantFrom('fuzzed', 'x');
      return undefined;
    },
  };

  function poolFor(operation: Pick<Operation, 'path'>, parameter: string): Pool {
    if (parameter === 'name') return pools.files;
    if (operation.path.startsWith('/v1/datasets')) return pools.datasets;
    if (operation.path.startsWith('/v1/models')) return pools.models;
    if (operation.path.startsWith('/v1/jobs')) return pools.jobs;
    if (operation.path.startsWith('/v1/sweeps')) return pools.sweeps;
    if (operation.path.startsWith('/v1/cache')) return pools.cacheEntries;
    if (operation.path.startsWith('/v1/keys')) return pools.apiKeys;
    return pools.all;
  }

  /**
   * A JSON body for a schema: valid now and then, mostly one mutation away from valid, sometimes
   * not JSON at all. Where the fixtures know bodies the service accepts (jobs and sweeps that name
   * real records), those and their near misses too: a body valid for the schema alone rarely gets
   * past the checks against the records, so without them few cases would reach a 2xx.
   */
  function jsonBody(schema: JsonSchema, operationId: string): fc.Arbitrary<string | Buffer> {
    const valid = valueOf(schema, context);
    const accepted = () => world().fixtures.validBodies[operationId] ?? [];
    const known = fc.nat().map((i) => accepted()[i % Math.max(1, accepted().length)] ?? {});
    return fc.oneof(
      { arbitrary: valid.map((v) => JSON.stringify(v) ?? ''), weight: 1 },
      { arbitrary: nearMiss(valid).map((v) => JSON.stringify(v) ?? ''), weight: 6 },
      ...(accepted().length > 0
        ? [
            { arbitrary: known.map((v) => JSON.stringify(v)), weight: 1 },
            { arbitrary: nearMiss(known).map((v) => JSON.stringify(v) ?? ''), weight: 2 },
          ]
        : []),
      { arbitrary: jsonText(hostileValue), weight: 1 },
      { arbitrary: malformedJsonText, weight: 1 },
    );
  }

  function uploadFor(operation: Operation): fc.Arbitrary<{ payload: Buffer; contentType: string }> {
    const upload =
      operation.operationId === 'uploadModel'
        ? modelUpload([world().fixtures.layersFiles, world().fixtures.graphFiles], world().maxFileBytes)
        : operation.operationId === 'createDataset'
          ? datasetUpload(world().maxFileBytes)
          : asUpload(fc.array(randomPart, { maxLength: 6 }));
    return upload.map((u) => ({ payload: u.body, contentType: u.contentType }));
  }

  /** Any request to one documented operation: its path params, query and headers fuzzed, and a body for its content types. */
  function operationRequest(operation: Operation): fc.Arbitrary<FuzzRequest> {
    const path = fc
      .tuple(...operation.pathParams.map((p) => fc.oneof({ arbitrary: pathSegment(poolFor(operation, p.name)), weight: 12 }, { arbitrary: badEscape, weight: 1 })))
      .map((segments) => operation.pathParams.reduce((template, p, i) => template.replace(`{${p.name}}`, segments[i]!), operation.template));
    const method = operation.method === 'GET' ? fc.constantFrom('GET', 'GET', 'GET', 'HEAD') : fc.constant(operation.method);
    const types = Object.keys(operation.body);
    const bodies: fc.Arbitrary<{ payload?: string | Buffer; contentType?: string }>[] = [];
    if (types.includes('application/json')) bodies.push(jsonBody(operation.body['application/json']!, operation.operationId).map((payload) => ({ payload, contentType: 'application/json' })));
    if (types.includes('multipart/form-data')) bodies.push(uploadFor(operation));
    // Routes without a body get one anyway now and then.
    if (bodies.length === 0) bodies.push(fc.oneof({ arbitrary: fc.constant({}), weight: 8 }, { arbitrary: jsonText(hostileValue).map((payload) => ({ payload, contentType: 'application/json' })), weight: 1 }));
    const rightType = fc.nat(9).map((n) => n < 8);
    return fc
      .tuple(method, path, queryString(operation.query, context), headers({ parameters: operation.headers }), fc.oneof(...bodies), rightType)
      .map(([m, p, q, h, body, right]) => {
        const withType = body.contentType && (right || h['content-type'] === undefined) ? { ...h, 'content-type': body.contentType } : h;
        return { method: m, url: `${p}${q}`, headers: withType, ...(body.payload !== undefined ? { payload: body.payload } : {}) };
      });
  }

  /** Requests to paths outside the document: hostile query, headers, and now and then a body. */
  function pathRequest(paths: fc.Arbitrary<string>, methods: fc.Arbitrary<string> = fc.constantFrom('GET', 'GET', 'HEAD')): fc.Arbitrary<FuzzRequest> {
    return fc
      .tuple(methods, paths, queryString([], context), headers(), fc.option(jsonText(hostileValue), { freq: 5 }))
      .map(([method, path, query, hs, payload]) => ({ method, url: `${path}${query}`, headers: hs, ...(payload !== null ? { payload } : {}) }));
  }

  const asset = pathSegment(() => ['index.html', 'style.css', 'favicon.svg', 'js', 'vendor', 'chart.js', 'app.js']);

  const hidden = {
    dashboard: () =>
      pathRequest(fc.oneof(fc.constantFrom('/', '/ui', '/ui/'), asset.map((s) => `/ui/${s}`), fc.tuple(asset, asset).map(([a, b]) => `/ui/${a}/${b}`))),
    metrics: () => pathRequest(fc.constant('/metrics')),
    docs: () =>
      pathRequest(
        fc.oneof(
          fc.constantFrom('/docs', '/docs/', '/docs/json', '/docs/yaml', '/docs/static/index.html', '/docs/static/swagger-initializer.js'),
          asset.map((s) => `/docs/static/${s}`),
          asset.map((s) => `/docs/${s}`),
        ),
      ),
    /** bull-board, reads and writes: queue and job names real, near and hostile. */
    queueBoard: () =>
      pathRequest(
        fc.oneof(
          fc.constantFrom('/admin/queues', '/admin/queues/', '/admin/queues/api/queues', '/admin/queues/api/redis/stats', '/admin/queues/api/job-schedulers', '/admin/queues/static/x.js'),
          fc
            .tuple(
              fc.constantFrom(
                'api/queues/{q}', 'api/queues/{q}/{j}', 'api/queues/{q}/{j}/logs', 'api/queues/{q}/{j}/flow', 'api/queues/{q}/metrics', 'api/queues/{q}/workers',
                'api/queues/{q}/job-data-schema', 'api/queues/{q}/default-job-options', 'queue/{q}', 'queue/{q}/{j}', 'api/queues/{q}/{j}/retry',
                'api/queues/{q}/clean/{s}', 'api/queues/{q}/retry/{s}', 'api/queues/{q}/pause', 'api/queues/{q}/rate-limit', 'static/{j}',
              ),
              fc.oneof(fc.constantFrom('train', 'teacher', 'aggregate'), pathSegment(() => ['train'])),
              fc.oneof(pick(pools.jobs), pathSegment(pools.jobs)),
              fc.oneof(fc.constantFrom('failed', 'completed', 'waiting', 'delayed', 'active'), nastyString.map(encode)),
            )
            .map(([template, q, j, s]) => `/admin/queues/${template.replace('{q}', q).replace('{j}', j).replace('{s}', s)}`),
        ),
        fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'PUT', 'POST', 'PATCH'),
      ),
    /** Any method on paths that are not routes, or are routes spelt wrong. */
    unknown: () =>
      pathRequest(
        fc.oneof(
          fc.array(fc.oneof(pathSegment(pools.all), fc.constantFrom('v1', 'jobs', 'models', 'datasets', 'v2', 'admin', '', '.', '..')), { maxLength: 6 }).map((s) => `/${s.join('/')}`),
          fc
            .tuple(fc.constantFrom('/v1/jobs', '/v1/models', '/v1/datasets', '/healthz', '/docs', '/ui', '/metrics'), fc.constantFrom('/', '//', '/.', '/..', '/%2e', '/x/', '?', '#', ';x', '%00', '/*'))
            .map(([a, b]) => a + b),
          badEscape.map((e) => `/v1/jobs/${e}`),
          fc.constantFrom(`/${'a'.repeat(20_000)}`, `/v1/${'x/'.repeat(2000)}`, '//v1/jobs', '/V1/JOBS', '/v1/jobs/', '/v1//jobs', '/./v1/jobs', '/v1/jobs/../models'),
        ),
        fc.constantFrom(...METHODS),
      ),
  };

  return { operationRequest, hidden };
}

/**
 * Credentials for an app with API keys on: the right key most of the time (so
 * the cases get past authentication to the route), another tenant's or an
 * admin's key, none, malformed Authorization headers, and the dashboard's
 * cookie with good, empty and undecodable values.
 */
export function credentials(keys: { user: string; admin: string }): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { arbitrary: fc.constant({ authorization: `Bearer ${keys.user}` }), weight: 12 },
    { arbitrary: fc.constant({ authorization: `Bearer ${keys.admin}` }), weight: 2 },
    { arbitrary: fc.constant({}), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        `Bearer ${keys.user}x`, `bearer ${keys.user}`, `Bearer   ${keys.user}  `, `Bearer ${keys.user} ${keys.user}`, `Basic ${Buffer.from(`u:${keys.user}`).toString('base64')}`,
        'Bearer', 'Bearer ', `Bearer ${'a'.repeat(10_000)}`, `Bearer ${keys.user.toUpperCase()}`, `Token ${keys.user}`, `Bearer ${keys.user}\t`,
      ).map((authorization) => ({ authorization })),
      weight: 3,
    },
    {
      arbitrary: fc.constantFrom(
        `distillery_key=${keys.user}`, `distillery_key=${encodeURIComponent(keys.user)}`, 'distillery_key=%zz', 'distillery_key=%', 'distillery_key=%E0%A4%A',
        'distillery_key=', `a=b; distillery_key=${keys.user}; c=d`, `distillery_key=${keys.user}; distillery_key=x`, 'distillery_key', ';;=;',
      ).map((cookie) => ({ cookie })),
      weight: 3,
    },
  );
}
