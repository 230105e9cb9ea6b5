import Fastify from 'fastify';
import { app } from '@distillery/api';
import { createArtifactStore } from '@distillery/storage';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../scripts/redis.ts';

// The API configured as server.ts does, against a port where no Redis listens.
const api = Fastify({ logger: false });
let redis: Redis;
beforeAll(async () => {
  redis = new Redis(`redis://127.0.0.1:${await freePort()}`, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  await api.register(app, { redis, store: createArtifactStore('fs:///tmp/distillery-unused'), access: { auth: 'off' } });
  await api.ready();
});
afterAll(async () => {
  await api.close();
  redis.disconnect();
});

it('answers 503 with Retry-After while Redis is unreachable, and stays up', async () => {
  const submit = await api.inject({ method: 'POST', url: '/v1/datasets', payload: { name: 'x', source: { builtin: 'iris' } } });
  expect(submit.statusCode).toBe(503);
  expect(submit.headers['retry-after']).toBe('5');
  expect(submit.json()).toMatchObject({ code: 'redis_unavailable' });
  expect((await api.inject({ method: 'GET', url: '/v1/jobs' })).statusCode).toBe(503);
  expect((await api.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
  expect((await api.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
});
