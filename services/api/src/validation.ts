import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Settings } from 'typebox/system';
import { Value } from 'typebox/value';
import { DistilleryError } from '@distillery/contracts';
import { mostRelevant, unionMessage, type SchemaError } from './union-errors.ts';

/**
 * Validates requests with the same TypeBox schemas the workers use, and turns
 * the first meaningful error into a DistilleryError naming the field. Unknown
 * fields are refused rather than silently dropped (Fastify's default Ajv setup
 * would remove them), so a typo in a job request never goes unnoticed.
 */
export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = (route) => {
  const { schema, httpPart } = route;
  // A multipart body's schema only documents the form: its fields are read and
  // checked by the route as the parts stream in (see uploads/form-fields.ts).
  if (httpPart === 'body' && (route as { contentType?: string }).contentType === 'multipart/form-data') return (input: unknown) => ({ value: input });
  const validator = Compile(schema);
  const coerce = httpPart === 'querystring' || httpPart === 'params' || httpPart === 'headers';
  const branchOfType = discriminatedBranches(schema);
  return (input: unknown) => {
    if (nestsTooDeep(input)) return { error: tooDeep(httpPart ?? 'body') };
    let value = coerce ? Value.Convert(schema, input) : input;
    // Defaults from the branch the request chose: on a whole union TypeBox
    // clones the input and checks it against every branch, uncompiled.
    const type = (value as { type?: unknown } | null)?.type;
    value = Value.Default((typeof type === 'string' && branchOfType.get(type)) || schema, value);
    if (validator.Check(value)) return { value };
    return { error: toDistilleryError(allErrors(() => validator.Errors(value)), schema, value, httpPart ?? 'body') };
  };
};

/** Validates a value outside Fastify's pipeline (form fields), with the same errors as a JSON body. */
export function validateValue<T>(schema: TSchema, value: unknown, where: string): T {
  if (nestsTooDeep(value)) throw tooDeep(where);
  const withDefaults = Value.Default(schema, value);
  if (Value.Check(schema, withDefaults)) return withDefaults as T;
  throw toDistilleryError(allErrors(() => Value.Errors(schema, withDefaults)), schema, withDefaults, where);
}

/**
 * Every error, not TypeBox's default first 8: in a union nested in a union
 * (a distill request's method, its student's architecture) the branch the
 * input chose comes after the other branches' errors, and with the cap its
 * own errors were cut off, so a wrong field was reported. Only failing
 * requests pay for this; the setting is restored before anything else runs.
 */
function allErrors(errors: () => Iterable<unknown>): SchemaError[] {
  const { maxErrors } = Settings.Get();
  Settings.Set({ maxErrors: 1000 });
  try {
    return [...errors()] as SchemaError[];
  } finally {
    Settings.Set({ maxErrors });
  }
}

/**
 * Deeper than any request schema goes. TypeBox clones and checks values
 * recursively, so a body nested tens of thousands of levels deep (a few
 * hundred kilobytes of brackets) would exhaust the stack and answer 500: it is
 * refused first.
 */
export const MAX_NESTING = 64;

/** Whether objects and arrays nest more than MAX_NESTING levels, found without recursion. */
function nestsTooDeep(input: unknown): boolean {
  const pending: [unknown, number][] = [[input, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_NESTING) return true;
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return false;
}

function tooDeep(part: string): DistilleryError {
  const where = part === 'body' ? 'request body' : part;
  return new DistilleryError('invalid_request', `the ${where} nests objects and arrays more than ${MAX_NESTING} levels deep; flatten it`);
}

function toDistilleryError(errors: SchemaError[], schema: TSchema, value: unknown, part: string): DistilleryError {
  const error = mostRelevant(errors, schema, value);
  const where = part === 'body' ? 'request body' : part === 'form' ? 'form' : part;
  if (!error) return new DistilleryError('invalid_request', `the ${where} is invalid`);
  if ('allowed' in error) return new DistilleryError('invalid_request', unionMessage(error, where), error.field);
  const { instancePath, params } = error;
  if (error.keyword === 'additionalProperties') {
    const extra = (params.additionalProperties as string[] | undefined)?.[0] ?? '?';
    const field = `${instancePath}/${extra}`;
    return new DistilleryError('invalid_request', `${where} field ${field} is not allowed here; remove it or check its spelling`, field);
  }
  if (error.keyword === 'required') {
    const missing = (params.requiredProperties as string[] | undefined)?.[0] ?? '?';
    const field = `${instancePath}/${missing}`;
    return new DistilleryError('invalid_request', `${where} field ${field} is required`, field);
  }
  const field = instancePath || '/';
  // A lone literal (a sweep's base.type): say which value, not "equal to constant".
  if (error.keyword === 'const') return new DistilleryError('invalid_request', `${where} field ${field} must be ${JSON.stringify(params.allowedValue)}`, field);
  return new DistilleryError('invalid_request', `${where} field ${field} ${error.message}`, field);
}

/** For a union whose branches each fix `type` to a literal (job requests): literal -> branch. */
function discriminatedBranches(schema: TSchema): Map<string, TSchema> {
  const branches = new Map<string, TSchema>();
  for (const branch of ((schema as { anyOf?: TSchema[] }).anyOf ?? [])) {
    const literal = (branch as { properties?: { type?: { const?: unknown } } }).properties?.type?.const;
    if (typeof literal === 'string') branches.set(literal, branch);
  }
  return branches;
}
