import * as tf from '@tensorflow/tfjs';
import { artifactKeys, describeCacheKey } from '@distillery/contracts';
import { cacheEntryId } from '@distillery/registry';
import { encodeNpy } from '@distillery/storage';
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
  sweeps: string[];
  /** Teacher-output cache entries (ce_…), written as a worker would. */
  cacheEntries: string[];
  /** Stored API keys' ids (key_…): the ones /v1/keys reads and revokes. */
  apiKeys: string[];
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
  /** A job that stays queued (no workers), and one that was cancelled at once; a sweep that stays queued. */
  queuedJob: string;
  cancelledJob: string;
  queuedSweep: string;
  /** Request bodies known to be accepted, by operation: mutated, they reach the checks behind the schema, and some are accepted. */
  validBodies: Record<string, object[]>;
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

  const submit = async (payload: object, url = '/v1/jobs') => (await ok(app, { method: 'POST', url, payload }, headers)).id as string;
  const distill = { type: 'distill', dataset: iris, teachers: [{ model: teacher }], student: { architecture: { kind: 'mlp', hidden: [4] } } };
  const train = { type: 'train', dataset: blobs, model: { architecture: { kind: 'mlp', hidden: [8] } } };
  const queuedJob = await submit(distill);
  const cancelledJob = await submit(train);
  const sweepBodies = [
    { base: distill, grid: { alpha: [0.5, 0.9] } },
    { base: { ...distill, method: { kind: 'dkd' } }, grid: { learningRate: [0.01] } },
    { base: distill, methods: [{ kind: 'logits' }, { kind: 'dist' }], seeds: [1, 2] },
  ];
  const queuedSweep = await submit(sweepBodies[0]!, '/v1/sweeps');
  await ok(app, { method: 'POST', url: `/v1/jobs/${cancelledJob}/cancel` }, headers);
  const eventIds: string[] = [];
  for (const job of [queuedJob, cancelledJob]) {
    const events = await ok(app, { method: 'GET', url: `/v1/jobs/${job}/events` }, headers);
    eventIds.push(...(events.items as { id: string }[]).map((e) => e.id));
  }
  // Cache entries as teacher subjobs leave them: a logits file, and its record in the cache index.
  const cacheEntries: string[] = [];
  for (let i = 0; i < 20; i++) {
    const model = { digest: i.toString(16).padStart(64, 'a'), format: 'tfjs-layers' as const, output: 'logits' as const, inputShape: [4], numClasses: 3 };
    const cacheKey = artifactKeys.logits({ tenant: 'fuzz', model, dataset: { digest: 'b'.repeat(64), inputShape: [4] } }, 'test');
    const logits = encodeNpy(new Float32Array(30), [10, 3]);
    await app.store.put(cacheKey, logits);
    await app.registry.cache.record(describeCacheKey(cacheKey), logits.length, 'write');
    cacheEntries.push(cacheEntryId(cacheKey));
  }
  // Stored API keys, made through the registry: with keys on, `headers` carry a user key, which may not create keys.
  const apiKeys: string[] = [];
  for (let i = 0; i < 12; i++) {
    const { principal } = await app.registry.apiKeys.create({ tenant: i % 2 ? 'acme' : 'globex', role: i % 4 === 0 ? 'admin' : 'user', name: `fuzz ${i}` });
    apiKeys.push(principal.keyId);
  }
  return {
    datasets: [iris, blobs, unlabelled, mnist],
    models: [teacher, forbiddenTeacher, graphTeacher],
    jobs: [queuedJob, cancelledJob],
    sweeps: [queuedSweep],
    cacheEntries,
    apiKeys,
    iris,
    blobs,
    unlabelled,
    mnist,
    teacher,
    forbiddenTeacher,
    graphTeacher,
    queuedJob,
    cancelledJob,
    queuedSweep,
    validBodies: {
      submitJob: [distill, train, { ...distill, method: { kind: 'logits', standardize: true } }, { ...train, training: { optimizer: { kind: 'sgd' } } }],
      submitSweep: sweepBodies,
      createApiKey: [
        { tenant: 'acme', role: 'user', name: 'ci' },
        { tenant: 'ops', role: 'admin' },
      ],
    },
    eventIds,
    modelFileNames: [...new Set([...layersFiles.keys(), ...graphFiles.keys()])],
    layersFiles,
    graphFiles,
  };
}
