import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startStack, type Stack } from './helpers/stack.ts';

// The API alone (no worker): registration, validation and submit-time checks.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 0 });
});
afterAll(async () => stack.close());

describe('datasets', () => {
  it('registers real MNIST with its shapes and split sizes', async () => {
    const { status, body } = await post(stack.api, '/v1/datasets', {
      name: 'mnist-10k',
      source: { builtin: 'mnist', options: { trainSize: 10000, testSize: 2000 } },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: 'mnist-10k', numClasses: 10, inputShape: [28, 28, 1], labelled: true, splits: { train: 10000, test: 2000 } });
    expect(body.id).toMatch(/^ds_/);
    const fetched = await stack.api.inject({ method: 'GET', url: `/v1/datasets/${body.id}` });
    expect(fetched.json()).toEqual(body);
  });

  it('carves an unlabelled transfer set with offset and labelled: false', async () => {
    const { status, body } = await post(stack.api, '/v1/datasets', {
      name: 'transfer',
      source: { builtin: 'mnist', options: { offset: 10000, trainSize: 5000, testSize: 100, labelled: false } },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ labelled: false, splits: { train: 5000, test: 100 } });
  });

  it('refuses options beyond the data with 422, the code and the field', async () => {
    const { status, body } = await post(stack.api, '/v1/datasets', {
      name: 'too-big',
      source: { builtin: 'mnist', options: { offset: 59000, trainSize: 5000 } },
    });
    expect(status).toBe(422);
    expect(body).toMatchObject({ code: 'invalid_dataset_options', status: 422, field: '/source/options/trainSize' });
    expect(body.detail).toMatch(/60000/);
  });

  it('refuses an unknown builtin and an unknown field with 400 naming the field', async () => {
    const unknownBuiltin = await post(stack.api, '/v1/datasets', { name: 'x', source: { builtin: 'cifar' } });
    expect(unknownBuiltin.status).toBe(400);
    expect(unknownBuiltin.body).toMatchObject({ code: 'invalid_request', field: '/source/builtin' });
    expect(unknownBuiltin.body.detail).toBe('request body field /source/builtin: "cifar" is not an allowed value; use one of mnist, iris, blobs');
    const nearMiss = await post(stack.api, '/v1/datasets', { name: 'x', source: { builtin: 'mnsit' } });
    expect(nearMiss.body).toMatchObject({ code: 'invalid_request', field: '/source/builtin', detail: expect.stringContaining('(did you mean "mnist"?)') });

    const typo = await post(stack.api, '/v1/datasets', { name: 'x', source: { builtin: 'mnist', options: { trainsize: 10 } } });
    expect(typo.status).toBe(400);
    expect(typo.body).toMatchObject({ code: 'invalid_request', field: '/source/options/trainsize' });
    expect(typo.body.detail).toMatch(/not allowed/);
  });

  it('pages through datasets newest first', async () => {
    for (let i = 0; i < 3; i++) await post(stack.api, '/v1/datasets', { name: `page-${i}`, source: { builtin: 'iris' } });
    const first = (await stack.api.inject({ method: 'GET', url: '/v1/datasets?limit=2' })).json();
    expect(first.items.map((d: { name: string }) => d.name)).toEqual(['page-2', 'page-1']);
    const second = (await stack.api.inject({ method: 'GET', url: `/v1/datasets?limit=2&after=${first.next}` })).json();
    expect(second.items[0].name).toBe('page-0');
  });
});

