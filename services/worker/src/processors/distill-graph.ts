import { graphDistillationWithDefaults, StoredGraphTeacher, type DistillGraphData, type GraphDistillationMetrics, type GraphTeacherOutput, type JobResult } from '@distillery/jobs';
import { adjacencyOf, decodeGraphNetwork, distillNodeStudent, edgeCount, measureInferenceLatency, type NodeScores } from '@distillery/kd';
import { decodeNpy } from '@distillery/storage';
import { Value } from 'typebox/value';
import type { JobContext } from '../context.ts';
import { loadGraph } from './graph-source.ts';
import { registerTrainedModel } from './shared.ts';

const scores = (s: NodeScores) => ({ testAccuracy: s.test, ...(s.observedTest !== undefined ? { observedTestAccuracy: s.observedTest } : {}) });

/**
 * GLNN's student stage: the MLP learns from the teacher's stored logits
 * (graph-teacher.ts), the same MLP learns from the labels alone, serving is
 * timed both ways with the teacher rebuilt from its stored weights, and the
 * student is registered, a standard tfjs layers model. The teacher stays in
 * the cache only: it is no layers model, and the student is what the job is
 * for. A retried attempt starts again (every part is seeded, so it ends the
 * same).
 */
export async function distillGraphJob(ctx: JobContext, data: DistillGraphData): Promise<JobResult> {
  const started = performance.now();
  const { request } = data;
  const [stored] = (await ctx.children('graph-teacher')) as GraphTeacherOutput[];
  const { teacher: teacherConfig, student: studentConfig, method, setting } = graphDistillationWithDefaults(request);
  const { graph, name: graphName } = await loadGraph(ctx, request.graph);
  const record = JSON.parse((await ctx.store.get(stored!.record)).toString('utf8')) as unknown;
  if (!Value.Check(StoredGraphTeacher, record) || record.features !== graph.features || record.numClasses !== graph.numClasses) {
    throw new Error(`the stored graph teacher ${stored!.record} does not fit the graph (${graph.features} features, ${graph.numClasses} classes)`);
  }
  const teacherLogits = decodeNpy(await ctx.store.get(stored!.logits)).data as Float32Array;
  const adjacency = adjacencyOf(graph.nodes, graph.edges);
  const teacher = decodeGraphNetwork(teacherConfig.architecture, graph.features, graph.numClasses, { bytes: await ctx.store.get(stored!.weights), specs: record.weights });
  const disposables: { dispose(): void }[] = [teacher];
  try {
    const run = await distillNodeStudent({
      graph,
      adjacency,
      ...setting,
      teacherLogits,
      student: studentConfig,
      lambda: method.lambda,
      temperature: method.temperature,
      baseline: request.baseline ?? true,
      signal: ctx.signal,
    });
    disposables.push(run.student.model, ...(run.baseline ? [run.baseline.model] : []));
    const trainSeconds = (performance.now() - started) / 1000;
    const test = graph.split.test;
    const latency = measureInferenceLatency({ teacher, student: run.student.model, x: graph.x, adjacency, singles: test.subarray(0, 100), batch: test });
    const metrics: GraphDistillationMetrics = {
      graph: { source: graphName, nodes: graph.nodes, edges: edgeCount(adjacency), features: graph.features, classes: graph.numClasses },
      setting: method.setting,
      teacher: { ...scores(record.scores), bestEpoch: record.bestEpoch, epochs: record.epochs, parameters: record.parameters, cached: stored!.cached },
      student: { ...scores(run.student.scores), bestEpoch: run.student.bestEpoch, parameters: run.student.parameters },
      ...(run.baseline ? { baseline: { ...scores(run.baseline.scores), bestEpoch: run.baseline.bestEpoch } } : {}),
      parameterRatio: run.student.parameters / record.parameters,
      latency,
    };
    const model = await registerTrainedModel(ctx, run.student.model, {
      name: request.student?.name ?? `mlp distilled from ${teacherConfig.architecture.kind} on ${graphName}`,
      architecture: studentConfig.architecture,
      inputShape: [graph.features],
      numClasses: graph.numClasses,
      license: request.student?.license,
      lineage: { jobId: ctx.jobId, kind: 'distill-graph', ...('dataset' in request.graph ? { dataset: request.graph.dataset } : { graph: graphName }), teachers: [], method: { kind: 'graph', ...method }, seed: studentConfig.training.seed },
    });
    const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
    await ctx.registry.jobs.log(
      ctx.jobId,
      `teacher ${percent(record.scores.test)}${stored!.cached ? ' (from the cache)' : ''}, distilled MLP ${percent(run.student.scores.test)}${run.baseline ? `, MLP alone ${percent(run.baseline.scores.test)}` : ''} on the ${method.setting === 'inductive' ? 'held-out' : 'test'} nodes; the student answers ${latency.speedup.perNode.toFixed(0)}× faster per node`,
    );
    return {
      model: model.id,
      metrics: { testAccuracy: run.student.scores.test, graph: metrics },
      wallSeconds: (performance.now() - started) / 1000,
      timings: { train: trainSeconds },
      backend: ctx.backend,
    };
  } finally {
    for (const d of disposables) d.dispose();
  }
}
