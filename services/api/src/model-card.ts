import { readFileSync } from 'node:fs';
import { checkDistillationAllowed, withDefaults, type Dataset, type Model } from '@distillery/contracts';
import type { Job, ModelCard } from '@distillery/jobs';
import { METHODS } from '@distillery/kd';
import type { Registry } from '@distillery/registry';

const SERVICE_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function describeSource(dataset: Dataset): string {
  return 'builtin' in dataset.source ? `builtin:${dataset.source.builtin}` : `upload:${dataset.source.upload.format}`;
}

/** A record deleted since the model was made still shows up in its lineage, by id. */
const deletedTeacher = (id: string): ModelCard['teachers'][number] => ({ id, name: '(deleted)', digest: 'unknown', license: 'unknown', distillation: 'unknown', parameters: 0 });
const deletedDataset = (id: string, role: 'training' | 'transfer'): ModelCard['datasets'][number] => ({ id, role, name: '(deleted)', digest: 'unknown', source: 'unknown' });

/**
 * The model card, assembled from the records it cites: the model, the job that
 * made it (request and result), its teachers and its datasets.
 */
export async function buildModelCard(registry: Registry, model: Model): Promise<ModelCard> {
  const lineage = model.lineage;
  // A policy learnt from an environment has no dataset.
  const datasetIds = lineage?.dataset ? [lineage.dataset, ...(lineage.transferDataset ? [lineage.transferDataset] : [])] : [];
  const [job, teachers, datasets] = lineage
    ? await Promise.all([registry.jobs.get(lineage.jobId), registry.models.getMany(lineage.teachers), registry.datasets.getMany(datasetIds)])
    : [undefined, [], []];
  const teacherRecords = teachers.filter((t): t is Model => t !== undefined);
  const warnings = [...(job?.result?.warnings ?? []), ...(teacherRecords.length > 0 ? checkLicencesForCard(teacherRecords) : [])];
  return {
    model: {
      id: model.id,
      name: model.name,
      format: model.format,
      digest: model.digest,
      license: model.license,
      parameters: model.parameters,
      bytes: model.bytes,
      inputShape: model.inputShape,
      numClasses: model.numClasses,
      createdAt: model.createdAt,
      files: model.files,
      ...(model.onnx ? { onnx: describeOnnx(model.onnx) } : {}),
    },
    origin: !lineage ? 'uploaded' : lineage.kind === 'distill' || lineage.kind === 'distill-private' ? 'distilled' : 'trained',
    teachers: (lineage?.teachers ?? []).map((id, i) => {
      const teacher = teachers[i];
      if (!teacher) return deletedTeacher(id);
      return { id, name: teacher.name, digest: teacher.digest, license: teacher.license, distillation: teacher.distillation, parameters: teacher.parameters };
    }),
    datasets: datasetIds.map((id, i) => {
      const role = i === 0 ? 'training' : 'transfer';
      const dataset = datasets[i];
      return dataset ? { id, role, name: dataset.name, digest: dataset.digest, source: describeSource(dataset) } : deletedDataset(id, role);
    }),
    ...(lineage?.method !== undefined ? { method: lineage.method } : {}),
    ...(job ? { training: trainingOf(job) } : {}),
    ...(job?.result ? { metrics: job.result.metrics, job: { id: job.id, finishedAt: job.finishedAt, backend: job.result.backend } } : {}),
    warnings: dedupe(warnings.map(({ code, message }) => ({ code, message }))),
    ...(model.metadata ? { metadata: model.metadata } : {}),
    service: { name: 'distillery', version: SERVICE_VERSION },
    generatedAt: new Date().toISOString(),
  };
}

function trainingOf(job: Job): Record<string, unknown> {
  // A policy job's options are its own, not the epoch-based training config.
  if (job.request.type === 'train-policy' || job.request.type === 'distill-policy') return { environment: job.request.environment, ...job.request.training };
  if (job.request.type === 'distill-graph') return { graph: job.request.graph, teacher: job.request.teacher ?? {}, student: job.request.student?.training ?? {}, method: job.request.method ?? { kind: 'graph' } };
  return { ...withDefaults(job.request.training) };
}

/** A forbidden teacher cannot be in a lineage (submission refuses it) unless it was re-marked later: say so rather than fail. */
function checkLicencesForCard(teachers: Model[]): { code: string; message: string }[] {
  try {
    return checkDistillationAllowed(teachers);
  } catch (error) {
    return [{ code: 'distillation_forbidden', message: (error as Error).message }];
  }
}

function dedupe<T extends { message: string }>(items: T[]): T[] {
  return items.filter((item, i) => items.findIndex((other) => other.message === item.message) === i);
}

