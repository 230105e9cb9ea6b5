import { describe, expect, it } from 'vitest';
import { ingestUpload, loadUploaded, type IngestRequest } from '../index.ts';
import { putText, rejection, useTempStore } from './test-helpers.ts';

const lines = (...rows: unknown[]) => rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n') + '\n';

describe('JSON Lines uploads', () => {
  const store = useTempStore();

  async function ingestJsonl(text: string, options: Partial<IngestRequest> = {}, testText?: string) {
    const train = { data: await putText(store(), 'uploads/ds/train.jsonl', text) };
    const test = testText === undefined ? undefined : { data: await putText(store(), 'uploads/ds/test.jsonl', testText) };
    return ingestUpload(store(), { format: 'jsonl', prefix: 'datasets/ds', train, ...(test ? { test } : {}), ...options });
  }

  it('reads flat objects: every field but the label is a feature, in the first row\'s key order', async () => {
    const text = lines({ b: 1, label: 'dog', a: 2 }, '', { label: 'cat', a: 4, b: 3 }, '   ', { a: 6, b: 5, label: null }, { b: 7, a: 8 });
    const ingested = await ingestJsonl(text, { testRatio: 0 });
    expect(ingested).toMatchObject({ inputShape: [2], numClasses: 2, classNames: ['cat', 'dog'], labelledCount: { train: 2, test: 0 }, classCounts: [1, 1] });
    const loaded = await loadUploaded(store(), 'datasets/ds');
    expect(loaded.train.x).toEqual(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(loaded.train.y).toEqual(new Int32Array([1, 0, -1, -1]));
  });

  it('reads nested x arrays as images, the first row fixing the shape', async () => {
    const image = (v: number) => [[v, v + 1, v + 2], [v + 3, v + 4, v + 5]];
    const text = lines({ x: image(0), y: 1, id: 'first' }, { x: image(10), y: 0, id: 'second' });
    const ingested = await ingestJsonl(text, { labelColumn: 'y', testRatio: 0 });
    expect(ingested).toMatchObject({ inputShape: [2, 3], numClasses: 2, splits: { train: 2, test: 0 } });
    const loaded = await loadUploaded(store(), ingested.files);
    expect(loaded.inputShape).toEqual([2, 3]);
    expect(loaded.train.x).toEqual(new Float32Array([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15]));
    expect(loaded.train.y).toEqual(new Int32Array([1, 0]));
  });

  it('treats numbers written as strings as class indices, like CSV', async () => {
    const ingested = await ingestJsonl(lines({ x: [1], label: '1' }, { x: [2], label: 0 }), { testRatio: 0 });
    expect(ingested).toMatchObject({ numClasses: 2, classCounts: [1, 1] });
    expect(ingested.classNames).toBeUndefined();
  });

  it.each([
    [lines({ a: 1, label: 0 }, '{"a": 2, "label": 1'), /^train\.jsonl row 2 \(line 2\): the line is not valid JSON/],
    [lines({ a: 1 }, '', [1, 2]), /^train\.jsonl row 2 \(line 3\): each line must be a JSON object .*; this one is an array$/],
    [lines({ a: 1, b: 'x' }), /^train\.jsonl row 1 \(line 1\), field "b": "x" is a string; write numbers without quotes/],
    [lines({ a: 1, b: 2 }, { a: 1 }), /^train\.jsonl row 2 \(line 2\), field "b": the field is missing; every row needs the fields row 1 has$/],
    [lines({ a: 1 }, { a: 1, c: 2 }), /^train\.jsonl row 2 \(line 2\), field "c": row 1 has no such field/],
    [lines({ a: 1 }, { a: null }), /row 2 \(line 2\), field "a": null is not a number/],
    ['{"a": 1}\n{"a": 1e999}\n', /row 2 \(line 2\), field "a": the value is Infinity/],
    [lines({ x: [[1, 2], [3, 4]] }, { x: [[1, 2], [3]] }), /^train\.jsonl row 2 \(line 2\), field "x" at x\[1\]: has 1 items where row 1 has 2; x must have shape \(2, 2\) in every row$/],
    [lines({ x: [1, 2] }, { x: [1, 'a'] }), /row 2 \(line 2\), field "x" at x\[1\]: "a" is a string/],
    [lines({ x: [1, 2] }, { a: 1 }), /row 2 \(line 2\), field "x": the field is missing/],
    [lines({ x: 3 }), /row 1 \(line 1\), field "x": x must be an array of numbers/],
    [lines({ a: 1, label: 2.5 }), /row 1 \(line 1\), field "label": label 2\.5 is not a whole number/],
    [lines({ a: 1, label: -3 }), /row 1 \(line 1\), field "label": label -3 is negative/],
    [lines({ a: 1, label: true }), /field "label": the label is true; .* null marks an unlabelled row/],
    [lines({ label: 1 }), /row 1 \(line 1\): the object has no features/],
    ['\n\n', /^train\.jsonl: the file has no data rows$/],
  ])('refuses %j', async (text, message) => {
    const error = await rejection(ingestJsonl(text));
    expect(error.code).toBe('invalid_upload');
    expect(error.field).toBe('/train');
    expect(error.message).toMatch(message);
  });

  it('checks a test file against the training file', async () => {
    const train = lines({ x: [1, 2], label: 0 }, { x: [3, 4], label: 1 });
    const error = await rejection(ingestJsonl(train, {}, lines({ x: [1, 2, 3], label: 0 })));
    expect(error.message).toMatch(/^test\.jsonl row 1 \(line 1\), field "x": has 3 items where the training file has 2/);
    const unlabelled = await rejection(ingestJsonl(train, {}, lines({ x: [1, 2], label: 0 }, { x: [1, 2] })));
    expect(unlabelled.message).toMatch(/^test\.jsonl row 2 \(line 2\), field "label": the row has no label, and a test split needs a label on every row/);
  });
});
