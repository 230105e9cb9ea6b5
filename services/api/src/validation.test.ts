import fc from 'fast-check';
import type { TSchema } from 'typebox';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateDatasetRequest, DistilleryError, ModelUploadFields } from '@distillery/contracts';
import { JobRequest, SweepRequest } from '@distillery/jobs';
import { METHODS } from '@distillery/kd';
import { closestValue, editDistance } from './did-you-mean.ts';
import type { Literal } from './schema-unions.ts';
import { parseFormFields } from './uploads/form-fields.ts';
import { pointerOf, requestAt, sample, servedRequestSchemas, unionSites, type ServedSchema, type UnionSite } from './union-sites.test-helpers.ts';
import { typeboxValidatorCompiler } from './validation.ts';

/** The error the API answers for `value` at `part`, as Fastify's validation or the upload routes' form check give it. */
function errorOf(schema: TSchema, value: unknown, part: ServedSchema['part'] = 'body'): DistilleryError | undefined {
  if (part === 'form') {
    const raw = Object.fromEntries(Object.entries(value as object).map(([name, field]) => [name, typeof field === 'string' ? field : JSON.stringify(field)]));
    try {
      parseFormFields(schema, raw);
      return undefined;
    } catch (error) {
      return error as DistilleryError;
    }
  }
  return validatorOf(schema, part)(value).error;
}

type Validate = (input: unknown) => { error?: DistilleryError };
const validators = new Map<string, WeakMap<TSchema, Validate>>();

/** The function Fastify gets from the compiler for this schema and part, compiled once. */
function validatorOf(schema: TSchema, part: ServedSchema['part']): Validate {
  const ofPart = validators.get(part) ?? validators.set(part, new WeakMap()).get(part)!;
  let validate = ofPart.get(schema);
  if (!validate) ofPart.set(schema, (validate = typeboxValidatorCompiler({ schema, httpPart: part, method: 'POST', url: '/test' } as never) as Validate));
  return validate;
}

const distill = (extra: object = {}) => ({
  type: 'distill',
  dataset: 'ds_a',
  teachers: [{ model: 'm_a' }],
  student: { architecture: { kind: 'mlp', hidden: [4] } },
  ...extra,
});

