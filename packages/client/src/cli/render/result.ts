import type { components } from '../../schema.ts';
import { bytes, count, loss, milliseconds, percent, points, ratio, seconds } from './format.ts';
import { renderTable, type Column } from './table.ts';

type Job = components['schemas']['Job'];
type JobResult = components['schemas']['JobResult'];
type Progress = components['schemas']['Progress'];
type JobWarning = components['schemas']['JobWarning'];
type ModelMetrics = NonNullable<JobResult['metrics']['student']>;

interface MetricsRow {
  role: string;
  metrics: ModelMetrics;
}

const metricsColumns: Column<MetricsRow>[] = [
  { header: 'model', cell: (row) => row.role },
  { header: 'id', cell: (row) => row.metrics.model ?? '' },
  { header: 'test accuracy', align: 'right', cell: (row) => percent(row.metrics.testAccuracy) },
  { header: 'parameters', align: 'right', cell: (row) => count(row.metrics.parameters) },
  { header: 'weights', align: 'right', cell: (row) => bytes(row.metrics.bytes) },
  { header: 'latency/sample', align: 'right', cell: (row) => milliseconds(row.metrics.latencyMsPerSample) },
];

/**
 * What a finished job produced, as a person reads it: for a distill job the
 * teachers, the student and the baseline side by side, then what the student
 * saves over its teachers; for a train job the new model and its accuracy.
 */
export function renderResult(result: JobResult): string {
  const { metrics } = result;
  if (metrics.policy || metrics.policyDistillation) return renderPolicyResult(result);
  if (metrics.graph) return renderGraphResult(result);
  if (metrics.privacy) return renderPrivateResult(result);
  const lines: string[] = [];
  if (metrics.student) {
    const rows: MetricsRow[] = [
      ...(metrics.teachers ?? []).map((teacher, i) => ({ role: `teacher:${i}`, metrics: teacher })),
      { role: 'student', metrics: { model: result.model, ...metrics.student } },
      ...(metrics.baseline ? [{ role: 'baseline', metrics: metrics.baseline }] : []),
    ];
    lines.push(renderTable(metricsColumns, rows), '');
    if (metrics.baseline) {
      lines.push(`distillation gain over the baseline: ${points(metrics.student.testAccuracy - metrics.baseline.testAccuracy)} points`);
    }
    if (metrics.compression) {
      const { parameterRatio, bytesRatio, latencyRatio } = metrics.compression;
      lines.push(
        `compression (teachers together / student): ${ratio(parameterRatio)} parameters, ${ratio(bytesRatio)} bytes, ${ratio(latencyRatio)} latency`,
      );
    }
    if (metrics.agreement !== undefined) lines.push(`agreement with the teachers: ${percent(metrics.agreement)} of test samples`);
  } else {
    const rows = [{ model: result.model, accuracy: percent(metrics.testAccuracy), trainLoss: loss(metrics.trainLoss) }];
    lines.push(
      renderTable(
        [
          { header: 'model', cell: (row: (typeof rows)[number]) => row.model },
          { header: 'test accuracy', align: 'right', cell: (row) => row.accuracy },
          { header: 'train loss', align: 'right', cell: (row) => row.trainLoss },
        ],
        rows,
      ),
      '',
    );
  }
  // A teacher whose licence does not say it may be distilled, a student no smaller than its teachers, ...
  lines.push(...describeWarnings(result.warnings));
  lines.push(`model ${result.model} · ${seconds(result.wallSeconds)} on ${result.backend}`);
  return lines.join('\n');
}

/** `warning student_not_smaller: the student has …`, one line each; none for a server too old to send them. */
export function describeWarnings(warnings: readonly JobWarning[] | undefined): string[] {
  return (warnings ?? []).map((warning) => `warning ${warning.code}: ${warning.message}`);
}

/** `student epoch 3/5 · loss 0.1234 · accuracy 90.00%` */
export function describeProgress(progress: Progress): string {
  if (progress.steps !== undefined) {
    return `${progress.stage} step ${progress.steps}/${progress.maxSteps ?? '?'}${progress.meanReturn !== undefined ? ` · return ${progress.meanReturn.toFixed(1)}` : ''}`;
  }
  if (progress.meanReturn !== undefined) return `${progress.stage} fit ${progress.epoch}/${progress.epochs ?? '?'} · return ${progress.meanReturn.toFixed(1)}`;
  const parts = [progress.epoch !== undefined ? `${progress.stage} epoch ${progress.epoch}/${progress.epochs ?? '?'}` : progress.stage];
  if (progress.loss !== undefined) parts.push(`loss ${loss(progress.loss)}`);
  if (progress.accuracy !== undefined) parts.push(`accuracy ${percent(progress.accuracy)}`);
  return parts.join(' · ');
}

/** `jobs get` for people: status, stages, progress, error, and the result once there is one. */
export function renderJob(job: Job): string {
  const lines = [`job ${job.id} (${job.type}): ${job.status}`];
  lines.push(
    [`created ${job.createdAt}`, job.startedAt && `started ${job.startedAt}`, job.finishedAt && `finished ${job.finishedAt}`]
      .filter(Boolean)
      .join(', '),
  );
  if (job.stages.length > 0) {
    lines.push(
      '',
      renderTable(
        [
          { header: 'stage', cell: (stage: Job['stages'][number]) => stage.name },
          { header: 'status', cell: (stage) => stage.status },
          { header: 'cached', cell: (stage) => (stage.cached ? 'cached' : '') },
        ],
        job.stages,
      ),
    );
  }
  if (job.progress && !job.result) lines.push('', `progress: ${describeProgress(job.progress)}`);
  if (job.error) lines.push('', `error ${job.error.code}: ${job.error.message}`);
  if (job.result) lines.push('', renderResult(job.result));
  return lines.join('\n');
}

