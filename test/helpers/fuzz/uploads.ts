import fc from 'fast-check';
import { deepJsonText, hostileValue, malformedJsonText, nastyNumber, nastyString } from './hostile.ts';
import { boundary as boundaryArb, contentTypeFor, encodeForm, field, file, formOptions, hostileFileName, hostileFileNameStar, randomPart, type FormPart } from './multipart.ts';
import { applyMutation, mutation } from './mutate.ts';

/** A multipart request body with its content-type header. */
export interface Upload {
  contentType: string;
  body: Buffer;
}

/** Files of a model as its owner would upload them. */
export type ModelFileSet = ReadonlyMap<string, Buffer>;

/** Serialises parts into a body, with framing and boundary faults now and then. */
export function asUpload(parts: fc.Arbitrary<FormPart[]>): fc.Arbitrary<Upload> {
  return fc.tuple(parts, boundaryArb, formOptions).chain(([list, boundary, options]) =>
    contentTypeFor(boundary).map((contentType) => ({ contentType, body: encodeForm(list, { boundary, ...options }) })),
  );
}

/** Parts to append: strays, far too many fields, far too many files. */
const extraParts: fc.Arbitrary<FormPart[]> = fc.oneof(
  { arbitrary: fc.constant<FormPart[]>([]), weight: 10 },
  { arbitrary: fc.array(randomPart, { minLength: 1, maxLength: 3 }), weight: 4 },
  { arbitrary: fc.constantFrom(33, 40).map((n) => Array.from({ length: n }, (_, i) => field(`f${i}`, 'v'))), weight: 1 },
  { arbitrary: fc.constantFrom(65, 70).map((n) => Array.from({ length: n }, (_, i) => file('files', `extra${i}.bin`, 'x'))), weight: 1 },
  { arbitrary: fc.constant(Array.from({ length: 100 }, (_, i) => (i % 2 ? field(`g${i}`, '1') : file('x', `p${i}.bin`, '1')))), weight: 1 },
);

// ---------------------------------------------------------------- models

/** Sets every property called `key`, anywhere in the value, to `value`. */
function setEverywhere(target: unknown, key: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(target)) as unknown;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === key) (node as Record<string, unknown>)[k] = value;
        else walk(v);
      }
    }
  };
  walk(copy);
  return copy;
}

/** model.json edits that aim at allocation, dtype, path and graph handling, beside random single-field mutations. */
const TARGETED_MANIFEST_EDITS: [string, unknown][] = [
  ['units', 1e9], ['units', -1], ['units', 0], ['units', 1.5], ['units', '3'], ['units', 2 ** 31],
  ['batch_input_shape', [null, 1e9]], ['batch_input_shape', [null, -1]], ['batch_input_shape', [null, 0]], ['batch_input_shape', [1e9, 4]],
  ['batch_input_shape', [null, 4, 4, 4, 4, 4, 4, 4, 4]], ['batch_input_shape', 'x'], ['batchInputShape', [null, 1e6]],
  ['shape', [1e9, 1e9]], ['shape', [-1, 4]], ['shape', []], ['shape', [0]], ['shape', [4, 3, 2, 1]], ['shape', null],
  ['dtype', 'complex64'], ['dtype', 'string'], ['dtype', 'int64'], ['dtype', 'float16'], ['dtype', 'bool'], ['dtype', 'uint8'], ['dtype', 'x'],
  ['paths', ['../group1-shard1of2.bin']], ['paths', ['/etc/passwd']], ['paths', []], ['paths', ['group1-shard1of2.bin', 'group1-shard1of2.bin']],
  ['paths', ['model.json']], ['paths', 'group1-shard1of2.bin'], ['paths', ['a%2Fb.bin']],
  ['quantization', { dtype: 'uint8', scale: 1, min: 0 }], ['quantization', { dtype: 'float16' }], ['quantization', { dtype: 'x' }],
  ['class_name', 'Lambda'], ['class_name', 'Custom>Layer'], ['class_name', '__proto__'], ['class_name', 'Conv2D'], ['class_name', 'Functional'],
  ['activation', 'softmax'], ['activation', 'eval'], ['activation', null], ['name', 'hidden'], ['name', ''], ['name', '../x'],
  ['format', 'graph-model'], ['format', 'layers-model'], ['format', 42], ['modelTopology', null], ['modelTopology', []], ['weightsManifest', {}],
  ['weightsManifest', []], ['weights', []], ['op', 'NoSuchOp'], ['op', 'While'], ['op', 'Placeholder'], ['input', ['Identity']],
  ['input', ['serving_input', 'serving_input', 'serving_input']], ['input', []], ['size', '1000000000'], ['size', '-1'],
];

