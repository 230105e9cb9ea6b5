import fc from 'fast-check';

/**
 * Values a careless or malicious client sends: the strings, numbers and shapes
 * that break parsers, validators and the code behind them. Everything here is
 * plain data; how it reaches the API (JSON, query, header, form) is decided by
 * the callers.
 */

/** Strings that have broken something somewhere: number-likes, paths, escapes, injections, odd unicode. */
export const NASTY_STRINGS = [
  '', ' ', '\t', '\r\n', 'NaN', 'Infinity', '-Infinity', 'nan', '-1', '0', '-0', '1e999', '-1e999', '1e-999', '0x10', '0b1', '1_000',
  '١٢٣', '１２３', '9'.repeat(40), '0.1.2', '1,5', ' 1 ', '+1', '.5', '5.', 'null', 'true', 'false', 'undefined', '[]', '{}', '[1,2]',
  '{"a":1}', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '..', '.', '../../etc/passwd', '/etc/passwd',
  'C:\\Windows\\win.ini', '\\\\server\\share', 'a/b', 'a\\b', '%2e%2e%2f', '%2F', '%00', '\u0000', 'a\u0000b', '\u202e', '\ufeff',
  '\ud800', '\udfff', '\u200b', '💥', '👨‍👩‍👧‍👦', 'ｍｎｉｓｔ', 'MNIST', 'mnist ', ' mnist', 'İ', 'ß', '$(rm -rf /)', '`id`', "'; DROP TABLE x;--",
  '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '%s%s%n', '\u001b[31m', 'ds_', 'm_', 'j_', '*', '?', '#', '&', '=', '+', '-', '(', '[',
  '+inf', 'ds_0000000000000000000000', 'j_missing', 'm_missing', 'mnist', 'iris', 'blobs', 'train', 'distill', 'mlp', 'cnn', 'logits',
  'queued', 'running', 'succeeded', 'tfjs-layers', 'tfjs-graph', 'allowed', 'forbidden', 'unknown', 'csv', 'jsonl', 'npy',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
  // Long ones: over every maxLength in the contracts, and far over.
  { arbitrary: fc.constantFrom(65, 201, 1025, 5000, 70_000).map((n) => 'x'.repeat(n)), weight: 1 },
);

/** Numbers at and beyond every boundary: JSON cannot carry NaN, but it can carry 1e308 and -0. */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0, -0, -1, 1, 2, 1.5, 0.5, 1e-7, 1e-6, 0.9, 0.9000001, 1.0000001, 100, 101, 200, 201, 1000, 1001, 1024, 1025, 4096, 8192, 8193, 1e6,
    1e6 + 1, 1e9, 1e12, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER,
    2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 63, -(2 ** 31) - 1, 0.1 + 0.2,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Keys that hit prototypes, discriminators and near-miss spellings of real fields. */
export const NASTY_KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '', ' ', 'type', 'Type', 'TYPE', 'dataset', 'datasets',
  'model', 'models', 'teachers', 'teacher', 'student', 'architecture', 'kind', 'hidden', 'filters', 'training', 'epochs', 'batchSize',
  'batch_size', 'learningRate', 'seed', 'method', 'aggregation', 'transfer', 'baseline', 'name', 'source', 'builtin', 'options',
  'trainSize', 'trainsize', 'testSize', 'offset', 'labelled', 'labeled', 'classes', 'features', 'spread', 'weight', 'temperature', 'alpha',
  'license', 'status', 'id', 'tenant', 'result', 'error', '$ref', '$id', 'a.b', 'a/b', '~1', '\u0000', '💥',
];
export const nastyKey: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_KEYS), weight: 4 },
  { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
);

/** Builds an object whose keys may be `__proto__`: Object.fromEntries makes them own, serialisable properties. */
export const objectOf = (entries: [string, unknown][]): Record<string, unknown> => Object.fromEntries(entries);

/** Any JSON value, biased towards the hostile: nasty strings and numbers, prototype keys, nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: nastyString, weight: 4 },
    { arbitrary: nastyNumber, weight: 4 },
    { arbitrary: fc.constantFrom(true, false, null), weight: 2 },
    { arbitrary: fc.array(tie('value'), { maxLength: 5 }), weight: 1 },
    { arbitrary: fc.array(fc.tuple(nastyKey, tie('value')), { maxLength: 5 }).map(objectOf), weight: 1 },
  ),
})).value;

/** Deep nesting, written out as text (building it as a value first would cost as much as parsing it). */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(100, 1000, 5000, 20_000, 100_000), fc.constantFrom('array', 'object', 'value'))
  .map(([depth, kind]) => {
    if (kind === 'array') return `${'['.repeat(depth)}${']'.repeat(depth)}`;
    if (kind === 'object') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    // A deep value where a schema expects an object: inside a real field.
    return `{"type":"train","dataset":"x","model":{"architecture":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
  });

/** JSON texts that are not quite JSON, or are JSON with traps in them. */
export const malformedJsonText: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom(
    '', ' ', '{', '}', '[', '{"a":}', '{"a":1,}', '[1,]', "{'a':1}", '{"a":NaN}', '{"a":Infinity}', '{"a":-}', '{"a":1e99999}', '{"a":0001}',
    '{"a":1}/*c*/', '// c\n{}', '\ufeff{}', '{}\u0000', '{"a":"\u0000"}', 'null', 'true', '0', '"str"', '[]', '{}garbage', '{} {}',
    '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"a":{"__proto__":{"b":1}}}',
    '{"type":"train","type":"distill"}', '{"type":"train","__proto__":{"type":"distill"}}', '{"\\ud800":1}', '{"a":"\\ud800"}',
    '{"a":"\\u0000"}', '{"a":"\\x41"}', `{"a":"${'\\\\'.repeat(1000)}"}`,
  ),
  // Invalid UTF-8 and binary bytes.
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')])),
  fc.constantFrom(Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80])),
  deepJsonText,
  // Over Fastify's 1 MiB body limit.
  fc.constant(`{"name":"${'x'.repeat(1_100_000)}"}`),
);

/** A value turned into a body text: mostly serialised as is, sometimes cut short. */
export function jsonText(value: fc.Arbitrary<unknown>): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    { arbitrary: value.map((v) => JSON.stringify(v) ?? 'null'), weight: 6 },
    {
      arbitrary: fc.tuple(value, fc.double({ min: 0, max: 1, noNaN: true })).map(([v, at]) => {
        const text = JSON.stringify(v) ?? 'null';
        return text.slice(0, Math.floor(text.length * at));
      }),
      weight: 1,
    },
    { arbitrary: malformedJsonText, weight: 2 },
  );
}