type Returns = { mean: number; min: number; max: number; episodes: number };

/** A policy job's greedy returns over the fixed evaluation episodes: the agent, or teacher, student and baseline side by side. */
function renderPolicyResult(result: JobResult): string {
  const { policy, policyDistillation: distilled } = result.metrics;
  const rows: { role: string; id: string; returns: Returns; steps?: number }[] = policy
    ? [{ role: 'policy', id: result.model, returns: policy.greedyReturn, steps: policy.environmentSteps }]
    : [
        { role: 'teacher', id: '', returns: distilled!.teacher },
        { role: 'student', id: result.model, returns: distilled!.student, steps: distilled!.environmentSteps },
        ...(distilled!.baseline ? [{ role: 'baseline', id: '', returns: distilled!.baseline, steps: distilled!.baseline.environmentSteps }] : []),
      ];
  const lines = [
    `${policy?.environment ?? distilled!.environment}: greedy return over ${rows[0]!.returns.episodes} fixed episodes`,
    renderTable(
      [
        { header: 'model', cell: (row: (typeof rows)[number]) => row.role },
        { header: 'id', cell: (row) => row.id },
        { header: 'mean return', align: 'right', cell: (row) => row.returns.mean.toFixed(1) },
        { header: 'min..max', align: 'right', cell: (row) => `${row.returns.min}..${row.returns.max}` },
        { header: 'environment steps', align: 'right', cell: (row) => (row.steps === undefined ? '' : count(row.steps)) },
      ],
      rows,
    ),
  ];
  if (policy && !policy.solved) lines.push('the stopping rule was not met within maxSteps');
  if (distilled) lines.push('', `compression (teacher / student): ${ratio(distilled.parameterRatio)} parameters, ${ratio(distilled.latencyRatio)} latency`);
  return lines.join('\n');
}

/** A graph distillation: teacher, student and baseline on the test nodes, and what serving without the graph saves. */
function renderGraphResult(result: JobResult): string {
  const graph = result.metrics.graph!;
  const inductive = graph.setting === 'inductive';
  const rows = [
    // A teacher found in the cache was trained by an earlier job: say so, since this job trained none.
    { role: graph.teacher.cached ? 'teacher (cached)' : 'teacher', id: '', scores: graph.teacher, parameters: graph.teacher.parameters as number | undefined, latency: graph.latency.teacher as { perNodeMs: number } | undefined },
    { role: 'student', id: result.model, scores: graph.student, parameters: graph.student.parameters as number | undefined, latency: graph.latency.student as { perNodeMs: number } | undefined },
    ...(graph.baseline ? [{ role: 'baseline', id: '', scores: graph.baseline, parameters: undefined, latency: undefined }] : []),
  ];
  const { source, nodes, edges } = graph.graph;
  const lines = [
    `${source}: ${count(nodes)} nodes, ${count(edges)} edges, ${graph.setting}${inductive ? ' (accuracy on the held-out nodes; observed: on the test nodes left in the graph)' : ''}`,
    renderTable(
      [
        { header: 'model', cell: (row: (typeof rows)[number]) => row.role },
        { header: 'id', cell: (row) => row.id },
        { header: 'test accuracy', align: 'right', cell: (row) => percent(row.scores.testAccuracy) },
        ...(inductive ? [{ header: 'observed', align: 'right' as const, cell: (row: (typeof rows)[number]) => percent(row.scores.observedTestAccuracy) }] : []),
        { header: 'parameters', align: 'right', cell: (row) => count(row.parameters) },
        { header: 'latency/node', align: 'right', cell: (row) => milliseconds(row.latency?.perNodeMs) },
      ],
      rows,
    ),
  ];
  if (graph.baseline) lines.push('', `distillation gain over the baseline: ${points(graph.student.testAccuracy - graph.baseline.testAccuracy)} points`);
  const { speedup, teacherNodesPerNode, batchSize } = graph.latency;
  lines.push(`serving without the graph: ${ratio(speedup.perNode)} faster per node (the teacher fetched ${teacherNodesPerNode.toFixed(0)} nodes for each), ${ratio(speedup.perBatch)} per batch of ${count(batchSize)}`);
  return lines.join('\n');
}

/** A PATE distillation: what the privacy cost, how many queries it bought, and the student against its non-private twin. */
function renderPrivateResult(result: JobResult): string {
  const p = result.metrics.privacy!;
  const { queries, teachers, epsilon } = p;
  const lines = [
    `${p.mechanism}: ε = ${epsilon.dataIndependent.epsilon.toFixed(2)} at δ = ${p.delta} (data-independent; publish this one)`,
    `  data-dependent ε = ${epsilon.dataDependent.epsilon.toFixed(2)}: computed from the private votes, not safe to release as it is`,
    `${count(queries.answered)} of ${count(queries.requested)} queries answered${queries.exhausted ? ` (the budget stopped the answers after ${count(queries.asked)})` : ''}`,
    `${teachers.count} teachers on ${count(teachers.partition)} private rows each: ${percent(teachers.meanTestAccuracy)} on average, ${percent(teachers.ensembleTestAccuracy)} voting together`,
    ...(p.labelAccuracy ? [`answers right ${percent(p.labelAccuracy.noisy)} of the time (${percent(p.labelAccuracy.clean)} without noise)`] : []),
    `student ${result.model}: ${percent(p.student.testAccuracy)}; the same student on clean votes (no privacy): ${percent(p.nonPrivate.testAccuracy)}`,
  ];
  return lines.join('\n');
}