function modelJsonEdit(base: unknown): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    { arbitrary: mutation.map((m) => JSON.stringify(applyMutation(base, m)) ?? ''), weight: 5 },
    { arbitrary: fc.constantFrom(...TARGETED_MANIFEST_EDITS).map(([key, value]) => JSON.stringify(setEverywhere(base, key, value))), weight: 4 },
    { arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? ''), weight: 1 },
    { arbitrary: malformedJsonText, weight: 1 },
    { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at) => JSON.stringify(base).slice(0, Math.floor(JSON.stringify(base).length * at))), weight: 1 },
  );
}

type FileEdit = (files: Map<string, Buffer | string>) => void;

function fileEdits(base: ModelFileSet, maxFileBytes: number): fc.Arbitrary<FileEdit> {
  const names = [...base.keys()];
  const parsed = JSON.parse(base.get('model.json')!.toString()) as unknown;
  const name = fc.constantFrom(...names);
  const weightName = fc.constantFrom(...names.filter((n) => n !== 'model.json'));
  return fc.oneof(
    { arbitrary: name.map((n): FileEdit => (files) => void files.delete(n)), weight: 2 },
    { arbitrary: modelJsonEdit(parsed).map((text): FileEdit => (files) => void files.set('model.json', text)), weight: 8 },
    {
      arbitrary: fc.tuple(weightName, fc.double({ min: 0, max: 1, noNaN: true })).map(([n, at]): FileEdit => (files) => {
        const bytes = base.get(n)!;
        files.set(n, bytes.subarray(0, Math.floor(bytes.length * at)));
      }),
      weight: 2,
    },
    { arbitrary: fc.tuple(weightName, fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([n, extra]): FileEdit => (files) => void files.set(n, Buffer.concat([base.get(n)!, extra]))), weight: 1 },
    {
      // Same length, other bytes: NaN and infinite weights included.
      arbitrary: fc.tuple(weightName, fc.constantFrom(0xff, 0x7f, 0x00)).map(([n, byte]): FileEdit => (files) => void files.set(n, Buffer.alloc(base.get(n)!.length, byte))),
      weight: 1,
    },
    { arbitrary: fc.tuple(name, hostileFileName).map(([n, to]): FileEdit => (files) => {
      const bytes = files.get(n);
      files.delete(n);
      if (bytes !== undefined) files.set(to, bytes);
    }), weight: 3 },
    { arbitrary: fc.tuple(hostileFileName, fc.uint8Array({ maxLength: 64 })).map(([n, bytes]): FileEdit => (files) => void files.set(n, Buffer.from(bytes))), weight: 2 },
    { arbitrary: weightName.map((n): FileEdit => (files) => void files.set(n, Buffer.alloc(maxFileBytes + 1, 1))), weight: 1 },
    { arbitrary: fc.constant<FileEdit>((files) => void files.set('model.json', Buffer.alloc(0))), weight: 1 },
  );
}

const jsonField = (valid: string[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...valid), weight: 3 },
    { arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? ''), weight: 2 },
    { arbitrary: malformedJsonText.map(String), weight: 1 },
    { arbitrary: nastyString, weight: 1 },
  );

