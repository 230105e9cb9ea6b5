import type { FastifyInstance } from 'fastify';
import type { JsonSchema } from './schema.ts';

/** One method on one path of the running app, as Fastify's router knows it (`:id`, `*`). */
export interface AppRoute {
  method: string;
  path: string;
}

/** An operation of the OpenAPI document, its path written the router's way. */
export interface Operation extends AppRoute {
  operationId: string;
  /** The document's own path, `{id}` style. */
  template: string;
  pathParams: Parameter[];
  query: Parameter[];
  headers: Parameter[];
  /** Request body schemas by content type. */
  body: Record<string, JsonSchema>;
}

export interface Parameter {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string; parameters?: (Parameter & { in: string })[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every route the app serves, read from Fastify's own route tree. */
export function appRoutes(app: FastifyInstance): AppRoute[] {
  const routes: AppRoute[] = [];
  const labels: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    labels.length = depth;
    labels.push(match[2]!);
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) routes.push({ method, path: labels.join('') });
  }
  return routes;
}

export function documentedOperations(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const of = (where: string) => parameters.filter((p) => p.in === where).map(({ name, schema, required }) => ({ name, schema, required: Boolean(required) }));
      const body: Record<string, JsonSchema> = {};
      for (const [type, content] of Object.entries(operation.requestBody?.content ?? {})) body[type] = content.schema ?? {};
      operations.push({
        method: method.toUpperCase(),
        path: template.replace(/\{([^}]+)\}/g, ':$1'),
        template,
        operationId: operation.operationId ?? `${method} ${template}`,
        pathParams: of('path'),
        query: of('query'),
        headers: of('header'),
        body,
      });
    }
  }
  return operations;
}

export function schemaResolver(document: OpenApiDocument): (ref: string) => JsonSchema | undefined {
  return (ref) => document.components?.schemas?.[ref.split('/').pop()!];
}

/**
 * Routes that the OpenAPI document leaves out on purpose, each fuzzed by its
 * own target in fuzz.test.ts. A route that is in neither list fails the
 * coverage test: give it an operationId and a tag, or a target here.
 */
export const HIDDEN_ROUTES: { path: string; prefix?: boolean; why: string }[] = [
  { path: '/', why: 'redirects to the dashboard' },
  { path: '/ui', prefix: true, why: 'dashboard: static files' },
  { path: '/metrics', why: 'Prometheus exposition' },
  { path: '/docs', prefix: true, why: 'the OpenAPI document and Swagger UI' },
  { path: '/admin/queues', prefix: true, why: 'bull-board' },
];

export function isHidden(route: AppRoute): boolean {
  return HIDDEN_ROUTES.some((hidden) => route.path === hidden.path || (hidden.prefix === true && route.path.startsWith(`${hidden.path}/`)));
}

/** App routes that are neither documented nor listed as hidden: each one is a route nobody fuzzes. */
export function uncoveredRoutes(routes: AppRoute[], operations: Operation[]): AppRoute[] {
  const documented = new Set(operations.flatMap((o) => (o.method === 'GET' ? [`GET ${o.path}`, `HEAD ${o.path}`] : [`${o.method} ${o.path}`])));
  return routes.filter((route) => !documented.has(`${route.method} ${route.path}`) && !isHidden(route));
}
