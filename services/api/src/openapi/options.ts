import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { finishDocument } from './finish.ts';

/**
 * The OpenAPI document's frame, for @fastify/swagger: the routes fill in the
 * paths. OpenAPI 3.1, because its schemas are JSON Schema 2020-12, which is
 * what TypeBox writes (`exclusiveMinimum: 0` is a number there; 3.0 wanted a
 * boolean). `redocly.yaml` is the lint it must pass (test/openapi.test.ts).
 */
export const swaggerOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Distillery',
      version: '0.1.0',
      summary: 'Knowledge-distillation jobs over REST.',
      description:
        'Register datasets, upload or train teachers, and distil them into small students; each report compares the student with its teachers and with ' +
        'the same student trained alone. Every error is an RFC 9457 problem document (`application/problem+json`) with a stable `code`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      {
        url: '{scheme}://{host}',
        description: 'Where your instance runs: `npm start` and `docker compose up` listen on localhost:3000.',
        variables: {
          scheme: { default: 'http', enum: ['http', 'https'] },
          host: { default: 'localhost:3000', description: 'Host and port of the API.' },
        },
      },
    ],
    tags: [
      { name: 'datasets', description: 'Training and transfer data: built-in datasets (MNIST, iris, blobs) and uploads (CSV, JSON Lines, NPY).' },
      { name: 'models', description: 'TensorFlow.js models: uploaded teachers and the models jobs train, their files and model cards.' },
      { name: 'jobs', description: 'Train, distill, policy and graph jobs: submission, status and results, events, cancellation.' },
      { name: 'environments', description: 'The reinforcement-learning environments that policy jobs run in (CartPole-v1, Acrobot-v1).' },
      { name: 'sweeps', description: 'Hyperparameter sweeps: one distill job tried over a grid or random sample of settings, its trials ranked.' },
      {
        name: 'keys',
        description:
          'API keys (admin keys only): create one for a tenant and role, list them, revoke a stored one. Rotate by creating a new key, switching to it, then revoking the old one.',
      },
      { name: 'cache', description: "The cache of teachers' outputs that distill jobs reuse (admin keys only)." },
      { name: 'workers', description: 'The worker processes that run jobs (monitoring: admin keys only).' },
      { name: 'health', description: 'Liveness and readiness probes; no key needed.' },
    ],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer <key>`. Each key belongs to one tenant and sees only its records.' },
      },
    },
    security: [{ apiKey: [] }],
  },
  // Routes without a tag (bull-board, the dashboard's files) are not part of the API.
  hideUntagged: true,
  // Shared schemas are components named by their $id, never `def-N`.
  refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  transformObject: (document) => ('openapiObject' in document ? finishDocument(document.openapiObject) : document.swaggerObject),
};
