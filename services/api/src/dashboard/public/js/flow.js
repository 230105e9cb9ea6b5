import { h, statusBadge } from './dom.js';
import { architecture, duration } from './format.js';

/**
 * A job's flow as boxes: each teacher's inference, then the aggregation, then
 * the student's training (a train job has the training alone). Each box shows
 * its stage's status as the API reports it.
 *
 * @param job the job record; its `stages` may have been updated by live events
 * @param teacherModels Map of model id -> model record, for names (may be empty)
 */
export function renderFlow(job, teacherModels) {
  const stages = new Map(job.stages.map((stage) => [stage.name, stage]));
  const request = job.request;
  if (job.type === 'train') {
    return h('div', { class: 'flow' }, column('training', [box(stages.get('train'), 'Training', architecture(request.model?.architecture))]));
  }
  const teachers = (request.teachers ?? []).map((teacher, index) => {
    const stage = stages.get(`teacher:${index}`);
    const model = teacherModels.get(teacher.model);
    const weight = teacher.weight !== undefined && teacher.weight !== 1 ? `weight ${teacher.weight}` : '';
    return box(stage, `Teacher ${index + 1}`, [model?.name, model ? architecture(model.architecture) : '', teacher.model, weight]);
  });
  const method = request.method ?? {};
  const aggregation = box(stages.get('aggregate'), 'Aggregation', [
    request.aggregation?.strategy ?? 'mean',
    `T = ${method.temperature ?? 4}`,
    `alpha = ${method.alpha ?? 0.9}`,
  ]);
  const student = box(stages.get('train'), 'Student', [
    architecture(request.student?.architecture),
    request.baseline ? 'and its baseline' : '',
  ]);
  return h('div', { class: 'flow' }, column('teachers', teachers), arrow(), column('aggregation', [aggregation]), arrow(), column('student', [student]));
}

function column(name, boxes) {
  return h('div', { class: `flow-column flow-${name}` }, boxes);
}

function arrow() {
  return h('div', { class: 'flow-arrow', 'aria-hidden': 'true' }, '→');
}

function box(stage, title, details) {
  const status = stage?.status ?? 'queued';
  const lines = (Array.isArray(details) ? details : [details]).filter(Boolean);
  const timing = stage?.startedAt ? duration(stage.startedAt, stage.finishedAt) : '';
  return h(
    'article',
    { class: `stage status-${status}`, 'data-stage': stage?.name ?? title, 'data-status': status },
    h('header', {}, h('span', { class: 'stage-title' }, title), statusBadge(status)),
    lines.length ? h('p', { class: 'stage-detail' }, lines.join(' · ')) : null,
    h('p', { class: 'stage-meta' }, [stage?.cached ? h('span', { class: 'tag' }, 'cached') : null, timing]),
  );
}
