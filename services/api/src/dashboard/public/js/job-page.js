import { followJob, getJob, getModel, paths } from './api.js';
import { LearningCurves } from './charts.js';
import { renderDistillComparison, renderTrainSummary } from './comparison.js';
import { h, notice, replace, statusBadge } from './dom.js';
import { renderFlow } from './flow.js';
import { dateTime, duration, percent } from './format.js';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
const LOG_LINES = 40;

const STAGE_NAMES = {
  aggregate: 'Aggregating the teachers’ outputs',
  train: 'Training',
  student: 'Training the student',
  baseline: 'Training the baseline (the student without teachers)',
};

function stageName(stage) {
  const teacher = /^teacher:(\d+)$/.exec(stage ?? '');
  if (teacher) return `Teacher ${Number(teacher[1]) + 1}: computing its outputs`;
  return STAGE_NAMES[stage] ?? stage ?? '';
}

/**
 * One job: its flow, live progress, learning curves and, once it has
 * succeeded, the teacher-versus-student comparison and downloads. The page
 * loads the job once, then follows its event stream: the stream replays
 * every event from the start, so a page opened mid-job draws the curves so
 * far and then keeps up.
 */
class JobPage {
  constructor(main, id) {
    this.main = main;
    this.id = id;
    this.controller = new AbortController();
    this.stopFollowing = () => {};
    this.logs = [];
    this.teacherModels = new Map();
  }

  get signal() {
    return this.controller.signal;
  }

  async start() {
    document.title = `Job ${this.id} · Distillery`;
    replace(this.main, this.crumbs(), h('p', { class: 'loading' }, 'Loading…'));
    this.job = await getJob(this.id, this.signal);
    this.teacherModels = await this.loadTeacherModels();
    if (this.signal.aborted) return;
    // A finished job never changes: its stream is read for the log lines only.
    this.finishedAtLoad = this.finished;
    this.build();
    this.render();
    if (this.finished) this.curves.setHistory(this.job.result?.history);
    if (this.job.status === 'succeeded') await this.renderOutcome();
    if (this.signal.aborted) return;
    // While it runs, the durations on the page keep counting.
    this.ticker = setInterval(() => this.finished || this.renderHeader(), 1000);
    this.stopFollowing = followJob(this.id, {
      onEvent: (event) => this.onEvent(event),
      onResult: () => this.onResult().catch((error) => this.showError(error)),
      onConnection: (state) => this.showConnection(state),
    });
  }

  destroy() {
    this.controller.abort();
    this.stopFollowing();
    clearInterval(this.ticker);
    this.curves?.destroy();
  }

  get finished() {
    return FINISHED.has(this.job.status);
  }

  crumbs() {
    return h('nav', { class: 'crumbs', 'aria-label': 'breadcrumb' }, h('a', { href: '#/' }, 'Jobs'), ' / ', h('span', {}, this.id));
  }

  build() {
    this.header = h('div', { class: 'job-head' });
    this.flow = h('section', { class: 'panel', id: 'flow', 'aria-label': 'Flow' });
    this.progress = h('section', { class: 'panel', id: 'progress', 'aria-label': 'Progress' });
    const lossCanvas = h('canvas', { id: 'loss-chart', role: 'img', 'aria-label': 'Training loss per epoch' });
    const accuracyCanvas = h('canvas', { id: 'accuracy-chart', role: 'img', 'aria-label': 'Test accuracy per epoch' });
    const isDistill = this.job.type === 'distill';
    const curvesSection = h(
      'section',
      { class: 'panel', id: 'curves' },
      h('h2', {}, 'Learning curves'),
      isDistill
        ? h(
            'p',
            { class: 'hint' },
            'The student’s loss is the distillation loss (teachers’ soft targets and labels together); the baseline’s is plain cross-entropy on the labels. Compare their accuracy; compare their losses by shape, not level.',
          )
        : null,
      h(
        'div',
        { class: 'charts' },
        h('figure', {}, h('figcaption', {}, 'Loss per epoch'), h('div', { class: 'chart-box' }, lossCanvas)),
        h('figure', {}, h('figcaption', {}, 'Test accuracy per epoch'), h('div', { class: 'chart-box' }, accuracyCanvas)),
      ),
    );
    this.outcome = h('section', { class: 'panel', id: 'comparison', hidden: true });
    this.downloads = h('section', { class: 'panel', id: 'downloads', hidden: true });
    this.log = h('section', { class: 'panel', id: 'log' });
    this.connection = h('p', { class: 'connection', id: 'connection' });
    replace(this.main, this.crumbs(), this.header, this.connection, this.flow, this.progress, curvesSection, this.outcome, this.downloads, this.log);
    this.curves = new LearningCurves(lossCanvas, accuracyCanvas);
  }