describe('a value no branch of a union takes', () => {
  it('names the field that is wrong, every allowed value, and the one meant', () => {
    const cases: [TSchema, unknown, string, string][] = [
      [JobRequest, distill({ method: { kind: 'logit' } }), '/method/kind', 'request body field /method/kind: "logit" is not a method kind; use one of logits, features, attention, attention-matrix, pseudo-label, dkd, dist (did you mean "logits"?)'],
      [JobRequest, distill({ method: { kind: 'feature' } }), '/method/kind', 'did you mean "features"?'],
      [JobRequest, distill({ student: { architecture: { kind: 'MLP' } } }), '/student/architecture/kind', 'request body field /student/architecture/kind: "MLP" is not an architecture kind; use one of mlp, cnn, transformer (did you mean "mlp"?)'],
      [JobRequest, { ...distill(), type: 'distil' }, '/type', 'request body field /type: "distil" is not a type; use one of train, distill, train-policy, distill-policy, distill-graph, distill-private (did you mean "distill"?)'],
      [JobRequest, distill({ aggregation: { strategy: 'avg' } }), '/aggregation/strategy', 'request body field /aggregation/strategy: "avg" is not an allowed value; use one of mean, weighted, confidence, vote'],
      [CreateDatasetRequest, { name: 'x', source: { builtin: 'mnsit' } }, '/source/builtin', 'request body field /source/builtin: "mnsit" is not an allowed value; use one of mnist, iris, blobs (did you mean "mnist"?)'],
      [SweepRequest, { base: distill(), methods: [{ kind: 'logits' }, { kind: 'dkdd' }] }, '/methods/1/kind', '"dkdd" is not a method kind'],
      [JobRequest, distill({ method: {} }), '/method/kind', 'request body field /method/kind is required; use one of logits,'],
      [JobRequest, distill({ method: 'logits' }), '/method', 'request body field /method must be an object whose kind is one of logits,'],
    ];
    for (const [schema, request, field, message] of cases) {
      const error = errorOf(schema, request);
      expect(error, JSON.stringify(request)).toMatchObject({ code: 'invalid_request', field });
      expect(error!.message).toContain(message);
    }
  });

  it('takes its allowed values from the schema: a method module registered is a method kind listed', () => {
    const message = errorOf(JobRequest, distill({ method: { kind: 'nope' } }))!.message;
    expect(message).toContain(`use one of ${METHODS.map((method) => method.kind).join(', ')}`);
  });

  it('still names a wrong field inside the branch the request chose, and keeps the other messages', () => {
    expect(errorOf(JobRequest, { type: 'train', dataset: 'ds_a', model: { architecture: { kind: 'mlp', hidden: [0] } } })).toMatchObject({ field: '/model/architecture/hidden/0' });
    expect(errorOf(JobRequest, distill({ method: { kind: 'logits', temperatur: 2 } }))).toMatchObject({
      field: '/method/temperatur',
      message: 'request body field /method/temperatur is not allowed here; remove it or check its spelling',
    });
    expect(errorOf(JobRequest, distill({ method: { kind: 'features' } }))).toMatchObject({ field: '/method/pairs', message: 'request body field /method/pairs is required' });
    // A wrong activation is the error, not the `hidden` its default fills in once the rest is valid.
    expect(errorOf(JobRequest, { type: 'train', dataset: 'ds_a', model: { architecture: { kind: 'mlp', activation: 'Relu' } } })).toMatchObject({ field: '/model/architecture/activation' });
    // Items of one array share a schema path: each chooses its own branch.
    expect(errorOf(SweepRequest, { base: distill(), methods: [{ kind: 'features' }, { kind: 'logits', temperatur: 1 }] })).toMatchObject({ field: '/methods/0/pairs' });
    // Branches told apart by their fields (a range's {min, max, scale} or {values}): the error of the one that fits.
    const range = errorOf(SweepRequest, { base: distill(), random: { trials: 2, ranges: { alpha: { values: [3] } } } });
    expect(range).toMatchObject({ field: '/random/ranges/alpha/values/0' });
    expect(errorOf(SweepRequest, { base: { ...distill(), type: 'train' }, grid: { alpha: [0.5] } })).toMatchObject({ field: '/base/type', message: 'request body field /base/type must be "distill"' });
  });

  it('says the same of a multipart form field', () => {
    expect(errorOf(ModelUploadFields, { name: 'm', distillation: 'allow' }, 'form')).toMatchObject({
      field: '/distillation',
      message: 'form field /distillation: "allow" is not an allowed value; use one of allowed, forbidden, unknown (did you mean "allowed"?)',
    });
  });
});

