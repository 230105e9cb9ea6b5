import { requestExamples } from './examples.ts';

/**
 * What @fastify/swagger does not do by itself, applied to the document it
 * built (its `transformObject`): references to the named schemas instead of
 * inline copies and only the schemas the API uses, errors as
 * `application/problem+json` with a description per status, and request
 * examples.
 */

type Json = null | boolean | number | string | Json[] | JsonObject;
interface JsonObject {
  [key: string]: Json;
}

interface MediaType {
  schema?: JsonObject;
  examples?: JsonObject;
  encoding?: JsonObject;
}

interface Response {
  description?: string;
  headers?: Record<string, JsonObject>;
  content?: Record<string, MediaType>;
}

interface Operation {
  operationId?: string;
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, Response>;
}

export interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonObject> };
}

const SCHEMAS = '#/components/schemas/';
const PROBLEM = `${SCHEMAS}Problem`;
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Values, not schemas: never searched for schemas to refer to. */
const VALUE_KEYWORDS = new Set(['example', 'examples', 'default', 'const', 'enum']);

const SUCCESS: Record<string, string> = {
  200: 'OK.',
  201: 'Created; `Location` gives its URL.',
  202: 'Accepted.',
  204: 'Done; no content.',
};

const ERRORS: Record<string, string> = {
  400:
    'The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. ' +
    'A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; ' +
    'a paging cursor (`after`) no page gave is refused the same way.',
  401: 'No API key, a malformed `Authorization` header or an unknown key (`unauthorized`).',
  403: 'The key may not do this (`forbidden`): monitoring and managing keys need an admin key.',
  404: "No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys).",
  409: 'The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys).',
  413: 'A file, or the whole request, is over its limit (`upload_too_large`).',
  415: 'A media type this operation does not take (`unsupported_media_type`).',
  422: 'Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation.',
  429: "Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`).",
  503: 'Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`.',
};

const ERROR_HEADERS: Record<string, Record<string, JsonObject>> = {
  401: { 'WWW-Authenticate': { description: '`Bearer`: the scheme an API key is sent with.', schema: { type: 'string' } } },
  429: { 'Retry-After': { description: 'With `rate_limited`: seconds until the key may send again.', schema: { type: 'integer' } } },
  503: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
};

export function finishDocument<T extends object>(built: T): T {
  // A copy: the built document may share objects with the route schemas, which must stay as they are.
  const document = JSON.parse(JSON.stringify(built)) as OpenApiDocument;
  referToNamedSchemas(document);
  dropUnusedSchemas(document);
  for (const operation of operations(document)) {
    describeResponses(operation);
    addRequestExamples(operation);
  }
  return document as T;
}

function operations(document: OpenApiDocument): Operation[] {
  return Object.values(document.paths ?? {}).flatMap((item) => Object.entries(item).filter(([method]) => METHODS.has(method)).map(([, operation]) => operation));
}

/**
 * @fastify/swagger emits every schema that has an `$id` as a named component,
 * but inlines a copy wherever a route uses it. Every such copy, in the paths
 * and inside other components, becomes a `$ref`: generators then make one
 * named type of each. Copies are found by their JSON text, which the same
 * converter produced for the component and for the copy.
 */
function referToNamedSchemas(document: OpenApiDocument): void {
  const schemas = document.components?.schemas;
  if (!schemas) return;
  const names = new Map<string, string>();
  for (const [name, schema] of Object.entries(schemas)) if (!names.has(JSON.stringify(schema))) names.set(JSON.stringify(schema), name);
  const refer = (node: Json, own?: string): Json => {
    if (Array.isArray(node)) return node.map((item) => refer(item));
    if (node === null || typeof node !== 'object') return node;
    const name = names.get(JSON.stringify(node));
    if (name !== undefined && name !== own) return { $ref: `${SCHEMAS}${name}` };
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, VALUE_KEYWORDS.has(key) ? value : refer(value)]));
  };
  for (const name of Object.keys(schemas)) schemas[name] = refer(schemas[name]!, name) as JsonObject;
  if (document.paths) document.paths = refer(document.paths as unknown as JsonObject) as unknown as OpenApiDocument['paths'];
}

/**
 * Every shared schema of the contracts is a component, but some only travel
 * between the API and the workers (queue payloads): the document keeps the
 * ones its operations reach.
 */
function dropUnusedSchemas(document: OpenApiDocument): void {
  const schemas = document.components?.schemas;
  if (!schemas) return;
  const used = new Set<string>();
  const visit = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith(SCHEMAS)) {
      const name = ref.slice(SCHEMAS.length);
      if (!used.has(name) && schemas[name]) {
        used.add(name);
        visit(schemas[name]);
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit((document.paths ?? {}) as unknown as JsonObject);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}

/** Errors are RFC 9457 problem documents, served as application/problem+json whatever the operation's success type. */
function describeResponses(operation: Operation): void {
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const isProblem = Object.values(response.content ?? {}).some((media) => media.schema?.$ref === PROBLEM);
    if (isProblem) {
      response.content = { 'application/problem+json': { schema: { $ref: PROBLEM } } };
      const headers = ERROR_HEADERS[status];
      if (headers) response.headers = { ...headers, ...response.headers };
    }
    if (response.description === 'Default Response') response.description = (isProblem ? ERRORS[status] : SUCCESS[status]) ?? response.description;
  }
}

function addRequestExamples(operation: Operation): void {
  const extras = requestExamples[operation.operationId ?? ''];
  const content = operation.requestBody?.content;
  if (!extras || !content) return;
  for (const [type, { examples, encoding }] of Object.entries(extras)) {
    const media = content[type];
    if (!media) continue;
    media.examples = JSON.parse(JSON.stringify(examples)) as JsonObject;
    if (encoding) media.encoding = { ...encoding };
  }
}
