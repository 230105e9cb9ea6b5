import { describe, expect, it } from 'vitest';
import {
  artifactKeys,
  describeCacheKey,
  TEACHER_OUTPUT_VERSIONS,
  teacherOutputKey,
  type GraphTeacherSource,
  type TeacherExtraction,
  type TeacherOutputSource,
} from './artifacts.ts';

// The teacher-output cache key: everything that changes what an entry holds changes its key.
const source: TeacherOutputSource = {
  tenant: 'acme',
  model: { digest: 'a'.repeat(64), format: 'tfjs-layers', output: 'logits', inputShape: [4], numClasses: 3 },
  dataset: { digest: 'b'.repeat(64), inputShape: [4] },
};

// One change per field of the source. Typed by the source's own fields: a field added to
// TeacherOutputSource does not compile here until it has a change of its own.
const modelChanges: { [K in keyof TeacherOutputSource['model']]: TeacherOutputSource['model'][K] } = {
  digest: 'c'.repeat(64),
  format: 'tfjs-graph',
  output: 'probabilities',
  inputShape: [2, 2],
  numClasses: 4,
};
const datasetChanges: { [K in keyof TeacherOutputSource['dataset']]: TeacherOutputSource['dataset'][K] } = {
  digest: 'd'.repeat(64),
  inputShape: [2, 2, 1],
};
const variants: [string, TeacherOutputSource][] = [
  ['tenant', { ...source, tenant: 'globex' }],
  ...Object.entries(modelChanges).map(([field, value]): [string, TeacherOutputSource] => [`model.${field}`, { ...source, model: { ...source.model, [field]: value } }]),
  ...Object.entries(datasetChanges).map(([field, value]): [string, TeacherOutputSource] => [`dataset.${field}`, { ...source, dataset: { ...source.dataset, [field]: value } }]),
];

const extractions: TeacherExtraction[] = [
  { kind: 'logits', split: 'train' },
  { kind: 'logits', split: 'test' },
  { kind: 'layer', layer: 'hidden' },
  { kind: 'layer', layer: 'conv1' },
  { kind: 'layer', layer: 'conv/1' },
  { kind: 'layer', layer: 'conv_1' },
  { kind: 'layer', layer: 'conv1', attentionP: 2 },
  { kind: 'layer', layer: 'conv1', attentionP: 1 },
];

describe('teacher-output cache keys', () => {
  it('change with every field of the source, for every extraction', () => {
    for (const extraction of extractions) {
      const base = teacherOutputKey(source, extraction);
      for (const [field, changed] of variants) {
        expect(teacherOutputKey(changed, extraction), `${field} for ${JSON.stringify(extraction)}`).not.toBe(base);
      }
    }
  });

  it('change with the extraction and with its extractor version', () => {
    const keys = extractions.map((extraction) => teacherOutputKey(source, extraction));
    expect(new Set(keys).size).toBe(extractions.length);
    for (const kind of ['logits', 'layer'] as const) {
      const bumped = { ...TEACHER_OUTPUT_VERSIONS, [kind]: TEACHER_OUTPUT_VERSIONS[kind] + 1 };
      for (const extraction of extractions) {
        const key = teacherOutputKey(source, extraction, bumped);
        if (extraction.kind === kind) expect(key, `${kind} version bump`).not.toBe(teacherOutputKey(source, extraction));
        else expect(key, `${kind} version bump leaves ${extraction.kind} alone`).toBe(teacherOutputKey(source, extraction));
      }
    }
  });

  it('are the same for the same source, whatever the order of its fields', () => {
    const reordered: TeacherOutputSource = {
      dataset: { inputShape: [4], digest: 'b'.repeat(64) },
      model: { numClasses: 3, inputShape: [4], output: 'logits', format: 'tfjs-layers', digest: 'a'.repeat(64) },
      tenant: 'acme',
    };
    for (const extraction of extractions) expect(teacherOutputKey(reordered, extraction)).toBe(teacherOutputKey(source, extraction));
    // Extra record fields (a whole Model record is passed in practice) do not count.
    const record = { ...source, model: { ...source.model, id: 'm_1', name: 'teacher', metadata: { note: 'x' } } };
    expect(artifactKeys.logits(record, 'train')).toBe(artifactKeys.logits(source, 'train'));
  });

  it('keep the tenant, the digests and what was extracted readable, under the prefixes the cache clears', () => {
    const logits = artifactKeys.logits(source, 'train');
    expect(logits).toMatch(new RegExp(`^logits/acme/${'a'.repeat(64)}/${'b'.repeat(64)}/[0-9a-f]{16}/train\\.npy$`));
    expect(describeCacheKey(logits)).toEqual({ key: logits, tenant: 'acme', model: 'a'.repeat(64), dataset: 'b'.repeat(64), what: 'logits:train' });
    const attention = artifactKeys.features(source, 'conv1', 2);
    expect(attention).toMatch(/^features\/acme\/a{64}\/b{64}\/[0-9a-f]{16}\/train-conv1\.attention-p2\.npy$/);
    expect(describeCacheKey(attention)).toMatchObject({ tenant: 'acme', what: 'attention-p2:conv1' });
    expect(describeCacheKey(artifactKeys.features(source, 'hidden', undefined))).toMatchObject({ what: 'features:hidden' });
    expect(artifactKeys.features(source, 'conv1', undefined)).toBe(teacherOutputKey(source, { kind: 'layer', layer: 'conv1' }));
  });

  it('read keys written before entries were per tenant without a tenant', () => {
    const old = `logits/${'a'.repeat(64)}/${'b'.repeat(64)}/test.npy`;
    expect(describeCacheKey(old)).toEqual({ key: old, model: 'a'.repeat(64), dataset: 'b'.repeat(64), what: 'logits:test' });
    expect(describeCacheKey(`features/${'a'.repeat(64)}/${'b'.repeat(64)}/train-hidden.features.npy`)).toMatchObject({ what: 'features:hidden' });
    // No key of the current form is one of the older form.
    expect(artifactKeys.logits(source, 'test').split('/')).toHaveLength(6);
  });
});

