import { afterAll, beforeAll, expect, it } from 'vitest';
import { artifactKeys, type Model } from '@distillery/contracts';
import { contextualSbm, nodeAccuracy, predictNodes } from '@distillery/kd';
import { loadLayersModel } from '@distillery/storage';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

// Graph distillation through the service: a GNN teacher and its graph-less
// student trained by a real worker on a generated graph, the student stored as
// a standard model that needs no graph, and what a bad request is told.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 1 });
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
