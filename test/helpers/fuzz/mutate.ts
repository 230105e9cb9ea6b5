import fc from 'fast-check';
import { hostileValue, nastyKey, nastyNumber, nastyString } from './hostile.ts';

type Path = (string | number)[];

/** Every path into a JSON value, the root first, in a stable order. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) paths.push(...pathsOf((value as Record<string, unknown>)[key], [...prefix, key]));
  }
  return paths;
}

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

function get(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], value);
}

/** Sets with defineProperty so that `__proto__` becomes an own, serialisable key rather than a prototype swap. */
function define(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export type MutationKind =
  | 'replace'
  | 'wrong-type'
  | 'delete'
  | 'add-field'
  | 'wrap-in-array'
  | 'as-string'
  | 'null'
  | 'rename-case'
  | 'duplicate-item'
  | 'empty';

export interface Mutation {
  kind: MutationKind;
  pick: number;
  value: unknown;
  key: string;
}

/** The same field given a value of every other JSON type. */
function wrongTypeOf(current: unknown, seed: number): unknown {
  const options: unknown[] = [
    typeof current === 'string' ? 12345 : 'text',
    typeof current === 'number' ? String(current) : 3.5,
    typeof current === 'boolean' ? 'true' : false,
    Array.isArray(current) ? { 0: current[0] } : [current],
    current !== null && typeof current === 'object' && !Array.isArray(current) ? Object.entries(current) : { value: current },
    null,
  ];
  return options[Math.abs(seed) % options.length];
}

/** Applies one mutation at one place of a copy of `base`: the near miss of a valid request. */
export function applyMutation(base: unknown, mutation: Mutation): unknown {
  const root = { v: clone(base) };
  const paths = pathsOf(root.v).map((path): Path => ['v', ...path]);
  const path = paths[mutation.pick % paths.length]!;
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1]!;
  const parent = get(root, parentPath) as Record<string | number, unknown>;
  const current = parent[key];
  switch (mutation.kind) {
    case 'replace':
      define(parent, key, mutation.value);
      break;
    case 'wrong-type':
      define(parent, key, wrongTypeOf(current, mutation.pick));
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (parentPath.length > 0) delete parent[key];
      else root.v = undefined;
      break;
    case 'add-field':
      if (current !== null && typeof current === 'object' && !Array.isArray(current)) define(current, mutation.key, mutation.value);
      else if (Array.isArray(current)) current.push(mutation.value);
      else define(parent, key, mutation.value);
      break;
    case 'wrap-in-array':
      define(parent, key, [current]);
      break;
    case 'as-string':
      define(parent, key, typeof current === 'string' ? ` ${current}` : JSON.stringify(current) ?? 'undefined');
      break;
    case 'null':
      define(parent, key, null);
      break;
    case 'rename-case':
      if (!Array.isArray(parent) && parentPath.length > 0 && typeof key === 'string') {
        delete parent[key];
        define(parent, key.toUpperCase() === key ? key.toLowerCase() : key.toUpperCase(), current);
      }
      break;
    case 'duplicate-item':
      if (Array.isArray(current)) for (let i = 0; i < 20; i++) current.push(clone(current[0] ?? mutation.value));
      else define(parent, key, [current, current]);
      break;
    case 'empty':
      define(parent, key, Array.isArray(current) ? [] : typeof current === 'string' ? '' : typeof current === 'number' ? 0 : {});
      break;
  }
  return root.v;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<MutationKind>('replace', 'replace', 'replace', 'wrong-type', 'wrong-type', 'delete', 'add-field', 'wrap-in-array', 'as-string', 'null', 'rename-case', 'duplicate-item', 'empty'),
  pick: fc.nat(),
  value: fc.oneof(hostileValue, nastyNumber, nastyString),
  key: nastyKey,
});

/** A valid value with one, sometimes two, things wrong with it. */
export function nearMiss<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, mutation, fc.option(mutation, { freq: 4 }))
    .map(([value, first, second]) => (second ? applyMutation(applyMutation(value, first), second) : applyMutation(value, first)));
}
