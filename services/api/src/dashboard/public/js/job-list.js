import { listJobs } from './api.js';
import { h, notice, replace, statusBadge } from './dom.js';
import { dateTime, duration, percent } from './format.js';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const REFRESH_MS = 2000;
const PAGE = 50;
const MAX_LIMIT = 200;

/** One line on what a job has to show: accuracy when done, the epoch while training, the error when failed. */
function summary(job) {
  const metrics = job.result?.metrics;
  if (job.status === 'succeeded' && metrics) {
    if (job.type === 'distill') {
      const parts = [`student ${percent(metrics.student?.testAccuracy)}`];
      if (metrics.baseline) parts.push(`baseline ${percent(metrics.baseline.testAccuracy)}`);
      return parts.join(' · ');
    }
    return `test accuracy ${percent(metrics.testAccuracy)}`;
  }
  if (job.status === 'failed' && job.error) return job.error.code;
  const progress = job.progress;
  if (job.status === 'running' && progress) {
    return typeof progress.epoch === 'number' ? `${progress.stage} epoch ${progress.epoch}/${progress.epochs}` : progress.stage;
  }
  return '';
}

function row(job) {
  const href = `#/jobs/${encodeURIComponent(job.id)}`;
  return h(
    'tr',
    { 'data-job-id': job.id, 'data-status': job.status },
    h('td', {}, h('a', { href, class: 'job-link' }, job.id)),
    h('td', {}, job.type),
    h('td', {}, statusBadge(job.status)),
    h('td', {}, dateTime(job.createdAt)),
    h('td', {}, job.startedAt ? duration(job.startedAt, job.finishedAt) : '—'),
    h('td', { class: 'summary' }, summary(job)),
  );
}

/**
 * The job list, newest first, refreshed every two seconds while the tab is
 * visible. `status` (from the address, #/?status=running) filters it.
 */
export function showJobList(main, { status } = {}) {
  const controller = new AbortController();
  let limit = PAGE;
  let timer;
  document.title = 'Jobs · Distillery';

  const filter = h(
    'select',
    {
      id: 'status-filter',
      onchange: (event) => {
        const value = event.target.value;
        location.hash = value ? `#/?status=${encodeURIComponent(value)}` : '#/';
      },
    },
    h('option', { value: '' }, 'all'),
    STATUSES.map((value) => h('option', { value, selected: value === status }, value)),
  );
  const refreshed = h('span', { class: 'hint', id: 'refreshed' });
  const body = h('tbody');
  const message = h('div');
  const more = h('button', { type: 'button', hidden: true, onclick: () => ((limit = Math.min(MAX_LIMIT, limit + PAGE)), refresh()) }, 'Show more');
  replace(
    main,
    h('div', { class: 'list-head' }, h('h1', {}, 'Jobs'), h('label', {}, 'Status ', filter), refreshed),
    message,
    h(
      'table',
      { class: 'jobs' },
      h('thead', {}, h('tr', {}, ['Job', 'Type', 'Status', 'Created', 'Duration', 'Result'].map((title) => h('th', { scope: 'col' }, title)))),
      body,
    ),
    more,
  );

  async function refresh() {
    clearTimeout(timer);
    if (document.hidden) return; // picked up again by onVisibility
    try {
      const page = await listJobs({ status, limit }, controller.signal);
      replace(body, page.items.length ? page.items.map(row) : h('tr', {}, h('td', { colspan: 6, class: 'hint' }, status ? `No ${status} jobs.` : 'No jobs yet. Submit one with POST /v1/jobs.')));
      more.hidden = !page.next || limit >= MAX_LIMIT;
      replace(message);
      refreshed.textContent = `updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      if (controller.signal.aborted) return;
      replace(message, notice(`Could not load the jobs: ${error.message}`));
    }
    if (!controller.signal.aborted) timer = setTimeout(refresh, REFRESH_MS);
  }

  // A hidden tab stops asking; it catches up as soon as it is shown again.
  const onVisibility = () => document.visibilityState === 'visible' && refresh();
  document.addEventListener('visibilitychange', onVisibility);
  refresh();
  return {
    destroy() {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