describe('graph teacher cache keys', () => {
  const graphTeacher: GraphTeacherSource = {
    tenant: 'acme',
    graph: 'e'.repeat(64),
    architecture: { kind: 'sage', hidden: [128], dropout: 0 },
    training: { epochs: 500, patience: 50, learningRate: 0.01, weightDecay: 5e-4, seed: 1 },
    observed: { setting: 'transductive' },
  };
  // One change per field, typed by the source's own fields as above.
  const architectureChanges: { [K in keyof GraphTeacherSource['architecture']]: GraphTeacherSource['architecture'][K] } = { kind: 'gcn', hidden: [64], dropout: 0.5 };
  const trainingChanges: { [K in keyof GraphTeacherSource['training']]: GraphTeacherSource['training'][K] } = { epochs: 200, patience: 10, learningRate: 0.005, weightDecay: 0, seed: 2 };
  const changed: [string, GraphTeacherSource][] = [
    ['tenant', { ...graphTeacher, tenant: 'globex' }],
    ['graph', { ...graphTeacher, graph: 'f'.repeat(64) }],
    ...Object.entries(architectureChanges).map(([field, value]): [string, GraphTeacherSource] => [`architecture.${field}`, { ...graphTeacher, architecture: { ...graphTeacher.architecture, [field]: value } }]),
    ...Object.entries(trainingChanges).map(([field, value]): [string, GraphTeacherSource] => [`training.${field}`, { ...graphTeacher, training: { ...graphTeacher.training, [field]: value } }]),
    ['inductive', { ...graphTeacher, observed: { setting: 'inductive', heldOut: 0.2, seed: 1 } }],
    ['inductive heldOut', { ...graphTeacher, observed: { setting: 'inductive', heldOut: 0.3, seed: 1 } }],
    ['inductive seed', { ...graphTeacher, observed: { setting: 'inductive', heldOut: 0.2, seed: 2 } }],
  ];

  it('change with everything that decides what training produces, and not with key order', () => {
    const base = artifactKeys.graphTeacher(graphTeacher, 'logits.npy');
    const keys = changed.map(([field, source]) => [field, artifactKeys.graphTeacher(source, 'logits.npy')] as const);
    for (const [field, key] of keys) expect(key, field).not.toBe(base);
    expect(new Set(keys.map(([, key]) => key)).size).toBe(keys.length);
    const reordered = { observed: graphTeacher.observed, training: { seed: 1, weightDecay: 5e-4, learningRate: 0.01, patience: 50, epochs: 500 }, architecture: { dropout: 0, hidden: [128], kind: 'sage' as const }, graph: graphTeacher.graph, tenant: 'acme' };
    expect(artifactKeys.graphTeacher(reordered, 'logits.npy')).toBe(base);
  });

  it('name the tenant, teacher and graph in the path, and say what they hold', () => {
    const key = artifactKeys.graphTeacher(graphTeacher, 'weights.bin');
    expect(key).toMatch(new RegExp(`^graph-teachers/acme/[0-9a-f]{64}/${'e'.repeat(64)}/[0-9a-f]{16}/weights\\.bin$`));
    const [, , teacher] = key.split('/');
    expect(describeCacheKey(key)).toEqual({ key, tenant: 'acme', model: teacher, dataset: 'e'.repeat(64), what: 'graph-teacher:weights' });
    expect(describeCacheKey(artifactKeys.graphTeacher(graphTeacher, 'teacher.json')).what).toBe('graph-teacher:teacher');
  });
});