/** The text fields of a model upload: mostly right, each sometimes wrong. */
const modelFields: fc.Arbitrary<FormPart[]> = fc
  .record(
    {
      name: fc.oneof({ arbitrary: fc.constant('fuzzed teacher'), weight: 4 }, { arbitrary: nastyString, weight: 1 }),
      license: fc.oneof({ arbitrary: fc.constantFrom('MIT', 'Apache-2.0', 'proprietary', 'unknown', 'GPL-3.0-or-later WITH x', '(MIT OR Apache-2.0)'), weight: 3 }, { arbitrary: nastyString, weight: 1 }),
      distillation: fc.oneof({ arbitrary: fc.constantFrom('allowed', 'forbidden', 'unknown'), weight: 3 }, { arbitrary: nastyString, weight: 1 }),
      output: fc.oneof({ arbitrary: fc.constantFrom('logits', 'probabilities'), weight: 3 }, { arbitrary: nastyString, weight: 1 }),
      readableOutputs: jsonField(['["hidden"]', '[]', '["hidden","hidden"]', '["nope"]', `[${Array.from({ length: 300 }, () => '"hidden"').join(',')}]`]),
      inputShape: jsonField(['[4]', '[1]', '[-1]', '[0]', '[1000000000]', '[4,4,4,4,4,4,4,4,4]', '[]']),
      metadata: fc.oneof(
        jsonField(['{"a":1}', '{}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '[]', 'null', `{"big":"${'x'.repeat(100_000)}"}`]),
        deepJsonText,
      ),
    },
    { requiredKeys: ['name'] },
  )
  .map((fields) => Object.entries(fields).map(([name, value]) => field(name, value)));

/** Good fields: what the fixture teachers were uploaded with, give or take the optional ones. */
const goodModelFields: fc.Arbitrary<FormPart[]> = fc
  .record(
    {
      name: fc.constantFrom('fuzzed teacher', 'ü 💥'),
      license: fc.constantFrom('MIT', 'Apache-2.0', 'proprietary', 'unknown'),
      distillation: fc.constantFrom('allowed', 'forbidden', 'unknown'),
      readableOutputs: fc.constantFrom('[]', '["hidden"]'),
      metadata: fc.constantFrom('{}', '{"trainedOn":"iris"}', '{"__proto__":{"polluted":true}}', '{"a":{"b":{"c":[1,2,3]}}}'),
    },
    { requiredKeys: ['name'] },
  )
  .map((fields) => Object.entries(fields).map(([name, value]) => field(name, value)));

/**
 * Model uploads: the good files with one or two things wrong (a file missing,
 * truncated, renamed, too big; model.json mutated or garbage), with fields
 * mostly right, sometimes in the wrong part or the wrong order, sometimes with
 * stray parts. Unchanged files with good fields make a valid upload.
 */
export function modelUpload(bases: ModelFileSet[], maxFileBytes: number): fc.Arbitrary<Upload> {
  // Unchanged files with good fields: a model that loads (201), to be read, downloaded and deleted by later cases.
  const valid = fc
    .tuple(fc.constantFrom(...bases), goodModelFields)
    .map(([base, fields]) => [...fields, ...[...base].map(([name, bytes]) => file('files', name, bytes))]);
  const perBase = bases.map((base) =>
    fc
      .tuple(
        fc.array(fileEdits(base, maxFileBytes), { minLength: 1, maxLength: 2 }),
        modelFields,
        extraParts,
        fc.constantFrom('files', 'files', 'files', 'file', 'files[]', 'weights'),
        fc.boolean(),
        fc.option(hostileFileNameStar, { freq: 10 }),
      )
      .map(([edits, fields, extra, partName, filesFirst, star]) => {
        const files = new Map<string, Buffer | string>(base);
        for (const edit of edits) edit(files);
        const fileParts = [...files].map(([name, bytes], i): FormPart => ({
          ...file(partName, name, bytes),
          ...(star && i === 0 ? { filenameStar: star } : {}),
        }));
        return filesFirst ? [...fileParts, ...fields, ...extra] : [...fields, ...fileParts, ...extra];
      }),
  );
  return asUpload(
    fc.oneof(
      { arbitrary: fc.oneof(...perBase), weight: 16 },
      { arbitrary: valid, weight: 2 },
      { arbitrary: fc.array(randomPart, { maxLength: 6 }), weight: 2 },
    ),
  );
}

// ---------------------------------------------------------------- datasets

const CELLS = ['0', '1', '2', '-1', '0.5', '1e3', '', ' ', 'NaN', 'nan', 'Infinity', '-inf', '1e999', '1,5', '"1"', '"a,b"', '"unterminated', 'a"b', 'abc', 'setosa', '💥', '\u0000', '0x1f', '1_0', '१'];

const csvCell = fc.oneof({ arbitrary: fc.integer({ min: -5, max: 5 }).map(String), weight: 6 }, { arbitrary: fc.constantFrom(...CELLS), weight: 2 }, { arbitrary: nastyNumber.map(String), weight: 1 });

/** CSV: a header and rows, mostly numeric, with the faults parsers stumble on. */
export const csvText: fc.Arbitrary<string | Buffer> = fc.oneof(
  {
    arbitrary: fc
      .tuple(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.oneof(csvCell, fc.constantFrom('label', 'species', '', 'a', 'a')), { minLength: 6, maxLength: 6 }),
      )
      .chain(([columns, rows, eol, bom, ragged, headerCells]) =>
        fc.array(fc.array(csvCell, { minLength: ragged ? 0 : columns, maxLength: ragged ? columns + 2 : columns }), { minLength: rows, maxLength: rows }).map((cells) => {
          const header = [...headerCells.slice(0, columns - 1).map((h, i) => h || `c${i}`), 'label'];
          const labels = cells.map((row, i) => (row.length > 0 ? [...row.slice(0, columns - 1), String(i % 3)] : row));
          return `${bom ? '\ufeff' : ''}${[header, ...labels].map((row) => row.join(',')).join(eol)}${eol}`;
        }),
      ),
    weight: 8,
  },
  {
    arbitrary: fc.constantFrom(
      '', '\n', 'label\n', 'a,label\n', 'a,label\n1\n', 'a,label\n1,0,9\n', 'a,a,label\n1,2,0\n', ',,\n,,\n', '"a\nb",label\n1,0\n',
      `${Array.from({ length: 3000 }, (_, i) => `c${i}`).join(',')},label\n${Array.from({ length: 3000 }, () => '1').join(',')},0\n`,
      `a,label\n${'1,0\n'.repeat(10_000)}`, `a,label\n${'9'.repeat(70_000)},0\n`,
    ),
    weight: 2,
  },
  { arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), weight: 1 },
);

