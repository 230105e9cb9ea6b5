import * as tf from '@tensorflow/tfjs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { graphModelFiles, layersModelFiles } from '../../fixtures/model-files.ts';
import { encodeForm, field, file } from './multipart.ts';

/**
 * Real records for the fuzzer to aim at, made through the API itself: fuzzed
 * ids are one edit away from these, near-miss jobs name them, and deletes of
 * the ones a queued job uses must be refused (409).
 */
export interface Fixtures {
  /** Ids that exist, by kind; records created by fuzz cases that answered 2xx are added as they appear. */
  datasets: string[];
  models: string[];
  jobs: string[];
  /** A labelled [4]-input, 3-class dataset the uploaded teachers fit. */
  iris: string;
  /** Other datasets: labelled vectors, unlabelled vectors, images. */
  blobs: string;
  unlabelled: string;
  mnist: string;
  /** Teachers for iris: distillation allowed, and one that forbids it. */
  teacher: string;
  forbiddenTeacher: string;
  graphTeacher: string;
  /** A job that stays queued (no workers), and one that was cancelled at once. */
  queuedJob: string;
  cancelledJob: string;
  /** Event ids of the jobs above. */
  eventIds: string[];
  /** File names of the uploaded models. */
  modelFileNames: string[];
  /** The files the teachers were uploaded from, as bases for broken uploads. */
  layersFiles: Map<string, Buffer>;
  graphFiles: Map<string, Buffer>;
}

async function ok(app: FastifyInstance, options: InjectOptions, headers: Record<string, string>): Promise<any> {
  const response = await app.inject({ ...options, headers: { ...(options.headers as Record<string, string> | undefined), ...headers } });
  if (response.statusCode >= 300) throw new Error(`fixture request ${JSON.stringify(options).slice(0, 200)} answered ${response.statusCode}: ${response.body}`);
  return response.statusCode === 204 ? undefined : response.json();
}

async function uploadModel(app: FastifyInstance, files: Map<string, Buffer>, fields: Record<string, string>, headers: Record<string, string>): Promise<string> {
  const boundary = 'fixture-boundary';
  const body = encodeForm([...Object.entries(fields).map(([k, v]) => field(k, v)), ...[...files].map(([name, bytes]) => file('files', name, bytes))], { boundary });
  return (await ok(app, { method: 'POST', url: '/v1/models', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body }, headers)).id;
}

/** `headers` go with every request: credentials, when the app wants them. */
export async function createFixtures(app: FastifyInstance, headers: Record<string, string> = {}): Promise<Fixtures> {
  const dataset = async (name: string, source: object) => (await ok(app, { method: 'POST', url: '/v1/datasets', payload: { name, source } }, headers)).id as string;
  const iris = await dataset('iris', { builtin: 'iris' });
  const blobs = await dataset('blobs', { builtin: 'blobs' });
  const unlabelled = await dataset('blobs-unlabelled', { builtin: 'blobs', options: { labelled: false } });
  const mnist = await dataset('mnist-small', { builtin: 'mnist', options: { trainSize: 100, testSize: 100 } });

  await tf.ready();
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [4], units: 6, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 3, name: 'scores' })],
  });
  const layersFiles = await layersModelFiles(model);
  const graphFiles = await graphModelFiles(model, { softmax: true });
  model.dispose();
  const teacher = await uploadModel(app, layersFiles, { name: 'teacher', license: 'MIT', distillation: 'allowed', readableOutputs: '["hidden"]' }, headers);
  const forbiddenTeacher = await uploadModel(app, layersFiles, { name: 'no distillation', license: 'proprietary', distillation: 'forbidden' }, headers);
  const graphTeacher = await uploadModel(app, graphFiles, { name: 'graph teacher' }, headers);

  const submit = async (payload: object) => (await ok(app, { method: 'POST', url: '/v1/jobs', payload }, headers)).id as string;
  const queuedJob = await submit({ type: 'distill', dataset: iris, teachers: [{ model: teacher }], student: { architecture: { kind: 'mlp', hidden: [4] } } });
  const cancelledJob = await submit({ type: 'train', dataset: blobs, model: { architecture: { kind: 'mlp', hidden: [8] } } });
  await ok(app, { method: 'POST', url: `/v1/jobs/${cancelledJob}/cancel` }, headers);
  const eventIds: string[] = [];
  for (const job of [queuedJob, cancelledJob]) {
    const events = await ok(app, { method: 'GET', url: `/v1/jobs/${job}/events` }, headers);
    eventIds.push(...(events.items as { id: string }[]).map((e) => e.id));
  }
  return {
    datasets: [iris, blobs, unlabelled, mnist],
    models: [teacher, forbiddenTeacher, graphTeacher],
    jobs: [queuedJob, cancelledJob],
    iris,
    blobs,
    unlabelled,
    mnist,
    teacher,
    forbiddenTeacher,
    graphTeacher,
    queuedJob,
    cancelledJob,
    eventIds,
    modelFileNames: [...new Set([...layersFiles.keys(), ...graphFiles.keys()])],
    layersFiles,
    graphFiles,
  };
}
