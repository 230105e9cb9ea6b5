import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import type { Dataset } from './datasets.ts';
import type { GraphNetworkArchitecture, ResolvedGraphTraining } from './graphs.ts';
import type { Model } from './models.ts';

/** A key in the artifact store. */
export const ArtifactKey = Type.String({ minLength: 1, maxLength: 512 });

/**
 * Where everything lives in the artifact store: the one place the API and the
 * workers take keys from.
 *
 *   models/<id>/...                 a model's files (model.json, weight shards)
 *   datasets/<id>/...               an uploaded dataset's canonical NPY files
 *   logits/<tenant>/<teacher>/<data>/<variant>/<split>.npy                   cached teacher logits
 *   features/<tenant>/<teacher>/<data>/<variant>/train-<layer>.<what>.npy    cached teacher layer outputs
 *   jobs/<job>/...                  a job's intermediate results (aggregated targets), removed when it ends
 *   checkpoints/<job>/...           a job's training checkpoints (and a sweep's trial students), removed when it ends
 */
export const artifactKeys = {
  model: (modelId: string) => `models/${modelId}`,
  modelFile: (modelId: string, file: string) => `models/${modelId}/${file}`,
  dataset: (datasetId: string) => `datasets/${datasetId}`,
  /**
   * A tenant's cached raw logits of a teacher over one split of a dataset
   * (see teacherOutputKey). Logits, not probabilities, so any temperature
   * can reuse them; keyed by everything that changes them, so a later job of
   * the same tenant with the same teacher and data runs no inference.
   */
  logits: (source: TeacherOutputSource, split: 'train' | 'test') => teacherOutputKey(source, { kind: 'logits', split }),
  /**
   * A tenant's cached layer output of a teacher (or its attention energies,
   * with `attentionP`) over a dataset's training split, keyed like its logits.
   */
  features: (source: TeacherOutputSource, layer: string, attentionP: number | undefined) =>
    teacherOutputKey(source, { kind: 'layer', layer, ...(attentionP === undefined ? {} : { attentionP }) }),
  /** A graph teacher trained in a job, kept in the teacher-output cache (see graphTeacherKey). */
  graphTeacher: (source: GraphTeacherSource, file: GraphTeacherFile) => graphTeacherKey(source, file),
  /** Everything a job keeps while it runs; removed when it ends. */
  jobScratch: (jobId: string) => `jobs/${jobId}`,
  /** Aggregated teacher probabilities on the transfer set, at the method's temperature. */
  softTargets: (jobId: string) => `jobs/${jobId}/soft-targets.npy`,
  /** Aggregated teacher probabilities on the test split, at temperature 1 (for agreement). */
  testTargets: (jobId: string) => `jobs/${jobId}/test-targets.npy`,
  checkpoints: (jobId: string) => `checkpoints/${jobId}`,
  checkpoint: (jobId: string, run: string) => `checkpoints/${jobId}/${run}.ckpt`,
  /** A sweep's aggregated targets for one target spec (temperature, standardization). */
  sweepTargets: (sweepId: string, index: number) => `checkpoints/${sweepId}/sweep/soft-targets-${index}.npy`,
  /** A sweep trial's student, kept until the sweep ranks its trials. */
  trialModel: (sweepId: string, index: number) => `checkpoints/${sweepId}/sweep/trial-${index}`,
} as const;

/**
 * Bumped when teacher inference (`logits`) or layer extraction (`layer`)
 * changes what it stores for the same model and data: a different clipping
 * of probabilities, another attention reduction. Every entry written before
 * then stops matching, and the next job computes it afresh.
 */
export const TEACHER_OUTPUT_VERSIONS = { logits: 1, layer: 1 } as const;

/**
 * Everything a cached teacher output depends on besides the extraction. The
 * model's digest stands for its files; the other model fields are what the
 * teacher runtime and inference read from the record (an upload may declare
 * `output` and `inputShape` for the same bytes), so two records of the same
 * bytes that differ there get different entries. A field that inference
 * starts to read belongs here (artifacts.test.ts lists them all).
 */
export interface TeacherOutputSource {
  /** Whose job reads and writes it: entries are never shared between tenants. */
  tenant: string;
  model: Pick<Model, 'digest' | 'format' | 'output' | 'inputShape' | 'numClasses' | 'onnx'>;
  /** The digest covers the data, its layout and a built-in's options (the dataset's preprocessing). */
  dataset: Pick<Dataset, 'digest' | 'inputShape'>;
}

/** What is extracted: logits over a split, or one layer's output (its attention energies with `attentionP`) over the training split. */
export type TeacherExtraction = { kind: 'logits'; split: 'train' | 'test' } | { kind: 'layer'; layer: string; attentionP?: number };

/**
 * The artifact key of a cached teacher output:
 *
 *   logits/<tenant>/<model digest>/<dataset digest>/<variant>/<split>.npy
 *   features/<tenant>/<model digest>/<dataset digest>/<variant>/train-<layer>.<features | attention-p<p>>.npy
 *
 * `variant` is a hash of all of it (the source, the extraction and the
 * extractor's version); the path repeats the parts an operator reads, and
 * the file name says what was extracted. The tenant comes first: one
 * tenant's job never finds, and is never told `cached` about, what another
 * tenant's computed, even from the same bytes and data.
 */