const jsonlLine = fc.oneof(
  { arbitrary: fc.tuple(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 2, maxLength: 2 }), fc.integer({ min: 0, max: 2 })).map(([x, label]) => JSON.stringify({ x, label })), weight: 6 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([a, b]) => JSON.stringify({ a, b, label: a % 2 })), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      '', '{}', '[]', 'null', '1', '"x"', '{"x":[1,2],"label":null}', '{"x":[1,2],"label":"cat"}', '{"x":[1,2],"label":1.5}', '{"x":[[1],[2,3]],"label":0}',
      '{"x":[1,"2"],"label":0}', '{"x":[1e999,1],"label":0}', '{"x":[],"label":0}', '{"x":{"0":1},"label":0}', '{"x":[1,2],"label":-1}',
      '{"__proto__":{"x":[1,2]},"label":0}', '{"x":[1,2],"label":0', '{"x":[1,2],"label":99999999999}', '\ufeff{"x":[1,2],"label":0}',
    ),
    weight: 2,
  },
  { arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? ''), weight: 1 },
  { arbitrary: deepJsonText, weight: 1 },
);

export const jsonlText: fc.Arbitrary<string | Buffer> = fc.oneof(
  { arbitrary: fc.tuple(fc.array(jsonlLine, { maxLength: 25 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol)), weight: 8 },
  { arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), weight: 1 },
);

