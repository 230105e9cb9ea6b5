import Fastify from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import { app } from '@distillery/api';
import { createArtifactStore } from '@distillery/storage';
import { Redis } from 'ioredis';
import { freePort } from './redis.ts';

/** A route of Fastify's route table: what the server answers, documented or not. */
export interface ServedRoute {
  method: string;
  url: string;
  /** `schema.hide`: left out of the document on purpose. */
  hidden: boolean;
}

/**
 * The API's OpenAPI document, built from the app itself, with the routes the
 * app registered. No server and no Redis are needed: the app is given a
 * connection to a port where nothing listens, which it never gets to use.
 * Build one app per process: two builds in one process once gave different
 * documents, because route schemas are shared objects.
 */
export async function buildOpenApi(): Promise<{ document: Record<string, unknown>; routes: ServedRoute[] }> {
  const redis = new Redis(`redis://127.0.0.1:${await freePort()}`, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const api = Fastify({ logger: false });
  const routes: ServedRoute[] = [];
  api.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, hidden: Boolean((route.schema as { hide?: boolean } | undefined)?.hide) });
  });
  try {
    await api.register(app, { redis, store: createArtifactStore('fs:///nonexistent'), access: { auth: 'off' } });
    await api.ready();
    return { document: api.swagger() as unknown as Record<string, unknown>, routes };
  } finally {
    await api.close();
    redis.disconnect();
  }
}

export async function openApiDocument(): Promise<Record<string, unknown>> {
  return (await buildOpenApi()).document;
}

export const CLIENT_SCHEMA_PATH = 'packages/client/src/schema.ts';

export async function generatedClientSchema(): Promise<string> {
  // defaultNonNullable off: a field with a default is still optional in a request body, which now refers to the same
  // component as the responses do (openapi-typescript only exempts inline request bodies).
  const ast = await openapiTS(JSON.parse(JSON.stringify(await openApiDocument())) as never, { defaultNonNullable: false });
  return `// Generated from the API's OpenAPI document by \`npm run generate:client\`. Do not edit.\n${astToString(ast)}`;
}
