import fc from 'fast-check';

/** A JSON schema as the OpenAPI document serves it (TypeBox output after @fastify/swagger). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
}

export interface SchemaContext {
  /** Resolves `#/components/schemas/Name` (or a bare `Name`). */
  resolve(ref: string): JsonSchema | undefined;
  /** Values for string properties by name, such as real dataset and model ids for `dataset` and `model`. */
  stringFor?(property: string | undefined): fc.Arbitrary<string> | undefined;
}

const MAX_DEPTH = 8;

/**
 * Values that satisfy the schema, or nearly: patterns are honoured where they
 * are simple, sizes are kept small so the values stay cheap to send. Near
 * misses are made from these by `nearMiss` (mutate.ts).
 */
export function valueOf(schema: JsonSchema, context: SchemaContext, property?: string, depth = 0): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  if (schema.$ref) {
    const target = context.resolve(schema.$ref);
    return target ? valueOf(target, context, property, depth + 1) : fc.constant(null);
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && branches.length > 0) return fc.oneof(...branches.map((branch) => valueOf(branch, context, property, depth + 1)));
  if (schema.allOf && schema.allOf.length > 0) return valueOf(schema.allOf[0]!, context, property, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema, context, property);
    case 'integer': {
      const min = Math.ceil(schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000));
      const max = Math.floor(schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000));
      // Small values mostly: large ones are valid too, but make every job too large.
      return fc.oneof({ arbitrary: fc.integer({ min, max: Math.min(max, Math.max(min, 64)) }), weight: 4 }, { arbitrary: fc.integer({ min, max }), weight: 1 });
    }
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e6;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e6;
      return fc
        .double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: schema.exclusiveMinimum !== undefined, maxExcluded: schema.exclusiveMaximum !== undefined })
        .map((v) => (Object.is(v, -0) ? 0 : v));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = schema.items ? valueOf(schema.items, context, property, depth + 1) : fc.constant(null);
      const minLength = schema.minItems ?? 0;
      return fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case 'object':
    case undefined: {
      if (!schema.properties) {
        if (type === undefined) return fc.jsonValue({ maxDepth: 2 });
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
      }
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(schema.properties)) shape[name] = valueOf(property, context, name, depth + 1);
      return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((name) => name in shape) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringOf(schema: JsonSchema, context: SchemaContext, property: string | undefined): fc.Arbitrary<string> {
  const own = context.stringFor?.(property);
  if (own) return own;
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 24, 24);
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity))
      .map((s) => s.slice(0, schema.maxLength ?? s.length));
  }
  return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
}
