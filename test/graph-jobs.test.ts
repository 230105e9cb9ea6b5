import { afterAll, beforeAll, expect, it } from 'vitest';
import { artifactKeys, type Dataset, type Model } from '@distillery/contracts';
import { contextualSbm, nodeAccuracy, predictNodes, type NodeGraph } from '@distillery/kd';
import { encodeNpy, loadLayersModel } from '@distillery/storage';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

// Graph distillation through the service: a GNN teacher and its graph-less
// student trained by a real worker on a generated graph, the student stored as
// a standard model that needs no graph, and what a bad request is told.
let stack: Stack;
let base: string;
beforeAll(async () => {
  stack = await startStack({ workers: 1 });
  base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => stack.close());

// Edges say more than features here (homophily 0.9, class means 2.5 noise deviations apart).
const CSBM = { nodes: 1200, classes: 4, features: 32, signal: 2.5, homophily: 0.9, averageDegree: 8, valNodes: 200, testNodes: 400, seed: 3 };

it('trains a GCN teacher, distils it into an MLP that beats the same MLP alone, and registers the student', async () => {
  const submitted = await post(stack.api, '/v1/jobs', {
    type: 'distill-graph',
    graph: { builtin: 'csbm', options: CSBM },
    teacher: { architecture: { kind: 'gcn', hidden: [32], dropout: 0.5 }, training: { patience: 20, seed: 3 } },
    student: { architecture: { kind: 'mlp', hidden: [32], dropout: 0.5 }, training: { epochs: 200, weightDecay: 5e-4, seed: 3 }, license: 'MIT' },
    method: { kind: 'graph', lambda: 0 },
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(stack.api, submitted.body.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const graph = job.result!.metrics.graph!;
  expect(graph).toMatchObject({ graph: { source: 'csbm', nodes: 1200, features: 32, classes: 4 }, setting: 'transductive', latency: { batchSize: 400 } });
  expect(graph.teacher.testAccuracy).toBeGreaterThan(0.9);
  expect(graph.student.testAccuracy).toBeGreaterThan(graph.baseline!.testAccuracy + 0.15);
  expect(graph.parameterRatio).toBeCloseTo(graph.student.parameters / graph.teacher.parameters, 10);
  expect(graph.latency.teacherNodesPerNode).toBeGreaterThan(1);

  const model = (await stack.api.inject({ url: `/v1/models/${job.result!.model}` })).json() as Model;
  expect(model).toMatchObject({ inputShape: [32], numClasses: 4, license: 'MIT', lineage: { kind: 'distill-graph', graph: 'csbm', seed: 3 } });
  // The stored student classifies nodes from their features alone, as well as the job said.
  const loaded = await loadLayersModel(stack.store, artifactKeys.model(model.id));
  try {
    const data = contextualSbm(CSBM);
    expect(nodeAccuracy(predictNodes(loaded, data), data, data.split.test)).toBeCloseTo(graph.student.testAccuracy, 10);
  } finally {
    loaded.dispose();
  }
  const card = (await stack.api.inject({ url: `/v1/models/${model.id}/card` })).json();
  expect(card).toMatchObject({ origin: 'trained', training: { graph: { builtin: 'csbm' }, method: { kind: 'graph', lambda: 0 } } });
});

it('distils a GCN teacher on real Cora into an MLP that beats the same MLP alone by a wide margin', async () => {
  const submitted = await post(stack.api, '/v1/jobs', {
    type: 'distill-graph',
    graph: { builtin: 'cora' },
    teacher: { architecture: { kind: 'gcn', hidden: [16], dropout: 0.5 }, training: { epochs: 200, patience: 30 } },
    student: { architecture: { kind: 'mlp', hidden: [64], dropout: 0.6 }, training: { epochs: 100 } },
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(stack.api, submitted.body.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const graph = job.result!.metrics.graph!;
  expect(graph.graph).toEqual({ source: 'cora', nodes: 2708, edges: 5278, features: 1433, classes: 7 });
  // GLNN's Cora figures: SAGE 79.3, distilled MLP 78.3, MLP alone 59.0.
  expect(graph.teacher.testAccuracy).toBeGreaterThan(0.75);
  expect(graph.student.testAccuracy).toBeGreaterThan(graph.baseline!.testAccuracy + 0.1);
});

it('inductive: scores teacher and student on test nodes held out of their training graph', async () => {
  const submitted = await post(stack.api, '/v1/jobs', {
    type: 'distill-graph',
    graph: { builtin: 'csbm', options: CSBM },
    teacher: { architecture: { kind: 'gcn', hidden: [32], dropout: 0.5 }, training: { patience: 20, seed: 3 } },
    student: { architecture: { kind: 'mlp', hidden: [32], dropout: 0.5 }, training: { epochs: 200, weightDecay: 5e-4, seed: 7 } },
    method: { kind: 'graph', setting: 'inductive', heldOut: 0.2 },
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(stack.api, submitted.body.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const graph = job.result!.metrics.graph!;
  expect(graph.setting).toBe('inductive');
  for (const side of [graph.teacher, graph.student, graph.baseline!]) expect(side.observedTestAccuracy).toBeTypeOf('number');
  expect(graph.teacher.testAccuracy).toBeGreaterThan(0.9);
  expect(graph.student.observedTestAccuracy).toBeGreaterThan(graph.baseline!.observedTestAccuracy! + 0.15);
});

it('refuses a split larger than the generated graph, graphs too large for a worker and an unknown graph, naming the field', async () => {
  const split = await post(stack.api, '/v1/jobs', { type: 'distill-graph', graph: { builtin: 'csbm', options: { nodes: 500 } } });
  expect(split.status).toBe(422);
  expect(split.body).toMatchObject({ code: 'invalid_dataset_options', field: '/graph/options' });
  expect(split.body.detail).toContain('the split needs 1580 nodes');
  const huge = await post(stack.api, '/v1/jobs', { type: 'distill-graph', graph: { builtin: 'csbm', options: { nodes: 1_000_000, features: 512 } } });
  expect(huge.status).toBe(422);
  expect(huge.body).toMatchObject({ code: 'job_too_large', field: '/graph/options' });
  const wide = await post(stack.api, '/v1/jobs', { type: 'distill-graph', graph: { builtin: 'csbm', options: { nodes: 500_000 } }, teacher: { architecture: { kind: 'sage', hidden: [1024] } } });
  expect(wide.body).toMatchObject({ code: 'job_too_large', field: '/graph/options' });
  expect(wide.body.detail).toContain('width 1024');
  const dense = await post(stack.api, '/v1/jobs', { type: 'distill-graph', graph: { builtin: 'csbm', options: { nodes: 200_000, averageDegree: 200 } } });
  expect(dense.body).toMatchObject({ code: 'job_too_large', field: '/graph/options/averageDegree' });
  const unknown = await post(stack.api, '/v1/jobs', { type: 'distill-graph', graph: { builtin: 'citeseer' } });
  expect(unknown.status).toBe(400);
  expect(unknown.body).toMatchObject({ code: 'invalid_request' });
  expect(unknown.body.field).toMatch(/^\/graph/);
  const teacher = await post(stack.api, '/v1/jobs', { type: 'distill-graph', graph: { builtin: 'cora' }, teacher: { architecture: { kind: 'gat', hidden: [8] } } });
  expect(teacher.status).toBe(400);
  expect(teacher.body.field).toMatch(/^\/teacher\/architecture/);
});

/** A graph as the graph-npy files a user saves with numpy. */
function graphNpyParts(graph: NodeGraph): Record<string, Uint8Array> {
  const mask = (nodes: Int32Array) => {
    const m = new Uint8Array(graph.nodes);
    for (const node of nodes) m[node] = 1;
    return encodeNpy(m, [graph.nodes]);
  };
  return {
    x: encodeNpy(graph.x, [graph.nodes, graph.features]),
    edges: encodeNpy(graph.edges, [graph.edges.length / 2, 2]),
    y: encodeNpy(graph.labels, [graph.nodes]),
    train: mask(graph.split.train),
    val: mask(graph.split.val),
    test: mask(graph.split.test),
  };
}

async function uploadGraph(name: string, parts: Record<string, Uint8Array>) {
  const form = new FormData();
  form.append('name', name);
  form.append('format', 'graph-npy');
  for (const [part, bytes] of Object.entries(parts)) form.append(part, new Blob([bytes]), `${part}.npy`);
  const response = await fetch(`${base}/v1/datasets`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as any };
}

it('distils a graph the user uploaded as graph-npy, and keeps the dataset while the job reads it', async () => {
  const graph = contextualSbm(CSBM);
  const uploaded = await uploadGraph('my citation graph', graphNpyParts(graph));
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  const dataset = uploaded.body as Dataset;
  expect(dataset).toMatchObject({
    inputShape: [32],
    numClasses: 4,
    source: { upload: { format: 'graph-npy', files: { x: 'x.npy', edges: 'edges.npy', val: 'val.npy' } } },
    graph: { nodes: 1200, features: 32, classes: 4, splits: { train: 80, val: 200, test: 400 }, labelledNodes: 1200 },
  });
  expect(dataset.graph!.edges).toBeGreaterThan(4000);

  const submitted = await post(stack.api, '/v1/jobs', {
    type: 'distill-graph',
    graph: { dataset: dataset.id },
    teacher: { architecture: { kind: 'gcn', hidden: [32], dropout: 0.5 }, training: { patience: 20, seed: 3 } },
    student: { architecture: { kind: 'mlp', hidden: [32], dropout: 0.5 }, training: { epochs: 200, weightDecay: 5e-4, seed: 3 } },
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const busy = await stack.api.inject({ method: 'DELETE', url: `/v1/datasets/${dataset.id}` });
  expect(busy.json()).toMatchObject({ code: 'dataset_in_use' });
  const job = await waitForJob(stack.api, submitted.body.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const metrics = job.result!.metrics.graph!;
  expect(metrics.graph).toEqual({ source: dataset.id, nodes: 1200, edges: dataset.graph!.edges, features: 32, classes: 4 });
  expect(metrics.teacher.testAccuracy).toBeGreaterThan(0.9);
  expect(metrics.student.testAccuracy).toBeGreaterThan(metrics.baseline!.testAccuracy + 0.15);

  expect(metrics.teacher.cached).toBe(false);

  // The same teacher on the same graph, for another student: found in the cache, not trained again.
  const again = await post(stack.api, '/v1/jobs', {
    type: 'distill-graph',
    graph: { dataset: dataset.id },
    teacher: { architecture: { kind: 'gcn', hidden: [32], dropout: 0.5 }, training: { seed: 3, patience: 20 } },
    student: { architecture: { kind: 'mlp', hidden: [16] }, training: { epochs: 50, seed: 4 } },
    baseline: false,
  });
  const second = await waitForJob(stack.api, again.body.id);
  expect(second.status, JSON.stringify(second.error)).toBe('succeeded');
  const reused = second.result!.metrics.graph!;
  expect(reused.teacher).toEqual({ ...metrics.teacher, cached: true });
  expect(second.stages.find((stage) => stage.name === 'teacher:0')).toMatchObject({ status: 'succeeded', cached: true });
  const entries = (await stack.api.inject({ url: '/v1/cache' })).json().items as { what: string; dataset: string; hits: number }[];
  expect(entries.filter((e) => e.dataset === dataset.digest).map((e) => [e.what, e.hits]).sort()).toEqual([
    ['graph-teacher:logits', 1],
    ['graph-teacher:teacher', 1],
    ['graph-teacher:weights', 1],
  ]);

  const model = (await stack.api.inject({ url: `/v1/models/${job.result!.model}` })).json() as Model;
  expect(model).toMatchObject({ name: `mlp distilled from gcn on ${dataset.id}`, lineage: { kind: 'distill-graph', dataset: dataset.id } });
  const card = (await stack.api.inject({ url: `/v1/models/${model.id}/card` })).json();
  expect(card.datasets).toEqual([{ id: dataset.id, role: 'training', name: 'my citation graph', digest: dataset.digest, source: 'upload:graph-npy' }]);
  expect((await stack.api.inject({ method: 'DELETE', url: `/v1/datasets/${dataset.id}` })).statusCode).toBe(204);
  expect(await stack.store.list(artifactKeys.dataset(dataset.id))).toEqual([]);
});

it('refuses a bad graph upload naming the file and row, and a graph where a table belongs and the other way round', async () => {
  const graph = contextualSbm({ nodes: 100, classes: 2, valNodes: 20, testNodes: 20, seed: 1 });
  const parts = graphNpyParts(graph);
  const edges = new Int32Array(graph.edges);
  edges[7] = 100;
  const bad = await uploadGraph('broken', { ...parts, edges: encodeNpy(edges, [edges.length / 2, 2]) });
  expect(bad.status).toBe(422);
  expect(bad.body).toMatchObject({ code: 'invalid_upload', field: '/edges', detail: 'edges.npy row 4, edges[3, 1]: node 100 does not exist: x.npy has 100 rows, so nodes are 0 to 99' });
  const missing = await uploadGraph('no val', { ...parts, val: undefined! });
  expect(missing.body).toMatchObject({ code: 'invalid_upload', field: '/val' });
  expect([...(await stack.store.list('datasets')), ...(await stack.store.list('uploads'))]).toEqual([]);

  const good = await uploadGraph('small', parts);
  expect(good.status).toBe(201);
  const asTable = await post(stack.api, '/v1/jobs', { type: 'train', dataset: good.body.id, model: { architecture: { kind: 'mlp', hidden: [8] } } });
  expect(asTable.status).toBe(422);
  expect(asTable.body).toMatchObject({ code: 'incompatible_dataset', field: '/dataset' });
  expect(asTable.body.detail).toContain('is a graph');
  const iris = await post(stack.api, '/v1/datasets', { name: 'iris', source: { builtin: 'iris' } });
  const asGraph = await post(stack.api, '/v1/jobs', { type: 'distill-graph', graph: { dataset: iris.body.id } });
  expect(asGraph.body).toMatchObject({ code: 'incompatible_dataset', field: '/graph/dataset' });
  const tooFewTest = await post(stack.api, '/v1/jobs', { type: 'distill-graph', graph: { dataset: good.body.id }, method: { kind: 'graph', setting: 'inductive', heldOut: 0.01 } });
  expect(tooFewTest.body).toMatchObject({ code: 'invalid_request', field: '/method/heldOut' });
  expect(tooFewTest.body.detail).toContain("holding out 0.01 of the graph's 20 test nodes leaves none held out");
  const unknown = await post(stack.api, '/v1/jobs', { type: 'distill-graph', graph: { dataset: 'ds_000000000000000000000' } });
  expect(unknown.body).toMatchObject({ code: 'unknown_dataset', field: '/graph/dataset' });
});
