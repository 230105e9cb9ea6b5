import { loadCora, loadStoredGraph } from '@distillery/datasets';
import { GRAPH_DISTILLATION_DEFAULTS, type DistillGraphData, type GraphDistillationMetrics, type JobResult } from '@distillery/jobs';
import { contextualSbm, distillGraph, edgeCount, measureInferenceLatency, type NodeGraph, type NodeScores } from '@distillery/kd';
import type { JobContext } from '../context.ts';
import { registerTrainedModel } from './shared.ts';

/** The graph and what reports call it: the dataset's id, or the built-in's name. */
async function graphOf(ctx: JobContext, source: DistillGraphData['request']['graph']): Promise<{ graph: NodeGraph; name: string }> {
  if ('dataset' in source) {
    const record = await ctx.data.datasetRecord(source.dataset);
    return { graph: await loadStoredGraph(ctx.store, record.files ?? []), name: source.dataset };
  }
  return { graph: source.builtin === 'cora' ? loadCora() : contextualSbm(source.options ?? {}), name: source.builtin };
}

const scores = (s: NodeScores) => ({ testAccuracy: s.test, ...(s.observedTest !== undefined ? { observedTestAccuracy: s.observedTest } : {}) });

/**
 * GLNN as one job: trains the GNN teacher on the graph (with progress events
 * per epoch), distils it into an MLP over node features, trains the same MLP
 * on the labels alone, times serving both ways, and registers the student, a
 * standard tfjs layers model. The teacher is not kept: it is no layers model,
 * and the student is what the job is for. A retried attempt starts again
 * (every part is seeded, so it ends the same).
 */
export async function distillGraphJob(ctx: JobContext, data: DistillGraphData): Promise<JobResult> {
  const started = performance.now();
  const { request } = data;
  const d = GRAPH_DISTILLATION_DEFAULTS;
  const { graph, name: graphName } = await graphOf(ctx, request.graph);
  const teacherTraining = { ...d.teacherTraining, ...request.teacher?.training };
  const studentArchitecture = request.student?.architecture ?? { ...d.student, hidden: [...d.student.hidden] };
  const studentTraining = { ...d.studentTraining, ...request.student?.training };
  const method = { ...d.method, ...request.method };
  const run = await distillGraph({
    graph,
    teacher: { architecture: request.teacher?.architecture ?? { ...d.teacher, hidden: [...d.teacher.hidden] }, training: teacherTraining },
    student: { architecture: studentArchitecture, training: studentTraining },
    lambda: method.lambda,
    temperature: method.temperature,
    setting: method.setting,
    heldOut: method.heldOut,
    baseline: request.baseline ?? true,
    signal: ctx.signal,
    onTeacherEpoch: async (epoch) => {
      if (epoch.epoch % 10 === 0) await ctx.registry.jobs.progress(ctx.jobId, { stage: ctx.stage, epoch: epoch.epoch, epochs: teacherTraining.epochs, loss: epoch.loss, accuracy: epoch.valAccuracy });
    },
  });
  try {
    const trainSeconds = (performance.now() - started) / 1000;
    const { adjacency } = run;
    const test = graph.split.test;
    const latency = measureInferenceLatency({ teacher: run.teacher.network, student: run.student.model, x: graph.x, adjacency, singles: test.subarray(0, 100), batch: test });
    const metrics: GraphDistillationMetrics = {
      graph: { source: graphName, nodes: graph.nodes, edges: edgeCount(adjacency), features: graph.features, classes: graph.numClasses },
      setting: method.setting,
      teacher: { ...scores(run.teacher.scores), bestEpoch: run.teacher.bestEpoch, epochs: run.teacher.epochs, parameters: run.teacher.parameters },
      student: { ...scores(run.student.scores), bestEpoch: run.student.bestEpoch, parameters: run.student.parameters },
      ...(run.baseline ? { baseline: { ...scores(run.baseline.scores), bestEpoch: run.baseline.bestEpoch } } : {}),
      parameterRatio: run.student.parameters / run.teacher.parameters,
      latency,
    };
    const record = await registerTrainedModel(ctx, run.student.model, {
      name: request.student?.name ?? `mlp distilled from ${run.teacher.network.architecture.kind} on ${graphName}`,
      architecture: studentArchitecture,
      inputShape: [graph.features],
      numClasses: graph.numClasses,
      license: request.student?.license,
      lineage: { jobId: ctx.jobId, kind: 'distill-graph', ...('dataset' in request.graph ? { dataset: request.graph.dataset } : { graph: graphName }), teachers: [], method: { kind: 'graph', ...method }, seed: studentTraining.seed },
    });
    const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
    await ctx.registry.jobs.log(
      ctx.jobId,
      `teacher ${percent(run.teacher.scores.test)}, distilled MLP ${percent(run.student.scores.test)}${run.baseline ? `, MLP alone ${percent(run.baseline.scores.test)}` : ''} on the ${method.setting === 'inductive' ? 'held-out' : 'test'} nodes; the student answers ${latency.speedup.perNode.toFixed(0)}× faster per node`,
    );
    return {
      model: record.id,
      metrics: { testAccuracy: run.student.scores.test, graph: metrics },
      wallSeconds: (performance.now() - started) / 1000,
      timings: { train: trainSeconds },
      backend: ctx.backend,
    };
  } finally {
    run.teacher.network.dispose();
    run.student.model.dispose();
    run.baseline?.model.dispose();
  }
}