const DESCRS = ['<f4', '<f8', '|u1', '<i4', '<i8', '>f4', '>i4', '<f2', '|b1', '<c8', '|O', '<U10', '|S3', '<u8', '<i2', 'foo', '', "<f4', 'x': '"];
const SHAPES = ['(8, 2)', '(8,)', '()', '(0, 2)', '(-1, 4)', '(1000000000, 1000000000)', '(300000000,)', '(8, 2, 3, 3)', '(1, 2', '[8, 2]', '(8, 2.5)', '(8, "2")', "('8', 2)", '(99999999999999999999, 1)'];

/** NPY bytes from parts, each of which may be wrong: magic, version, header length, the header dict, the data. */
function npyBytes(magic: string, version: [number, number], header: string, headerLengthDelta: number, data: Buffer): Buffer {
  const lengthBytes = version[0] === 1 ? 2 : 4;
  const prefix = 6 + 2 + lengthBytes;
  const padded = header + ' '.repeat((64 - ((prefix + header.length + 1) % 64)) % 64) + '\n';
  const head = Buffer.alloc(prefix);
  head.write(magic, 0, 'latin1');
  head[6] = version[0];
  head[7] = version[1];
  const length = Math.max(0, padded.length + headerLengthDelta);
  if (lengthBytes === 2) head.writeUInt16LE(Math.min(length, 0xffff), 8);
  else head.writeUInt32LE(length, 8);
  return Buffer.concat([head, Buffer.from(padded, 'latin1'), data]);
}

export const npyFile: fc.Arbitrary<Buffer> = fc
  .record({
    magic: fc.oneof({ arbitrary: fc.constant('\x93NUMPY'), weight: 9 }, { arbitrary: fc.constantFrom('\x93NUMPZ', 'NUMPY\x93', ''), weight: 1 }),
    version: fc.oneof({ arbitrary: fc.constant<[number, number]>([1, 0]), weight: 6 }, { arbitrary: fc.constantFrom<[number, number]>([2, 0], [3, 0], [9, 9], [0, 0]), weight: 1 }),
    descr: fc.oneof({ arbitrary: fc.constantFrom('<f4', '<i4'), weight: 4 }, { arbitrary: fc.constantFrom(...DESCRS), weight: 2 }),
    fortran: fc.oneof({ arbitrary: fc.constant('False'), weight: 6 }, { arbitrary: fc.constantFrom('True', 'false', '0', "'x'"), weight: 1 }),
    shape: fc.oneof({ arbitrary: fc.constant('(8, 2)'), weight: 4 }, { arbitrary: fc.constant('(8,)'), weight: 2 }, { arbitrary: fc.constantFrom(...SHAPES), weight: 2 }),
    header: fc.option(fc.oneof(nastyString, fc.constantFrom("{'descr': '<f4'}", '{}', '', "{'descr': '<f4', 'fortran_order': False, 'shape': (8, 2), 'extra': __import__('os')}")), { freq: 8 }),
    lengthDelta: fc.oneof({ arbitrary: fc.constant(0), weight: 8 }, { arbitrary: fc.constantFrom(-1, 1, -10, 1000, 70000), weight: 1 }),
    data: fc.oneof(
      { arbitrary: fc.constantFrom(64, 32, 16, 63, 0, 65).map((n) => Buffer.alloc(n, 0)), weight: 4 },
      { arbitrary: fc.uint8Array({ minLength: 0, maxLength: 128 }).map((b) => Buffer.from(b)), weight: 3 },
      { arbitrary: fc.constant(Buffer.alloc(64, 0xff)), weight: 1 }, // NaN floats, -1 ints
    ),
  })
  .map(({ magic, version, descr, fortran, shape, header, lengthDelta, data }) =>
    npyBytes(magic, version, header ?? `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`, lengthDelta, data),
  );

