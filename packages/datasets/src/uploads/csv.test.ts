import { describe, expect, it } from 'vitest';
import { ingestUpload, loadUploaded, type IngestRequest } from '../index.ts';
import { putText, rejection, useTempStore } from './test-helpers.ts';

const IRIS_LIKE = `sepal_length,sepal_width,petal_length,petal_width,species
5.1,3.5,1.4,0.2,setosa
7.0,3.2,4.7,1.4,versicolor
6.3,3.3,6.0,2.5,virginica
4.9,3.0,1.4,0.2,setosa
6.4,3.2,4.5,1.5,versicolor
`;

describe('CSV uploads', () => {
  const store = useTempStore();

  async function ingestCsv(text: string, options: Partial<IngestRequest> = {}, testText?: string) {
    const train = { data: await putText(store(), 'uploads/ds/train.csv', text) };
    const test = testText === undefined ? undefined : { data: await putText(store(), 'uploads/ds/test.csv', testText) };
    return ingestUpload(store(), { format: 'csv', prefix: 'datasets/ds', train, ...(test ? { test } : {}), ...options });
  }

  it('maps class names to indices in sorted order and stores what it read', async () => {
    const ingested = await ingestCsv(IRIS_LIKE, { labelColumn: 'species', testRatio: 0 });
    expect(ingested).toMatchObject({
      inputShape: [4],
      numClasses: 3,
      classNames: ['setosa', 'versicolor', 'virginica'],
      splits: { train: 5, test: 0 },
      labelledCount: { train: 5, test: 0 },
      classCounts: [2, 2, 1],
      files: ['datasets/ds/train-x.npy', 'datasets/ds/train-y.npy', 'datasets/ds/class-names.json'],
    });
    expect(ingested.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await store().list('datasets/ds')).toEqual([...ingested.files].sort());

    const loaded = await loadUploaded(store(), 'datasets/ds');
    expect(loaded.train.x).toEqual(new Float32Array([5.1, 3.5, 1.4, 0.2, 7.0, 3.2, 4.7, 1.4, 6.3, 3.3, 6.0, 2.5, 4.9, 3.0, 1.4, 0.2, 6.4, 3.2, 4.5, 1.5]));
    expect(loaded.train.y).toEqual(new Int32Array([0, 1, 2, 0, 1]));
    expect(loaded).toMatchObject({ inputShape: [4], numClasses: 3, labelled: true, classNames: ['setosa', 'versicolor', 'virginica'] });
    expect(loaded.test).toEqual({ x: new Float32Array(0), y: null, count: 0 });
  });

  it('reads numeric labels from a "label" column anywhere in the header', async () => {
    const ingested = await ingestCsv('a,label,b\n1,2,3\n4,0,6\n-7.5e-1,2,+9\n', { testRatio: 0 });
    expect(ingested).toMatchObject({ inputShape: [2], numClasses: 3, classCounts: [1, 0, 2] });
    expect(ingested.classNames).toBeUndefined();
    const loaded = await loadUploaded(store(), ingested.files);
    expect(loaded.train.x).toEqual(new Float32Array([1, 3, 4, 6, -0.75, 9]));
    expect(loaded.train.y).toEqual(new Int32Array([2, 0, 2]));
  });

  it('keeps rows with an empty label cell as unlabelled rows', async () => {
    const ingested = await ingestCsv('a,b,label\n1,1,0\n2,2,\n3,3,1.0\n4,4,  \n', { testRatio: 0 });
    expect(ingested).toMatchObject({ numClasses: 2, labelledCount: { train: 2, test: 0 }, classCounts: [1, 1] });
    const loaded = await loadUploaded(store(), 'datasets/ds');
    expect(loaded.train.y).toEqual(new Int32Array([0, -1, 1, -1]));
    expect(loaded.labelled).toBe(false);
  });

  it('takes a CSV without the label column as an unlabelled transfer set, with no test split', async () => {
    const ingested = await ingestCsv('a,b\n1,2\n3,4\n5,6\n');
    expect(ingested).toMatchObject({ numClasses: 0, splits: { train: 3, test: 0 }, labelledCount: { train: 0, test: 0 }, classCounts: [] });
    expect(ingested.files).toEqual(['datasets/ds/train-x.npy']);
    const loaded = await loadUploaded(store(), 'datasets/ds');
    expect(loaded).toMatchObject({ numClasses: 0, labelled: false, train: { y: null, count: 3 } });
  });

  it('handles quoting, CRLF endings, a byte-order mark and blank lines, and counts lines across them', async () => {
    const text = '\ufeff"a","b",label\r\n"1","2",0\r\n\r\n"3\n",4,1\r\n5,abc,1\r\n';
    const error = await rejection(ingestCsv(text));
    // Row 3 sits on line 6: the blank line and the newline inside "3\n" both count.
    expect(error.message).toBe('train.csv row 3 (line 6), column "b": "abc" is not a number');
    const ok = await ingestCsv('\ufeff"a","b",label\r\n"1","2",0\r\n\r\n" 3\n",4,1\r\n', { testRatio: 0 });
    expect((await loadUploaded(store(), ok.files)).train.x).toEqual(new Float32Array([1, 2, 3, 4]));
  });

  it.each([
    ['a,b,label\n1,2,0\n3,abc,1\n', /^train\.csv row 2 \(line 3\), column "b": "abc" is not a number$/],
    ['a,b,label\n1,NaN,0\n', /^train\.csv row 1 \(line 2\), column "b": "NaN" is not a finite number/],
    ['a,b,label\n1,2,0\n\n-inf,2,0\n', /^train\.csv row 2 \(line 4\), column "a": "-inf" is not a finite number/],
    ['a,b,label\n1,1e39,0\n', /row 1 \(line 2\), column "b": 1e39 is too large for float32/],
    ['a,b,label\n1,,0\n', /row 1 \(line 2\), column "b": the value is empty; every feature needs a number/],
    ['a,b,c,d,e,label\n1,2,3,4,5,0\n1,2,3,4,0\n', /^train\.csv row 2 \(line 3\): the row has 5 values where the header has 6 columns$/],
    ['a,label\n1,1.5\n', /row 1 \(line 2\), column "label": label "1.5" is not a whole number/],
    ['a,label\n1,-1\n', /row 1 \(line 2\), column "label": label "-1" is negative/],
    ['a,label\n1,10000\n', /label "10000" is above 9999/],
    ['a,label\n1,cat\n2,0\n', /^train\.csv row 2 \(line 3\), column "label": "0" is a class index, but train\.csv row 1 \(line 2\), column "label" has the class name "cat"/],
    ['a,label\n"1,0\n2,0\n', /^train\.csv line 3: malformed CSV: a quoted value is never closed/],
    ['a,label\n1"2,0\n', /^train\.csv line 2: malformed CSV: a quote \(\"\) appears inside an unquoted value/],
    ['', /^train\.csv: the file is empty; the first line must be a header/],
    ['a,b,label\n\n', /^train\.csv: the file has no data rows$/],
    ['a,a,label\n1,2,0\n', /^train\.csv line 1: the header names column "a" twice$/],
    ['label\n1\n', /there is no feature column, only the label column "label"/],
    ['a;b;label\n1;2;0\n', /values must be separated by commas/],
  ])('refuses %j', async (text, message) => {
    const error = await rejection(ingestCsv(text));
    expect(error.code).toBe('invalid_upload');
    expect(error.field).toBe('/train');
    expect(error.message).toMatch(message);
    expect(await store().list('datasets')).toEqual([]);
  });

  it('refuses a label column the request names but the header lacks', async () => {
    const error = await rejection(ingestCsv('a,b,label\n1,2,0\n', { labelColumn: 'species' }));
    expect(error.message).toMatch(/^train\.csv line 1: the header has no column "species" .*its columns are "a", "b", "label"$/);
  });

  describe('with a test file', () => {
    it('matches the test columns to the training columns by name', async () => {
      const ingested = await ingestCsv('a,b,label\n1,2,0\n3,4,1\n', {}, 'label,b,a\n1,20,10\n0,40,30\n');
      expect(ingested).toMatchObject({ splits: { train: 2, test: 2 }, labelledCount: { train: 2, test: 2 } });
      const loaded = await loadUploaded(store(), 'datasets/ds');
      expect(loaded.test.x).toEqual(new Float32Array([10, 20, 30, 40]));
      expect(loaded.test.y).toEqual(new Int32Array([1, 0]));
    });

    it.each([
      ['a,c,label\n1,2,0\n', /^test\.csv line 1: the header has no column "b", which the training file has/],
      ['a,b,c,label\n1,2,3,0\n', /^test\.csv line 1: the header has a column "c" that the training file lacks/],
      ['a,b,label\n1,2,0\n3,4,\n', /^test\.csv row 2 \(line 3\), column "label": the row has no label, and a test split needs a label on every row/],
      ['a,b\n1,2\n', /^test\.csv: the file has no labels, and a test split needs a label on every row: add a "label" column$/],
      ['a,b,label\n1,2,cat\n', /^test\.csv row 1 \(line 2\), column "label": "cat" is a class name, but train\.csv row 1 \(line 2\)/],
    ])('refuses test file %j', async (testText, message) => {
      const error = await rejection(ingestCsv('a,b,label\n1,2,0\n3,4,1\n', {}, testText));
      expect(error.code).toBe('invalid_upload');
      expect(error.field).toBe('/test');
      expect(error.message).toMatch(message);
    });
  });
});