describe('listing cursors', () => {
  const get = async (url: string) => {
    const response = await stack.api.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json() };
  };

  it('refuse a cursor no page gave, on every listing, naming after and saying what to pass', async () => {
    const dataset = (await post(stack.api, '/v1/datasets', { name: 'cursor', source: { builtin: 'iris' } })).body.id as string;
    for (const listing of ['/v1/jobs', '/v1/sweeps', '/v1/datasets', '/v1/models']) {
      // Bytes that are no id, an id cut short, and another listing's id (a dataset's is foreign everywhere but /v1/datasets).
      const foreign = listing === '/v1/datasets' ? 'j_000000000000000000000' : dataset;
      for (const after of ['%00%01', 'abc', '', encodeURIComponent(dataset.slice(0, -1)), foreign]) {
        const { status, body } = await get(`${listing}?after=${after}`);
        expect(status, `${listing}?after=${after}`).toBe(400);
        expect(body).toMatchObject({ code: 'invalid_request', field: '/after' });
        expect(body.detail).toMatch(/pass the next value of a previous page/);
      }
    }
    const { body } = await get('/v1/jobs?after=%00%01');
    expect(body.detail).toBe('after "\\u0000\\u0001" is not a cursor of the jobs listing; pass the next value of a previous page (its ids start with j_), or leave after out for the first page');
  });

  it('take a well-formed cursor past the end as an empty page', async () => {
    for (const [listing, kind] of [['/v1/jobs', 'j'], ['/v1/sweeps', 'sw'], ['/v1/datasets', 'ds'], ['/v1/models', 'm']]) {
      const { status, body } = await get(`${listing}?after=${kind}_000000000000000000000`);
      expect({ status, body }, listing).toEqual({ status: 200, body: { items: [] } });
    }
  });

  it('refuse an event cursor that is no event id, naming after', async () => {
    const job = (await post(stack.api, '/v1/jobs', { type: 'train', dataset: (await post(stack.api, '/v1/datasets', { name: 'ev', source: { builtin: 'blobs' } })).body.id, model: { architecture: { kind: 'mlp', hidden: [4] } } })).body.id;
    const { status, body } = await get(`/v1/jobs/${job}/events?after=abc`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_request', field: '/after' });
  });
});