const percent = (value: number | undefined) => (value === undefined ? '—' : `${(value * 100).toFixed(2)}%`);
const count = (value: number | undefined) => (value === undefined ? '—' : value.toLocaleString('en'));
/** Markdown table cells: a `|` or newline in a user-given name would break the table. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

/** The teachers on the validation slice, the gate, the aggregation shares, their conflicts and the pseudo-labels kept. */
function teacherQualityMarkdown(metrics: NonNullable<ModelCard['metrics']>): string[] {
  const teachers = metrics.teachers ?? [];
  if (!teachers.some((t) => t.validation)) return [];
  const v = metrics.teacherValidation;
  const lines = [
    '## Teacher quality',
    '',
    v ? `Measured before the student trained, on ${count(v.samples)} rows of the training split of \`${v.dataset}\` (a ${(v.fraction * 100).toFixed(0)}% slice drawn with seed ${v.seed}), not on the test split.` : '',
    '',
    '| teacher | validation accuracy | ECE (15 bins) | gate | in the aggregation | share |',
    '|---|---|---|---|---|---|',
  ];
  for (const [i, t] of teachers.entries()) {
    const gate = t.gate ? `${percent(t.gate.minAccuracy)}: ${t.gate.passed ? 'passed' : 'failed'}` : '—';
    const used = t.used === undefined ? '—' : t.used ? 'yes' : '**dropped**';
    lines.push(`| teacher ${i} \`${t.model ?? ''}\` | ${percent(t.validation?.accuracy)} | ${t.validation?.ece.toFixed(4) ?? '—'} | ${gate} | ${used} | ${t.weight?.toFixed(3) ?? '—'} |`);
  }
  lines.push('');
  const c = metrics.conflicts;
  if (c) {
    const classes = c.classes.map((k) => `${k.class} (${percent(k.disagreement)} of ${count(k.samples)})`).join(', ');
    lines.push(
      `The teachers disagree on the argmax of ${percent(c.argmaxDisagreement)} of ${count(c.samples)} transfer samples; mean pairwise KL at T = ${c.temperature}: ${c.meanPairwiseKl.toFixed(4)}. Classes disagreed on most: ${classes || '—'}.`,
      '',
    );
  }
  for (const method of METHODS) {
    const sentence = method.summarize?.(metrics);
    if (sentence) lines.push(sentence, '');
  }
  return lines;
}

function describeOnnx(info: NonNullable<Model['onnx']>): string {
  const layout = info.layout === 'nchw' ? ', images fed channels-first (NCHW)' : info.layout === 'nhwc' ? ', images fed channels-last (NHWC)' : '';
  return `opset ${info.opset}, IR version ${info.irVersion}, produced by ${info.producer}; input ${info.input}, output ${info.output}${info.fixedBatch ? `, batch fixed at ${info.fixedBatch}` : ''}${layout}`;
}

/** The same card as Markdown, for humans and for model hubs. */
export function renderModelCardMarkdown(card: ModelCard): string {
  const m = card.model;
  const lines = [
    `# Model card: ${cell(m.name)}`,
    '',
    `- **id** \`${m.id}\` · **format** ${m.format} · **origin** ${card.origin}`,
    `- **licence** ${cell(m.license)}`,
    `- **parameters** ${count(m.parameters)} · **weights** ${count(m.bytes)} bytes · **input** [${m.inputShape.join(', ')}] · **classes** ${m.numClasses}`,
    `- **digest** \`${m.digest}\``,
    `- **files** ${m.files.map((file) => `\`${file}\``).join(', ')}`,
    ...(m.onnx ? [`- **ONNX** ${cell(m.onnx)}`] : []),
    `- **created** ${m.createdAt}`,
    '',
  ];
  if (card.teachers.length > 0) {
    lines.push('## Teachers', '', '| id | name | licence | distillation | parameters | digest |', '|---|---|---|---|---|---|');
    for (const t of card.teachers) lines.push(`| \`${t.id}\` | ${cell(t.name)} | ${cell(t.license)} | ${t.distillation} | ${count(t.parameters)} | \`${t.digest.slice(0, 16)}…\` |`);
    lines.push('');
  }
  if (card.datasets.length > 0) {
    lines.push('## Data', '', '| role | id | name | source | digest |', '|---|---|---|---|---|');
    for (const d of card.datasets) lines.push(`| ${d.role} | \`${d.id}\` | ${cell(d.name)} | ${d.source} | \`${d.digest.slice(0, 16)}…\` |`);
    lines.push('');
  }
  if (card.method !== undefined || card.training) {
    lines.push('## Method and hyperparameters', '');
    if (card.method !== undefined) lines.push(`- method: \`${JSON.stringify(card.method)}\``);
    if (card.training) lines.push(`- training: \`${JSON.stringify(card.training)}\``);
    lines.push('');
  }
  const metrics = card.metrics;
  if (metrics) {
    lines.push('## Results', '', '| model | test accuracy | parameters | latency (ms/sample) |', '|---|---|---|---|');
    if (metrics.student) lines.push(`| this student | ${percent(metrics.student.testAccuracy)} | ${count(metrics.student.parameters)} | ${metrics.student.latencyMsPerSample?.toFixed(4) ?? '—'} |`);
    if (metrics.baseline) lines.push(`| same student trained alone (baseline) | ${percent(metrics.baseline.testAccuracy)} | ${count(metrics.baseline.parameters)} | — |`);
    for (const [i, t] of (metrics.teachers ?? []).entries()) lines.push(`| teacher ${i} \`${t.model ?? ''}\` | ${percent(t.testAccuracy)} | ${count(t.parameters)} | ${t.latencyMsPerSample?.toFixed(4) ?? '—'} |`);
    if (metrics.testAccuracy !== undefined && !metrics.student) lines.push(`| this model | ${percent(metrics.testAccuracy)} | ${count(m.parameters)} | — |`);
    lines.push('');
    if (metrics.compression) {
      const c = metrics.compression;
      lines.push(`Against its teachers together: ${c.parameterRatio.toFixed(1)}× fewer parameters, ${c.bytesRatio.toFixed(1)}× smaller, ${c.latencyRatio.toFixed(1)}× lower latency.`, '');
    }
    lines.push(...teacherQualityMarkdown(metrics));
  }
  if (card.warnings.length > 0) {
    lines.push('## Warnings', '');
    for (const w of card.warnings) lines.push(`- **${w.code}**: ${w.message}`);
    lines.push('');
  }
  lines.push(`---`, `Generated by ${card.service.name} ${card.service.version} on ${card.generatedAt}${card.job ? ` from job \`${card.job.id}\`` : ''}.`, '');
  return lines.join('\n');
}
