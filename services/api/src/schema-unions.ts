/**
 * What a union schema's branches are, read from the schema itself so that a
 * new branch (a method module, an architecture, a built-in dataset) is
 * covered without a list kept anywhere else.
 */
export type UnionShape =
  /** Every branch is an object fixing `key` to a literal: `values[i]` is branch i's. */
  | { kind: 'discriminated'; key: string; values: Literal[] }
  /** Every branch is a literal (or a union of literals). */
  | { kind: 'literals'; values: Literal[] };

export type Literal = string | number | boolean;

interface SchemaNode {
  anyOf?: SchemaNode[];
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: unknown;
  required?: string[];
}

/** Discriminators looked for first: the codebase's convention, then any other literal property all branches share. */
const PREFERRED_KEYS = ['type', 'kind'];

export function unionShape(schema: unknown): UnionShape | undefined {
  const branches = (schema as SchemaNode | undefined)?.anyOf;
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const values = literalValues(schema);
  if (values) return { kind: 'literals', values };
  const first = branches[0]!.properties ?? {};
  const keys = [...PREFERRED_KEYS.filter((key) => key in first), ...Object.keys(first).filter((key) => !PREFERRED_KEYS.includes(key))];
  for (const key of keys) {
    const literals = branches.map((branch) => branch.properties?.[key]?.const);
    if (literals.every(isLiteral) && new Set(literals).size === literals.length) return { kind: 'discriminated', key, values: literals };
  }
  return undefined;
}

/** The values of a literal or of a union of literals, nested or not; undefined for anything else. */
export function literalValues(schema: unknown): Literal[] | undefined {
  const node = schema as SchemaNode | undefined;
  if (isLiteral(node?.const)) return [node.const];
  if (!Array.isArray(node?.anyOf)) return undefined;
  const values: Literal[] = [];
  for (const branch of node.anyOf) {
    const branchValues = literalValues(branch);
    if (!branchValues) return undefined;
    values.push(...branchValues);
  }
  return values;
}

/**
 * The branch of a union a value is meant for, when the value says so: by its
 * discriminator, or, for object branches told apart only by their fields
 * (a range's {min, max} or {values}), the one branch that has all its fields.
 */
export function chosenBranch(schema: unknown, value: unknown, shape = unionShape(schema)): number | undefined {
  if (!isObject(value)) return undefined;
  if (shape?.kind === 'discriminated') {
    const index = shape.values.indexOf(value[shape.key] as Literal);
    return index === -1 ? undefined : index;
  }
  const branches = (schema as SchemaNode).anyOf ?? [];
  const fitting = branches
    .map((branch, index) => ({ branch, index }))
    .filter(({ branch }) => branch.properties && branch.additionalProperties === false && Object.keys(value).every((key) => key in branch.properties!));
  return fitting.length === 1 ? fitting[0]!.index : undefined;
}

/** The subschema at a TypeBox error's schemaPath (`#/anyOf/1/properties/method`). */
export function schemaAt(root: unknown, schemaPath: string): unknown {
  return walk(root, schemaPath.replace(/^#/, ''));
}

/** The part of a value at a JSON pointer (`/teachers/0/model`). */
export function valueAt(root: unknown, pointer: string): unknown {
  return walk(root, pointer);
}

/** A property name as a JSON pointer segment. */
export function pointerSegment(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function walk(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function isLiteral(value: unknown): value is Literal {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
