import Fastify from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import { app } from '@distillery/api';
import { createArtifactStore } from '@distillery/storage';
import { Redis } from 'ioredis';
import { freePort } from './redis.ts';

/**
 * The API's OpenAPI document, built from the app itself, and the client types
 * generated from it. No server and no Redis are needed: the app is given a
 * connection to a port where nothing listens, which it never gets to use.
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const redis = new Redis(`redis://127.0.0.1:${await freePort()}`, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const api = Fastify({ logger: false });
  try {
    await api.register(app, { redis, store: createArtifactStore('fs:///nonexistent'), access: { auth: 'off' } });
    await api.ready();
    return api.swagger() as unknown as Record<string, unknown>;
  } finally {
    await api.close();
    redis.disconnect();
  }
}

export const CLIENT_SCHEMA_PATH = 'packages/client/src/schema.ts';

export async function generatedClientSchema(): Promise<string> {
  const ast = await openapiTS(JSON.parse(JSON.stringify(await openApiDocument())) as never);
  return `// Generated from the API's OpenAPI document by \`npm run generate:client\`. Do not edit.\n${astToString(ast)}`;
}