export function teacherOutputKey(source: TeacherOutputSource, extraction: TeacherExtraction, versions: Record<TeacherExtraction['kind'], number> = TEACHER_OUTPUT_VERSIONS): string {
  const { tenant, model, dataset } = source;
  // Positional, so the same source always hashes to the same variant whatever the objects' key order.
  const what = extraction.kind === 'logits' ? [extraction.split] : [extraction.layer, extraction.attentionP ?? null];
  // An ONNX model's layout changes what the same bytes compute on the same data (only ONNX records carry it, so other keys stay as they were).
  const identity = [
    extraction.kind,
    versions[extraction.kind],
    ...what,
    tenant,
    model.digest,
    model.format,
    model.output,
    model.inputShape,
    model.numClasses,
    dataset.digest,
    dataset.inputShape,
    ...(model.onnx ? [model.onnx.layout ?? 'none'] : []),
    // An NCHW model's rank-3 output is transposed unless it was uploaded as attention (older keys stay as they were).
    ...(extraction.kind !== 'logits' && model.onnx?.attentionOutputs?.includes(extraction.layer) ? ['attention-as-is'] : []),
  ];
  const variant = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
  const prefix = `${keySegment(tenant)}/${model.digest}/${dataset.digest}/${variant}`;
  if (extraction.kind === 'logits') return `logits/${prefix}/${extraction.split}.npy`;
  const stored = extraction.attentionP === undefined ? 'features' : `attention-p${extraction.attentionP}`;
  return `features/${prefix}/train-${keySegment(extraction.layer)}.${stored}.npy`;
}

/**
 * Everything a graph teacher trained in a job is a function of: the graph's
 * content, the network and its training (seeded, so equal inputs train the
 * same teacher), and the nodes it saw. A later job of the tenant that asks
 * for the same teacher on the same graph finds it instead of training it.
 */
export interface GraphTeacherSource {
  tenant: string;
  /** sha256 of the graph: an uploaded graph's dataset digest, or of a built-in's data or generator options. */
  graph: string;
  /** With its defaults filled in. */
  architecture: Required<GraphNetworkArchitecture>;
  training: ResolvedGraphTraining;
  /** Which nodes it trained on: all of them, or all but the share of test nodes held out by the seed. */
  observed: { setting: 'transductive' } | { setting: 'inductive'; heldOut: number; seed: number };
}

/** A trained graph teacher is stored as its logits (NPY), its weights (tfjs weight bytes) and a JSON record of how to read them and how it scored. */
export type GraphTeacherFile = 'logits.npy' | 'weights.bin' | 'teacher.json';

/** Bumped when training or storing a graph teacher changes what a stored one means. */
export const GRAPH_TEACHER_VERSION = 1;

/**
 *   graph-teachers/<tenant>/<teacher digest>/<graph digest>/<variant>/<file>
 *
 * The teacher digest hashes the network, its training and the nodes it saw;
 * `variant` adds the tenant, the graph and the format's version.
 */
function graphTeacherKey(source: GraphTeacherSource, file: GraphTeacherFile): string {
  const { architecture: a, training: t, observed: o } = source;
  // Positional, as teacherOutputKey's identity: key order in the objects changes nothing.
  const teacher = [a.kind, a.hidden, a.dropout, t.epochs, t.patience, t.learningRate, t.weightDecay, t.seed, o.setting, ...(o.setting === 'inductive' ? [o.heldOut, o.seed] : [])];
  const teacherDigest = createHash('sha256').update(JSON.stringify(teacher)).digest('hex');
  const variant = createHash('sha256').update(JSON.stringify([GRAPH_TEACHER_VERSION, source.tenant, teacherDigest, source.graph])).digest('hex').slice(0, 16);
  return `graph-teachers/${keySegment(source.tenant)}/${teacherDigest}/${source.graph}/${variant}/${file}`;
}

/** What a teacher-output cache key holds, read from the key itself (no tenant in a key written before entries were per tenant). */
export function describeCacheKey(key: string): { key: string; tenant?: string; model: string; dataset: string; what: string } {
  const [kind, ...rest] = key.split('/');
  // <kind>/<tenant>/<model>/<dataset>/<variant>/<file>, or the older <kind>/<model>/<dataset>/<file>.
  const [tenant, model = '', dataset = '', file = ''] = rest.length === 5 ? [rest[0], rest[1], rest[2], rest[4]] : [undefined, rest[0], rest[1], rest[2]];
  const owner = tenant === undefined ? {} : { tenant };
  const name = file.replace(/\.npy$/, '');
  if (kind === 'logits') return { key, ...owner, model, dataset, what: `logits:${name}` };
  if (kind === 'graph-teachers') return { key, ...owner, model, dataset, what: `graph-teacher:${file.replace(/\.[a-z]+$/, '')}` };
  const dot = name.lastIndexOf('.');
  if (kind === 'features' && dot > 0) return { key, ...owner, model, dataset, what: `${name.slice(dot + 1)}:${name.slice(0, dot).replace(/^train-/, '')}` };
  return { key, ...owner, model, dataset, what: kind ?? key };
}

/**
 * Layer names of uploaded models may hold characters a store key cannot
 * (`/`, spaces): those are replaced, and a short hash of the real name keeps
 * two names that differ only there apart.
 */
function keySegment(layer: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(layer)) return layer;
  const readable = layer.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
  return `${readable}-${createHash('sha256').update(layer).digest('hex').slice(0, 12)}`;
}