  render() {
    this.renderHeader();
    this.renderFlow();
    this.renderProgress();
    this.renderLog();
  }

  renderHeader() {
    const job = this.job;
    const request = job.request;
    const facts = [
      ['Type', job.type],
      request.environment ? ['Environment', request.environment] : ['Dataset', request.dataset],
      request.transfer ? ['Transfer set', request.transfer.dataset] : null,
      ['Created', dateTime(job.createdAt)],
      ['Duration', job.startedAt ? duration(job.startedAt, job.finishedAt) : 'not started'],
      job.result?.backend ? ['Backend', job.result.backend] : null,
    ].filter(Boolean);
    replace(
      this.header,
      h('h1', {}, `Job ${job.id} `, h('span', { id: 'job-status' }, statusBadge(job.status))),
      h('dl', { class: 'facts inline' }, facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value)))),
    );
  }

  renderFlow() {
    replace(this.flow, h('h2', {}, 'Flow'), renderFlow(this.job, this.teacherModels));
  }

  renderProgress() {
    const { status, progress, error } = this.job;
    const bar = h('progress', { id: 'progress-bar', max: 1 });
    let label;
    if (status === 'queued') {
      bar.value = 0;
      label = 'Queued: waiting for a worker';
    } else if (status === 'running') {
      if (progress && typeof progress.epoch === 'number' && typeof progress.epochs === 'number') {
        bar.max = progress.epochs;
        bar.value = progress.epoch;
        const unit = typeof progress.meanReturn === 'number' ? 'fit' : 'epoch'; // a policy distillation counts its fits
        const parts = [`${stageName(progress.stage)}: ${unit} ${progress.epoch} of ${progress.epochs}`];
        if (typeof progress.meanReturn === 'number') parts.push(`greedy return ${progress.meanReturn.toFixed(1)}`);
        if (typeof progress.loss === 'number') parts.push(`loss ${progress.loss.toFixed(4)}`);
        if (typeof progress.accuracy === 'number') parts.push(`test accuracy ${percent(progress.accuracy)}`);
        label = parts.join(' · ');
      } else if (progress && typeof progress.steps === 'number' && typeof progress.maxSteps === 'number') {
        // A policy: environment steps, and the greedy return at the latest evaluation.
        bar.max = progress.maxSteps;
        bar.value = progress.steps;
        label = `${stageName(progress.stage)}: ${progress.steps} of at most ${progress.maxSteps} environment steps · greedy return ${progress.meanReturn.toFixed(1)}`;
      } else {
        bar.removeAttribute('value'); // indeterminate
        label = progress?.stage ? stageName(progress.stage) : 'Running';
      }
    } else {
      bar.value = status === 'succeeded' ? 1 : 0;
      label = `${status[0].toUpperCase()}${status.slice(1)}${this.job.startedAt ? ` after ${duration(this.job.startedAt, this.job.finishedAt)}` : ''}`;
    }
    replace(
      this.progress,
      h('h2', {}, 'Progress'),
      bar,
      h('p', { id: 'progress-label', 'data-status': status }, label),
      error ? notice(`${error.code}: ${error.message}`) : null,
    );
  }

  renderLog() {
    replace(
      this.log,
      h('h2', {}, 'Log'),
      this.logs.length === 0
        ? h('p', { class: 'hint' }, 'No log lines yet.')
        : h('ol', { class: 'log' }, this.logs.slice(-LOG_LINES).map((line) => h('li', {}, h('time', {}, dateTime(line.at)), ' ', line.message))),
    );
  }

  onEvent(event) {
    const job = this.job;
    const data = event.data ?? {};
    if (this.finishedAtLoad && event.type !== 'log') return;
    if (event.type === 'status') {
      job.status = data.status ?? job.status;
      if (data.error) job.error = data.error;
      if (job.status === 'running' && !job.startedAt) job.startedAt = event.at;
      if (FINISHED.has(job.status) && !job.finishedAt) job.finishedAt = event.at;
      this.renderHeader();
      this.renderProgress();
    } else if (event.type === 'stage') {
      // A stage event carries the whole stage as it now stands.
      const index = job.stages.findIndex((stage) => stage.name === data.name);
      if (index === -1) job.stages.push(data);
      else job.stages[index] = data;
      this.renderFlow();
    } else if (event.type === 'progress') {
      job.progress = data;
      this.curves.addProgress(data);
      this.renderProgress();
    } else if (event.type === 'log') {
      this.logs.push({ at: event.at, message: String(data.message ?? '') });
      this.renderLog();
    }
  }

  /** The job finished: the record now holds the result, the full history and the final stages. */
  async onResult() {
    if (this.finishedAtLoad) return;
    this.job = await getJob(this.id, this.signal);
    if (this.signal.aborted) return;
    this.render();
    this.curves.setHistory(this.job.result?.history);
    if (this.job.status === 'succeeded') await this.renderOutcome();
  }

  async renderOutcome() {
    const result = this.job.result;
    if (!result) return;
    const model = await getModel(result.model, this.signal).catch(() => undefined);
    if (this.signal.aborted) return;
    if (this.job.type === 'distill') {
      const jobLinkOf = (modelId) => {
        const record = modelId === result.model ? undefined : this.teacherModels.get(modelId);
        return record?.lineage?.jobId ? `#/jobs/${encodeURIComponent(record.lineage.jobId)}` : undefined;
      };
      replace(this.outcome, h('h2', {}, 'Teachers and student'), renderDistillComparison(result.metrics, jobLinkOf));
    } else {
      replace(this.outcome, h('h2', {}, 'Model'), renderTrainSummary(result, model));
    }
    const warnings = result.warnings ?? [];
    if (warnings.length) this.outcome.append(h('ul', { class: 'warnings' }, warnings.map((warning) => h('li', {}, notice(warning.message, 'info')))));
    this.outcome.hidden = false;
    replace(this.downloads, h('h2', {}, 'Downloads'), renderDownloads(result.model, model));
    this.downloads.hidden = false;
  }

  async loadTeacherModels() {
    const teachers = this.job.type === 'distill' ? (this.job.request.teachers ?? []) : [];
    const records = await Promise.all(teachers.map((teacher) => getModel(teacher.model, this.signal).catch(() => undefined)));
    return new Map(records.filter(Boolean).map((record) => [record.id, record]));
  }

  showConnection(state) {
    const text = {
      open: '',
      closed: '',
      reconnecting: 'Live updates lost their connection; reconnecting…',
      interrupted: 'Live updates were interrupted by the server; reconnecting…',
    }[state];
    this.connection.textContent = text ?? '';
    this.connection.hidden = !text;
  }

  showError(error) {
    if (error.status === 401) return; // the key prompt has the page
    if (this.signal.aborted) return;
    replace(this.main, this.crumbs(), notice(`Could not load job ${this.id}: ${error.message}`));
  }
}

function renderDownloads(modelId, model) {
  const files = model?.files ?? [];
  return [
    h('p', {}, 'The model as a TensorFlow.js LayersModel (', h('code', {}, 'tf.loadLayersModel'), ' reads model.json, which names its weights file). ', h('code', {}, modelId)),
    h(
      'ul',
      { class: 'downloads' },
      files.map((name) => h('li', {}, h('a', { href: paths.modelFile(modelId, name), download: name, 'data-kind': 'file' }, name))),
      h('li', {}, h('a', { href: paths.modelCard(modelId), 'data-kind': 'card' }, 'Model card (Markdown)')),
      h('li', {}, h('a', { href: paths.model(modelId), 'data-kind': 'record' }, 'Model record (JSON)')),
    ),
  ];
}

/** Shows job `id` in `main`; returns the view, whose destroy() stops its stream and timers. */
export function showJob(main, id) {
  const page = new JobPage(main, id);
  page.start().catch((error) => page.showError(error));
  return page;
}