describe('job submission', () => {
  let labelled: string;
  let unlabelled: string;
  let images: string;
  beforeAll(async () => {
    labelled = (await post(stack.api, '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs' } })).body.id;
    unlabelled = (await post(stack.api, '/v1/datasets', { name: 'blobs-u', source: { builtin: 'blobs', options: { labelled: false } } })).body.id;
    images = (await post(stack.api, '/v1/datasets', { name: 'mnist', source: { builtin: 'mnist', options: { trainSize: 100, testSize: 100 } } })).body.id;
  });

  const train = (dataset: string, architecture: object = { kind: 'mlp', hidden: [8] }) => ({ type: 'train', dataset, model: { architecture } });

  it('accepts a train job with 202 and a queued status', async () => {
    const { status, body } = await post(stack.api, '/v1/jobs', train(labelled));
    expect(status).toBe(202);
    expect(body).toEqual({ id: expect.stringMatching(/^j_/), status: 'queued' });
    const job = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}` })).json();
    expect(job).toMatchObject({ status: 'queued', stages: [{ name: 'train', status: 'queued' }] });
  });

  it('rejects unknown dataset and model ids at submit time with 422', async () => {
    const dataset = await post(stack.api, '/v1/jobs', train('ds_missing'));
    expect(dataset.status).toBe(422);
    expect(dataset.body).toMatchObject({ code: 'unknown_dataset', field: '/dataset' });

    const teacher = await post(stack.api, '/v1/jobs', {
      type: 'distill',
      dataset: labelled,
      teachers: [{ model: 'm_missing' }],
      student: { architecture: { kind: 'mlp', hidden: [4] } },
    });
    expect(teacher.status).toBe(422);
    expect(teacher.body).toMatchObject({ code: 'unknown_model', field: '/teachers/0/model' });
  });

  it('refuses to train on an unlabelled dataset and a cnn on vectors', async () => {
    const noLabels = await post(stack.api, '/v1/jobs', train(unlabelled));
    expect(noLabels.body).toMatchObject({ code: 'incompatible_dataset', status: 422 });
    expect(noLabels.body.detail).toMatch(/transfer/);

    const cnn = await post(stack.api, '/v1/jobs', train(labelled, { kind: 'cnn', filters: [4] }));
    expect(cnn.body).toMatchObject({ code: 'unsupported_architecture', field: '/model/architecture/kind' });

    const tooDeep = await post(stack.api, '/v1/jobs', train(images, { kind: 'cnn', filters: [1, 1, 1, 1, 1] }));
    expect(tooDeep.body).toMatchObject({ code: 'unsupported_architecture', field: '/model/architecture/filters' });
    expect(tooDeep.body.detail).toMatch(/at most 4 blocks/);
  });

  it('refuses models a worker could not hold or train step by step', async () => {
    const huge = await post(stack.api, '/v1/jobs', train(images, { kind: 'mlp', hidden: [8192, 8192, 8192] }));
    expect(huge.status).toBe(422);
    expect(huge.body).toMatchObject({ code: 'job_too_large', field: '/model/architecture' });

    const heavyStep = await post(stack.api, '/v1/jobs', {
      ...train(images, { kind: 'cnn', filters: [512, 512] }),
      training: { batchSize: 8192 },
    });
    expect(heavyStep.body).toMatchObject({ code: 'job_too_large', field: '/training/batchSize' });
    expect(heavyStep.body.detail).toMatch(/lower training.batchSize to at most \d+/);

    // One token per pixel: 784 tokens, so 4 x 784^2 attention scores per sample and block. The step
    // is well within the compute limit, but its tensors would overflow a wasm worker's 4 GiB heap.
    const longSequence = await post(stack.api, '/v1/jobs', {
      ...train(images, { kind: 'transformer', layers: 2, heads: 4, dim: 32, patch: 1 }),
      training: { batchSize: 32 },
    });
    expect(longSequence.status).toBe(422);
    expect(longSequence.body).toMatchObject({ code: 'job_too_large', field: '/training/batchSize' });
    expect(longSequence.body.detail).toMatch(/would hold about [\d.]+ GiB of tensors at batch size 32, above this service's limit of 2.0 GiB \(JOB_MEMORY_LIMIT_BYTES\); lower training.batchSize to at most \d+/);
    const largest = Number(/at most (\d+)/.exec(longSequence.body.detail)![1]);
    const fits = await post(stack.api, '/v1/jobs', { ...train(images, { kind: 'transformer', layers: 2, heads: 4, dim: 32, patch: 1 }), training: { batchSize: largest } });
    expect(fits.status, JSON.stringify(fits.body)).toBe(202);
  });

  it('names the field of the branch the request chose, not of every union branch', async () => {
    const { status, body } = await post(stack.api, '/v1/jobs', train(images, { kind: 'mlp', hidden: [0] }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_request', field: '/model/architecture/hidden/0' });

    const badType = await post(stack.api, '/v1/jobs', { type: 'magic', dataset: labelled });
    expect(badType.status).toBe(400);
    expect(badType.body.field).toBe('/type');
  });

  it('answers a discriminator no branch has with that field, the allowed values and the one meant', async () => {
    const distill = (extra: object) => ({ type: 'distill', dataset: labelled, teachers: [{ model: 'm_x' }], student: { architecture: { kind: 'mlp', hidden: [4] } }, ...extra });
    const cases: [object, string, string][] = [
      [distill({ method: { kind: 'logit' } }), '/method/kind', 'request body field /method/kind: "logit" is not a method kind; use one of logits, features, attention, attention-matrix, pseudo-label, dkd, dist (did you mean "logits"?)'],
      [distill({ method: { kind: 'feature' } }), '/method/kind', 'request body field /method/kind: "feature" is not a method kind; use one of logits, features, attention, attention-matrix, pseudo-label, dkd, dist (did you mean "features"?)'],
      [distill({ student: { architecture: { kind: 'MLP' } } }), '/student/architecture/kind', 'request body field /student/architecture/kind: "MLP" is not an architecture kind; use one of mlp, cnn, transformer (did you mean "mlp"?)'],
      [{ ...distill({}), type: 'distil' }, '/type', 'request body field /type: "distil" is not a type; use one of train, distill, train-policy, distill-policy, distill-graph, distill-private (did you mean "distill"?)'],
      [distill({ aggregation: { strategy: 'avg' } }), '/aggregation/strategy', 'request body field /aggregation/strategy: "avg" is not an allowed value; use one of mean, weighted, confidence, vote'],
    ];
    for (const [request, field, detail] of cases) {
      const { status, body } = await post(stack.api, '/v1/jobs', request);
      expect({ status, code: body.code, field: body.field, detail: body.detail }).toEqual({ status: 400, code: 'invalid_request', field, detail });
    }
    const status = await stack.api.inject({ method: 'GET', url: '/v1/jobs?status=runing' });
    expect(status.json()).toMatchObject({ code: 'invalid_request', field: '/status', detail: expect.stringContaining('use one of queued, running, succeeded, failed, cancelled (did you mean "running"?)') });
  });

  it('rejects a teacher whose shapes do not match the dataset', async () => {
    // A model record made by a train job on blobs (8 features) cannot teach on MNIST.
    await stack.redis.set(
      'distillery:model:m_blobs',
      JSON.stringify({ id: 'm_blobs', inputShape: [8], numClasses: 3, name: 'x', files: [] }),
    );
    const { body } = await post(stack.api, '/v1/jobs', {
      type: 'distill',
      dataset: images,
      teachers: [{ model: 'm_blobs' }],
      student: { architecture: { kind: 'mlp', hidden: [4] } },
    });
    expect(body).toMatchObject({ code: 'incompatible_model', field: '/teachers/0/model' });
  });

  it('refuses DP-SGD for a method whose loss is a property of the whole batch', async () => {
    await stack.redis.set('distillery:model:m_blobs', JSON.stringify({ id: 'm_blobs', inputShape: [8], numClasses: 3, name: 'x', files: [], output: 'logits', license: 'MIT', distillation: 'allowed' }));
    const blobs = (await post(stack.api, '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs' } })).body.id;
    const request = { type: 'distill', dataset: blobs, teachers: [{ model: 'm_blobs' }], student: { architecture: { kind: 'mlp', hidden: [4] } }, training: { privacy: { clipNorm: 1, noiseMultiplier: 1 } } };
    const { status, body } = await post(stack.api, '/v1/jobs', { ...request, method: { kind: 'dist' } });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_request', field: '/training/privacy' });
    expect(body.detail).toContain("DIST's intra-class relation is a correlation across the batch");
  });

  it('answers unknown jobs and routes with 404 problem details', async () => {
    const job = await stack.api.inject({ method: 'GET', url: '/v1/jobs/j_nope' });
    expect(job.statusCode).toBe(404);
    expect(job.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(job.json()).toMatchObject({ code: 'job_not_found' });
    const route = await stack.api.inject({ method: 'GET', url: '/v2/nothing' });
    expect(route.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const response = await stack.api.inject({ method: 'POST', url: '/v1/jobs', payload: '{"type":', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_request' });
  });
});

describe('service surface', () => {
  it('serves an OpenAPI document where every route has an operationId and responses', async () => {
    const document = (await stack.api.inject({ method: 'GET', url: '/docs/json' })).json();
    const operations = Object.entries(document.paths as Record<string, Record<string, { operationId?: string; responses?: object }>>).flatMap(
      ([route, methods]) => Object.entries(methods).map(([method, op]) => ({ route, method, ...op })),
    );
    const ours = operations.filter((op) => op.route.startsWith('/v1') || op.route.endsWith('z'));
    expect(ours.length).toBeGreaterThanOrEqual(12);
    for (const op of ours) {
      expect(op.operationId, `${op.method} ${op.route}`).toBeTruthy();
      expect(Object.keys(op.responses ?? {}).length).toBeGreaterThan(0);
    }
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['Job', 'Dataset', 'Model', 'Problem']));
  });

  it('is healthy and ready while Redis answers', async () => {
    expect((await stack.api.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await stack.api.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });
});

describe('queue monitoring', () => {
  it('serves bull-board at /admin/queues over the teacher, aggregate and train queues', async () => {
    const page = await stack.api.inject({ method: 'GET', url: '/admin/queues' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const queues = (await stack.api.inject({ method: 'GET', url: '/admin/queues/api/queues' })).json() as { queues: { name: string }[] };
    expect(queues.queues.map((q) => q.name).sort()).toEqual(['aggregate', 'teacher', 'train']);
  });

  it('serves the static files of bull-board and Swagger UI (@fastify/static)', async () => {
    // The page names its scripts and styles relative to its <base href="/admin/queues/">.
    const page = await stack.api.inject({ method: 'GET', url: '/admin/queues' });
    const assets = [...page.body.matchAll(/(?:src|href)="(static\/[^"]+\.(?:js|css))"/g)].map((m) => `/admin/queues/${m[1]}`);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const url of [...assets, '/docs/static/swagger-ui.css', '/docs/static/swagger-ui-bundle.js']) {
      const asset = await stack.api.inject({ method: 'GET', url });
      expect(asset.statusCode, url).toBe(200);
      expect(asset.headers['content-type'], url).toMatch(url.endsWith('.css') ? /^text\/css/ : /^(application|text)\/javascript/);
      expect(asset.body.length, url).toBeGreaterThan(100);
    }
  });
});
