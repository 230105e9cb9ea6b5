import { DistilleryError, type BuiltinSource } from '@distillery/contracts';
import { describe, expect, it } from 'vitest';
import { describeBuiltin, loadBuiltin } from './index.ts';

function errorOf(source: BuiltinSource): DistilleryError {
  try {
    describeBuiltin(source);
  } catch (error) {
    expect(error).toBeInstanceOf(DistilleryError);
    return error as DistilleryError;
  }
  throw new Error('expected describeBuiltin to throw');
}

describe('validation', () => {
  it.each([
    [{ builtin: 'mnist', options: { trainSize: 60001 } }, '/source/options/trainSize', /60000/],
    [{ builtin: 'mnist', options: { offset: 50000, trainSize: 10001 } }, '/source/options/trainSize', /at most 10000/],
    [{ builtin: 'mnist', options: { testSize: 10001 } }, '/source/options/testSize', /10000/],
    [{ builtin: 'mnist', options: { offset: 60000 } }, '/source/options/offset', /59999/],
    [{ builtin: 'mnist', options: { classes: 3 } }, '/source/options/classes', /does not apply to mnist/],
    [{ builtin: 'iris', options: { seed: 1 } }, '/source/options/seed', /does not apply to iris/],
    [{ builtin: 'iris', options: { testSize: 150 } }, '/source/options/testSize', /149/],
    [{ builtin: 'iris', options: { testSize: 50, trainSize: 101 } }, '/source/options/trainSize', /100/],
    [{ builtin: 'blobs', options: { classes: 1 } }, '/source/options/classes', /between 2 and 100/],
    [{ builtin: 'blobs', options: { spread: 0 } }, '/source/options/spread', /above 0/],
    [{ builtin: 'blobs', options: { trainSize: 1.5 } }, '/source/options/trainSize', /integer/],
    [{ builtin: 'blobs', options: { features: 4096, trainSize: 100000 } }, '/source/options/trainSize', /features/],
    // Skipped samples are generated too, so a large offset counts against the budget.
    [{ builtin: 'blobs', options: { features: 4096, offset: 9000, trainSize: 100 } }, '/source/options/trainSize', /offset \+ trainSize/],
  ] as Array<[BuiltinSource, string, RegExp]>)('rejects %j', (source, field, message) => {
    const error = errorOf(source);
    expect(error.code).toBe('invalid_dataset_options');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('rejects an unknown builtin', () => {
    const error = errorOf({ builtin: 'cifar' } as unknown as BuiltinSource);
    expect(error.code).toBe('unknown_dataset');
    expect(error.field).toBe('/source/builtin');
  });

  it('loadBuiltin validates too', () => {
    expect(() => loadBuiltin({ builtin: 'mnist', options: { testSize: 20000 } })).toThrow(DistilleryError);
  });
});

describe('describeBuiltin', () => {
  it('describes without loading', () => {
    expect(describeBuiltin({ builtin: 'mnist', options: { offset: 100 } })).toMatchObject({
      inputShape: [28, 28, 1],
      numClasses: 10,
      labelled: true,
      splits: { train: 59900, test: 10000 },
    });
    expect(describeBuiltin({ builtin: 'iris', options: { labelled: false } })).toMatchObject({
      inputShape: [4],
      numClasses: 3,
      labelled: false,
      splits: { train: 120, test: 30 },
    });
    expect(describeBuiltin({ builtin: 'blobs', options: { features: 3, classes: 5 } })).toMatchObject({
      inputShape: [3],
      numClasses: 5,
      splits: { train: 1000, test: 200 },
    });
  });

  it('agrees with what loadBuiltin returns', () => {
    const source: BuiltinSource = { builtin: 'blobs', options: { trainSize: 40, testSize: 10, labelled: false } };
    const description = describeBuiltin(source);
    const data = loadBuiltin(source);
    expect(data.inputShape).toEqual(description.inputShape);
    expect(data.numClasses).toBe(description.numClasses);
    expect(data.labelled).toBe(description.labelled);
    expect([data.train.y, data.test.y]).toEqual([null, null]);
    expect([data.train.count, data.test.count]).toEqual([description.splits.train, description.splits.test]);
  });
});

describe('digest', () => {
  const digest = (source: BuiltinSource) => describeBuiltin(source).digest;

  it('is a sha256 hex string, stable across calls and spelling of defaults', () => {
    const plain = digest({ builtin: 'mnist' });
    expect(plain).toMatch(/^[0-9a-f]{64}$/);
    expect(digest({ builtin: 'mnist', options: {} })).toBe(plain);
    expect(digest({ builtin: 'mnist', options: { offset: 0, trainSize: 60000, testSize: 10000, labelled: true } })).toBe(plain);
    expect(digest({ builtin: 'blobs', options: { seed: 1, classes: 4 } })).toBe(digest({ builtin: 'blobs', options: { classes: 4, seed: 1 } }));
  });

  it('changes whenever the data changes', () => {
    const digests = [
      digest({ builtin: 'mnist' }),
      digest({ builtin: 'mnist', options: { offset: 1 } }),
      digest({ builtin: 'mnist', options: { labelled: false } }),
      digest({ builtin: 'mnist', options: { testSize: 100 } }),
      digest({ builtin: 'iris' }),
      digest({ builtin: 'blobs' }),
      digest({ builtin: 'blobs', options: { seed: 1 } }),
      digest({ builtin: 'blobs', options: { spread: 2 } }),
    ];
    expect(new Set(digests).size).toBe(digests.length);
  });
});
