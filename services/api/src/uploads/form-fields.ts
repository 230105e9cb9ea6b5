import type { TSchema } from 'typebox';
import { DistilleryError } from '@distillery/contracts';
import { validateValue } from '../validation.ts';

interface PropertySchema {
  type?: string;
  anyOf?: PropertySchema[];
}

/** The JSON type a form field's schema expects (optional fields are plain schemas in TypeBox 1.x). */
function expectedType(schema: PropertySchema | undefined): string | undefined {
  return schema?.type ?? schema?.anyOf?.find((branch) => branch.type)?.type;
}

/**
 * Form fields arrive as strings. Numbers are converted; arrays and objects are
 * sent as JSON text (`readableOutputs=["conv1","conv2"]`); everything is then
 * checked against the same schema the OpenAPI document shows.
 */
export function parseFormFields<T>(schema: TSchema, raw: Record<string, string>): T {
  const properties = (schema as { properties?: Record<string, PropertySchema> }).properties ?? {};
  const value: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(raw)) {
    const type = expectedType(properties[name]);
    if (type === 'number' || type === 'integer') {
      value[name] = text.trim() === '' ? text : Number(text);
    } else if (type === 'array' || type === 'object') {
      try {
        value[name] = JSON.parse(text);
      } catch {
        throw new DistilleryError('invalid_request', `form field /${name} must be JSON (${type === 'array' ? 'e.g. ["a","b"]' : 'e.g. {"key":"value"}'})`, `/${name}`);
      }
    } else {
      value[name] = text;
    }
  }
  return validateValue<T>(schema, value, 'form');
}
