import { DistilleryError } from '@distillery/contracts';
import { Type, type Static, type TSchema } from 'typebox';
import { attentionMatrix } from './attention-matrix/index.ts';
import { attention } from './attention/index.ts';
import { dist } from './dist/index.ts';
import { dkd } from './dkd/index.ts';
import { features } from './features/index.ts';
import { logits } from './logits/index.ts';
import type { AnyDistillationMethod, DistillationMethod } from './method.ts';
import { pseudoLabel } from './pseudo-label/index.ts';

/**
 * Every distillation method the service offers, one line each. The request
 * schema, the API's checks, the flows, the worker and the OpenAPI document
 * all read this list; a new method is a folder beside these and a line here.
 */
export const METHODS = [
  logits,
  features,
  attention,
  attentionMatrix,
  pseudoLabel,
  dkd,
  dist,
] as const;

type Registered = (typeof METHODS)[number];
type SchemasOf<T extends readonly { schema: TSchema }[]> = { -readonly [K in keyof T]: T[K]['schema'] };
type ResolvedOf<M> = M extends DistillationMethod<TSchema, infer R> ? R : never;

/** A request's `method`: one of the registered methods' schemas, told apart by `kind`. */
export const MethodRequest = Type.Union(METHODS.map((method) => method.schema) as unknown as SchemasOf<typeof METHODS>, {
  description: 'The distillation method and its options; `kind` picks it. Default: {"kind": "logits"}.',
});
export type MethodRequest = Static<typeof MethodRequest>;
/** Any method with its defaults filled in. */
export type ResolvedMethod = ResolvedOf<Registered>;

/** The module of a method kind. */
export function methodModule(kind: string): AnyDistillationMethod {
  const method = METHODS.find((m) => m.kind === kind);
  if (!method) throw new DistilleryError('invalid_request', `unknown method.kind "${kind}"; use one of ${METHODS.map((m) => `"${m.kind}"`).join(', ')}`, '/method/kind');
  return method as unknown as AnyDistillationMethod;
}

/** The method of a request that names none. */
export const DEFAULT_METHOD: MethodRequest = Object.freeze({ kind: 'logits' });

/** The request's method (DEFAULT_METHOD when it names none) with every default filled in. */
export function resolveMethod(request: MethodRequest | undefined): ResolvedMethod {
  const method = request ?? DEFAULT_METHOD;
  return methodModule(method.kind).resolve(method as never) as ResolvedMethod;
}