describe('did you mean', () => {
  it('suggests the same word in another case, a near typo, or the word it starts', () => {
    expect(closestValue('MLP', ['mlp', 'cnn'])).toBe('mlp');
    expect(closestValue('mnsit', ['mnist', 'iris', 'blobs'])).toBe('mnist');
    expect(closestValue('logit', ['logits', 'features'])).toBe('logits');
    expect(closestValue('pseudo', ['logits', 'pseudo-label'])).toBe('pseudo-label');
    expect(closestValue('avg', ['mean', 'weighted', 'confidence', 'vote'])).toBeUndefined();
    expect(closestValue('x'.repeat(10_000), ['mean'])).toBeUndefined();
    expect(editDistance('mnsit', 'mnist')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

/**
 * Every union of literals, or of objects told apart by a literal, in every
 * request schema the API serves, found by walking the schemas: a request
 * valid everywhere but there, with a value none of the union's literals, must
 * be refused naming exactly that field and listing every allowed value.
 */
describe('every union the API validates', () => {
  let served: ServedSchema[];
  beforeAll(async () => {
    served = await servedRequestSchemas();
  }, 60_000);

  const sitesOf = (entry: ServedSchema) => unionSites(entry.schema).map((site) => ({ ...site, field: fieldOf(site) }));
  const fieldOf = (site: UnionSite) => `${pointerOf(site.steps)}${site.shape.kind === 'discriminated' ? `/${site.shape.key}` : ''}`;

  it('finds the unions a newcomer meets first', () => {
    const found = served.flatMap((entry) => sitesOf(entry).map((site) => `${entry.name} ${entry.part} ${site.field}`));
    for (const expected of [
      'POST /v1/jobs body /type',
      'POST /v1/jobs body /method/kind',
      'POST /v1/jobs body /student/architecture/kind',
      'POST /v1/jobs body /model/architecture/kind',
      'POST /v1/jobs body /aggregation/strategy',
      'POST /v1/jobs body /training/optimizer/kind',
      'POST /v1/sweeps body /base/method/kind',
      'POST /v1/sweeps body /methods/0/kind',
      'POST /v1/datasets body /source/builtin',
      'POST /v1/datasets form /format',
      'POST /v1/models form /distillation',
      'GET /v1/jobs querystring /status',
      'GET /v1/models querystring /format',
    ]) {
      expect(found).toContain(expected);
    }
  });

  it('refuses a value outside each of them naming that field and every allowed value', () => {
    let checked = 0;
    for (const entry of served) {
      for (const site of sitesOf(entry)) {
        const { shape, union, steps, field } = site;
        const strings = shape.values.filter((value): value is string => typeof value === 'string');
        const branchValue = (index: number, replacement?: unknown) => (node: typeof union) => {
          if (shape.kind === 'literals') return replacement === undefined ? shape.values[index] : replacement;
          const branch = { ...(sample(node.anyOf![index]) as object) } as Record<string, unknown>;
          if (replacement !== undefined) branch[shape.key] = replacement;
          return branch;
        };
        const where = `${entry.name} ${entry.part} ${field}`;
        // With each allowed value the request is valid: only the value replaced can be what is wrong.
        shape.values.forEach((value, index) => {
          expect(errorOf(entry.schema, requestAt(entry.schema, steps, branchValue(index)), entry.part), `${where} = ${JSON.stringify(value)}`).toBeUndefined();
        });
        fc.assert(
          fc.property(fc.nat(shape.values.length - 1), wrongValue(shape.values, entry.part), (index, wrong) => {
            const error = errorOf(entry.schema, requestAt(entry.schema, steps, branchValue(index, wrong.value)), entry.part);
            expect(error, `${where} = ${JSON.stringify(wrong.value)}`).toMatchObject({ code: 'invalid_request', field });
            expect(error!.message).toContain(`use one of ${shape.values.map(String).join(', ')}`);
            const guess = /did you mean "([^"]*)"\?\)$/.exec(error!.message)?.[1];
            if (guess !== undefined) expect(strings).toContain(guess);
            if (wrong.meant !== undefined && wrong.kind === 'case') expect(guess, error!.message).toBe(wrong.meant);
            if (wrong.meant !== undefined && wrong.kind === 'typo') {
              expect(guess, error!.message).toBeDefined();
              expect(editDistance(wrong.value.toLowerCase(), guess!.toLowerCase())).toBeLessThanOrEqual(editDistance(wrong.value.toLowerCase(), wrong.meant.toLowerCase()));
            }
          }),
          { numRuns: 25 },
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

type Wrong = { value: unknown; kind: 'any'; meant?: undefined } | { value: string; kind: 'case' | 'typo'; meant: string };

/**
 * Values none of `allowed`: anything, an allowed one in another case, or one
 * typo away from an allowed one (a letter dropped, doubled or swapped). A
 * query string or form field is text, a JSON body may hold anything.
 */
function wrongValue(allowed: Literal[], part: ServedSchema['part']): fc.Arbitrary<Wrong> {
  const strings = allowed.filter((value): value is string => typeof value === 'string' && value.length >= 3);
  const text = part === 'body' ? fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null)) : fc.string({ maxLength: 12 });
  const options: fc.Arbitrary<Wrong>[] = [text.map((value) => ({ value, kind: 'any' as const }))];
  if (strings.length > 0) {
    const meant = fc.constantFrom(...strings);
    options.push(meant.map((value) => ({ value: value.toUpperCase(), kind: 'case' as const, meant: value })));
    options.push(
      fc.tuple(meant, fc.nat(), fc.constantFrom('drop', 'double', 'swap')).map(([value, at, edit]) => {
        const i = at % (value.length - 1);
        const typo = edit === 'drop' ? value.slice(0, i) + value.slice(i + 1) : edit === 'double' ? value.slice(0, i + 1) + value.slice(i) : value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2);
        return { value: typo, kind: 'typo' as const, meant: value };
      }),
    );
  }
  const lower = new Set(allowed.map((value) => String(value).toLowerCase()));
  return fc.oneof(...options).filter((wrong) => !allowed.includes(wrong.value as Literal) && !(wrong.kind !== 'any' && lower.has(wrong.value.toLowerCase()) && wrong.kind === 'typo'));
}
