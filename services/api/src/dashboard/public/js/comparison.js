import { h } from './dom.js';
import { bytes, integer, milliseconds, percent, ratio } from './format.js';

/**
 * What distillation bought, from a distill job's `result.metrics`: each
 * teacher, the student and its baseline side by side, then the ratios.
 * `jobLinkOf(modelId)` gives the page of the job that trained a model, when known.
 */
export function renderDistillComparison(metrics, jobLinkOf) {
  const teachers = metrics.teachers ?? [];
  const row = (role, name, model, m) =>
    h(
      'tr',
      { 'data-role': role },
      h('th', { scope: 'row' }, name, model ? [' ', modelReference(model, jobLinkOf)] : null),
      h('td', { class: 'accuracy' }, percent(m?.testAccuracy)),
      h('td', {}, integer(m?.parameters)),
      h('td', {}, bytes(m?.bytes)),
      h('td', {}, milliseconds(m?.latencyMsPerSample)),
    );
  const table = h(
    'table',
    { class: 'comparison' },
    h('thead', {}, h('tr', {}, ['Model', 'Test accuracy', 'Parameters', 'Size', 'Latency per sample'].map((title) => h('th', { scope: 'col' }, title)))),
    h(
      'tbody',
      {},
      teachers.map((teacher, index) => row('teacher', `Teacher ${index + 1}`, teacher.model, teacher)),
      metrics.student ? row('student', 'Student', metrics.student.model, metrics.student) : null,
      metrics.baseline ? row('baseline', 'Baseline (no teachers)', undefined, metrics.baseline) : null,
    ),
  );

  const facts = [];
  if (metrics.student && metrics.baseline) {
    const gain = (metrics.student.testAccuracy - metrics.baseline.testAccuracy) * 100;
    facts.push(['Gain over the baseline', `${gain >= 0 ? '+' : '−'}${Math.abs(gain).toFixed(2)} points`]);
  }
  if (typeof metrics.agreement === 'number') facts.push(['Agreement with the teachers', percent(metrics.agreement)]);
  const compression = metrics.compression;
  if (compression) {
    facts.push(['Fewer parameters than the teachers together', ratio(compression.parameterRatio)]);
    facts.push(['Smaller than the teachers together', ratio(compression.bytesRatio)]);
    facts.push(['Faster than the teachers together', ratio(compression.latencyRatio)]);
  }
  return [table, factList(facts)];
}

/** A train job's model: its test accuracy, final loss, size. */
export function renderTrainSummary(result, model) {
  return factList([
    ['Test accuracy', percent(result.metrics?.testAccuracy)],
    ['Final training loss', typeof result.metrics?.trainLoss === 'number' ? result.metrics.trainLoss.toFixed(4) : '—'],
    ['Parameters', integer(model?.parameters)],
    ['Size', bytes(model?.bytes)],
  ]);
}

function factList(facts) {
  return h('dl', { class: 'facts' }, facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function modelReference(modelId, jobLinkOf) {
  const jobHref = jobLinkOf?.(modelId);
  return jobHref ? h('a', { class: 'model-id', href: jobHref, title: 'the job that trained it' }, modelId) : h('code', { class: 'model-id' }, modelId);
}
