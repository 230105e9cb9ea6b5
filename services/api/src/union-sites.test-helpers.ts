import fc from 'fast-check';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { DatasetUploadFields, ModelUploadFields } from '@distillery/contracts';
import { createArtifactStore } from '@distillery/storage';
import { app } from './app.ts';
import { pointerSegment, unionShape, type UnionShape } from './schema-unions.ts';

/** Helpers of validation.test.ts (not part of the API): where the served request schemas hold unions, and requests that reach them. */

interface Node {
  type?: string;
  const?: unknown;
  default?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  anyOf?: Node[];
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
}

/** One way down a schema: into a property, an array's first item, or a union's branch. */
export type Step = { property: string } | { item: true } | { branch: number };

/** A union in a schema, and the way down to it. */
export interface UnionSite {
  steps: Step[];
  shape: UnionShape;
  union: Node;
}

/** Every union whose branches are literals or objects told apart by a literal, at any depth. */
export function unionSites(schema: unknown, steps: Step[] = []): UnionSite[] {
  const node = schema as Node;
  if (steps.length > 40) throw new Error('schema nests deeper than any request: a cycle?');
  const sites: UnionSite[] = [];
  const shape = unionShape(node);
  if (shape) sites.push({ steps, shape, union: node });
  if (shape?.kind !== 'literals') node.anyOf?.forEach((branch, index) => sites.push(...unionSites(branch, [...steps, { branch: index }])));
  for (const [name, property] of Object.entries(node.properties ?? {})) sites.push(...unionSites(property, [...steps, { property: name }]));
  if (node.items) sites.push(...unionSites(node.items, [...steps, { item: true }]));
  return sites;
}

/** The JSON pointer of the value a site's steps lead to. */
export function pointerOf(steps: Step[]): string {
  return steps.map((step) => ('property' in step ? `/${pointerSegment(step.property)}` : 'item' in step ? '/0' : '')).join('');
}

/**
 * A request that is valid everywhere except, perhaps, where `steps` lead:
 * every object on the way has its required fields, and `leaf` gives the
 * value at the end.
 */
export function requestAt(schema: unknown, steps: Step[], leaf: (node: Node) => unknown): unknown {
  const node = schema as Node;
  const [step, ...rest] = steps;
  if (!step) return leaf(node);
  if ('branch' in step) return requestAt(node.anyOf![step.branch], rest, leaf);
  if ('item' in step) {
    const items = Array.from({ length: Math.max(1, node.minItems ?? 0) }, () => sample(node.items!));
    items[0] = requestAt(node.items, rest, leaf);
    return items;
  }
  return { ...(sample(node) as object), [step.property]: requestAt(node.properties![step.property], rest, leaf) };
}

/** A valid value of a schema: its default, its first branch, its required fields, or what TypeBox creates. */
export function sample(schema: unknown): unknown {
  const node = schema as Node;
  if (node.default !== undefined) return structuredClone(node.default);
  if (node.const !== undefined) return node.const;
  if (node.anyOf) return sample(node.anyOf[0]);
  if (node.properties) return Object.fromEntries((node.required ?? []).map((name) => [name, sample(node.properties![name])]));
  if (node.type === 'array') return Array.from({ length: node.minItems ?? 0 }, () => sample(node.items!));
  if (node.type === 'string' && node.pattern) {
    const fitting = fc.stringMatching(new RegExp(node.pattern)).filter((text) => text.length >= (node.minLength ?? 0) && text.length <= (node.maxLength ?? Infinity));
    return fc.sample(fitting, { numRuns: 1, seed: 1 })[0];
  }
  return Value.Create(schema as TSchema);
}

/** A request schema the API serves, and how it is checked there. */
export interface ServedSchema {
  name: string;
  part: 'body' | 'querystring' | 'params' | 'headers' | 'form';
  schema: TSchema;
}

/** The text fields of each multipart route, checked by parseFormFields as the parts stream in. */
const FORM_FIELDS: Record<string, TSchema> = { '/v1/datasets': DatasetUploadFields, '/v1/models': ModelUploadFields };

/**
 * Every request schema of the app's route table: JSON bodies, query strings,
 * path parameters and headers, and the form fields of multipart uploads. The
 * app is built as scripts/openapi.ts builds it, against a Redis it never
 * reaches.
 */
export async function servedRequestSchemas(): Promise<ServedSchema[]> {
  const redis = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  const api = Fastify({ logger: false });
  const served: ServedSchema[] = [];
  api.addHook('onRoute', (route) => {
    const schema = route.schema as Partial<Record<ServedSchema['part'], TSchema>> | undefined;
    if (!schema || (schema as { hide?: boolean }).hide) return;
    const name = `${[route.method].flat().join(',')} ${route.url}`;
    for (const part of ['querystring', 'params', 'headers'] as const) if (schema[part]) served.push({ name, part, schema: schema[part] });
    const content = (schema.body as { content?: Record<string, { schema: TSchema }> } | undefined)?.content;
    if (schema.body && !content) served.push({ name, part: 'body', schema: schema.body });
    if (content?.['application/json']) served.push({ name, part: 'body', schema: content['application/json'].schema });
    if (content?.['multipart/form-data']) {
      const fields = FORM_FIELDS[route.url];
      if (!fields) throw new Error(`${name} takes a multipart form: name its fields' schema in FORM_FIELDS`);
      served.push({ name, part: 'form', schema: fields });
    }
  });
  try {
    await api.register(app, { redis, store: createArtifactStore('fs:///nonexistent'), access: { auth: 'off' } });
    await api.ready();
    return served;
  } finally {
    await api.close();
    redis.disconnect();
  }
}
