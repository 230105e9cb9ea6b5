import { closestValue } from './did-you-mean.ts';
import { chosenBranch, isObject, pointerSegment, pointerSegments, schemaAt, unionShape, valueAt, type Literal } from './schema-unions.ts';

/** One error as TypeBox reports it. */
export interface SchemaError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/**
 * A union the value matched no branch of, told in the user's terms: the field
 * to change (the discriminator, not the object around it) and what it may be.
 */
export interface UnionMiss {
  keyword: 'union';
  field: string;
  /** Whose values these are: the discriminator's key, or undefined for a union of literals. */
  discriminator: string | undefined;
  allowed: Literal[];
  /** What the request gave; absent when it gave nothing (a missing discriminator). */
  got?: unknown;
  /** The value where a union of objects is expected was no object. */
  notObject?: boolean;
}

/**
 * The error worth reporting. A union reports errors for every branch, and
 * most of them are noise: when the value names its branch (`type`, `kind`,
 * or the only branch with all its fields) the other branches' errors are
 * dropped, so a wrong field inside the right branch is reported as that
 * field; when it names none of them, the union itself is the error, as a
 * UnionMiss listing the allowed values. The duplicate "schema is false"
 * errors that accompany additionalProperties are dropped too.
 */
export function mostRelevant(errors: SchemaError[], schema: unknown, value: unknown): SchemaError | UnionMiss | undefined {
  // Branches by schema path and the value they were checked against: an array's items share one schema path.
  const ruledOut: { branch: string; at: string }[] = [];
  const misses = new Map<SchemaError, UnionMiss>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf') continue;
    const union = schemaAt(schema, error.schemaPath) as { anyOf?: unknown[] } | undefined;
    const shape = unionShape(union);
    const at = valueAt(value, error.instancePath);
    const chosen = chosenBranch(union, at, shape);
    const branches = (union?.anyOf ?? []).map((_, index) => ({ branch: `${error.schemaPath}/anyOf/${index}`, at: error.instancePath }));
    if (chosen !== undefined) {
      ruledOut.push(...branches.filter((_, index) => index !== chosen));
    } else if (shape) {
      ruledOut.push(...branches);
      misses.set(error, missOf(shape, at, error.instancePath));
    }
  }
  const inBranchesTaken = errors.filter(
    (e) => e.keyword !== 'boolean' && (e.keyword !== 'anyOf' || misses.has(e)) && !ruledOut.some((branch) => within(e, branch)),
  );
  const relevant = inBranchesTaken.filter((e) => !(e.keyword === 'required' && onlyDefaultsMissing(e, schema)));
  const first = relevant[0] ?? inBranchesTaken[0] ?? errors.find((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf') ?? errors[0];
  return first && (misses.get(first) ?? first);
}

function missOf(shape: NonNullable<ReturnType<typeof unionShape>>, value: unknown, instancePath: string): UnionMiss {
  if (shape.kind === 'literals') return { keyword: 'union', field: instancePath || '/', discriminator: undefined, allowed: shape.values, got: value };
  const base = { keyword: 'union', discriminator: shape.key, allowed: shape.values } as const;
  if (!isObject(value)) return { ...base, field: instancePath || '/', got: value, notObject: true };
  const field = `${instancePath}/${pointerSegment(shape.key)}`;
  return shape.key in value ? { ...base, field, got: value[shape.key] } : { ...base, field };
}

/**
 * A field with a default is filled in once the rest of its object is valid:
 * inside a union TypeBox fills defaults only into a branch the value already
 * matches, so a wrong `activation` would otherwise be reported as a missing
 * `hidden`.
 */
function onlyDefaultsMissing(error: SchemaError, schema: unknown): boolean {
  const properties = (schemaAt(schema, error.schemaPath) as { properties?: Record<string, { default?: unknown }> } | undefined)?.properties ?? {};
  const missing = (error.params.requiredProperties as string[] | undefined) ?? [];
  return missing.length > 0 && missing.every((name) => properties[name]?.default !== undefined);
}

function within(error: SchemaError, { branch, at }: { branch: string; at: string }): boolean {
  const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  return under(error.schemaPath, branch) && (at === '' || under(error.instancePath, at));
}

/**
 * `request body field /method/kind: "logit" is not a method kind; use one of
 * logits, features, … (did you mean "logits"?)`: the field, what was wrong,
 * every allowed value, and the nearest one when the input looks like a typo.
 */
export function unionMessage(miss: UnionMiss, where: string): string {
  const allowed = `one of ${miss.allowed.map(String).join(', ')}`;
  const field = `${where} field ${miss.field}`;
  if (miss.notObject) return `${field} must be an object whose ${miss.discriminator} is ${allowed}`;
  if (!('got' in miss)) return `${field} is required; use ${allowed}`;
  const noun = miss.discriminator === undefined ? 'an allowed value' : withArticle(discriminatorNoun(miss.field));
  const strings = miss.allowed.filter((value): value is string => typeof value === 'string');
  const guess = typeof miss.got === 'string' ? closestValue(miss.got, strings) : undefined;
  return `${field}: ${shown(miss.got)} is not ${noun}; use ${allowed}${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`;
}

/** `/student/architecture/kind` -> "architecture kind", `/methods/1/kind` -> "method kind", `/type` -> "type". */
function discriminatorNoun(field: string): string {
  const segments = pointerSegments(field);
  const key = segments[segments.length - 1]!;
  for (let i = segments.length - 2; i >= 0; i--) {
    const segment = segments[i]!;
    if (/^\d+$/.test(segment)) continue;
    // An array's items are one of it: a method of `methods`.
    const item = /^\d+$/.test(segments[i + 1] ?? '') ? segment.replace(/s$/, '') : segment;
    return `${item} ${key}`;
  }
  return key;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** The value as JSON, cut short: it is echoed back, and may be anything the client sent. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