const testRatio = fc.constantFrom('0.2', '0', '0.9', '0.91', '-0.1', 'NaN', '1e999', '', ' ', '0x1', 'Infinity', '1', '0.5abc', '.5');
const seed = fc.constantFrom('0', '7', '-1', '2147483647', '2147483648', '1.5', '1e3', 'abc', '', '00');

/**
 * Dataset uploads: fields mostly right, data in the format's own parts or in
 * the wrong ones, with CSV, JSON Lines and NPY bytes from generators that mix
 * valid rows with every fault the readers refuse.
 */
export function datasetUpload(maxFileBytes: number): fc.Arbitrary<Upload> {
  const fieldsFor = (format: string) =>
    fc
      .record(
        {
          name: fc.oneof({ arbitrary: fc.constant('fuzzed data'), weight: 5 }, { arbitrary: nastyString, weight: 1 }),
          format: fc.oneof({ arbitrary: fc.constant(format), weight: 8 }, { arbitrary: fc.oneof(fc.constantFrom('csv', 'jsonl', 'npy', 'CSV', 'xlsx', ''), nastyString), weight: 1 }),
          labelColumn: fc.oneof(fc.constantFrom('label', 'species', 'c0', ''), nastyString),
          testRatio,
          seed,
        },
        { requiredKeys: ['name', 'format'] },
      )
      .chain((fields) => fc.option(fc.constantFrom(...Object.keys(fields)), { freq: 6 }).map((drop) => {
        const kept = Object.entries(fields).filter(([name]) => name !== drop);
        return kept.map(([name, value]) => field(name, value));
      }));
  const fileName = fc.oneof({ arbitrary: fc.constantFrom('data.csv', 'x.npy', 'rows.jsonl'), weight: 6 }, { arbitrary: hostileFileName, weight: 1 });
  const big = Buffer.alloc(maxFileBytes + 1, 0x31);
  const text = (format: 'csv' | 'jsonl') => fc.oneof({ arbitrary: format === 'csv' ? csvText : jsonlText, weight: 20 }, { arbitrary: fc.constant(big), weight: 1 });
  const textParts = (format: 'csv' | 'jsonl') =>
    fc
      .tuple(fileName, text(format), fc.option(fc.tuple(fileName, text(format)), { freq: 3 }), fc.constantFrom('train', 'train', 'train', 'test', 'x', 'data'))
      .map(([name, train, test, part]) => [file(part, name, train), ...(test ? [file('test', test[0], test[1])] : [])]);
  const npyParts = fc
    .record({ x: npyFile, y: npyFile, testX: npyFile, testY: npyFile }, { requiredKeys: [] })
    .chain((files) => fileName.map((name) => Object.entries(files).map(([part, bytes]) => file(part, name === 'x.npy' ? `${part}.npy` : name, bytes))));
  const byFormat = fc.oneof(
    fc.tuple(fieldsFor('csv'), textParts('csv')),
    fc.tuple(fieldsFor('jsonl'), textParts('jsonl')),
    fc.tuple(fieldsFor('npy'), npyParts),
    // The wrong files for the format.
    fc.tuple(fieldsFor('npy'), textParts('csv')),
    fc.tuple(fieldsFor('csv'), npyParts),
  );
  return asUpload(
    fc.oneof(
      { arbitrary: fc.tuple(byFormat, extraParts, fc.boolean()).map(([[fields, files], extra, filesFirst]) => (filesFirst ? [...files, ...fields, ...extra] : [...fields, ...files, ...extra])), weight: 9 },
      { arbitrary: fc.array(randomPart, { maxLength: 6 }), weight: 1 },
    ),
  );
}
