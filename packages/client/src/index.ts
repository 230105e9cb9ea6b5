import createClient, { type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema.ts';

export type { components, operations, paths } from './schema.ts';

/**
 * A typed client for the Distillery API: every path, body and response type
 * comes from the API's OpenAPI document (`schema.ts`, generated). Errors come
 * back as RFC 9457 problem details in `error`.
 *
 *   const client = createDistilleryClient('http://localhost:3000');
 *   const { data, error } = await client.POST('/v1/jobs', { body: { type: 'train', ... } });
 */
export function createDistilleryClient(baseUrl: string, options: Omit<ClientOptions, 'baseUrl'> = {}) {
  return createClient<paths>({ baseUrl, ...options });
}

export type DistilleryClient = ReturnType<typeof createDistilleryClient>;
