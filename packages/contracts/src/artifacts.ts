import { createHash } from 'node:crypto';
import { Type } from 'typebox';

/** A key in the artifact store. */
export const ArtifactKey = Type.String({ minLength: 1, maxLength: 512 });

/**
 * Where everything lives in the artifact store: the one place the API and the
 * workers take keys from.
 *
 *   models/<id>/...                 a model's files (model.json, weight shards)
 *   datasets/<id>/...               an uploaded dataset's canonical NPY files
 *   logits/<teacher>/<data>/<split>.npy             cached teacher logits (content-addressed by digests)
 *   features/<teacher>/<data>/train-<layer>.<what>.npy  cached teacher layer outputs
 *   jobs/<job>/...                  a job's intermediate results (aggregated targets), removed when it ends
 *   checkpoints/<job>/...           a job's training checkpoints (and a sweep's trial students), removed when it ends
 */
export const artifactKeys = {
  model: (modelId: string) => `models/${modelId}`,
  modelFile: (modelId: string, file: string) => `models/${modelId}/${file}`,
  dataset: (datasetId: string) => `datasets/${datasetId}`,
  /**
   * Teachers' raw logits, under a content address: the teacher's digest, the
   * dataset's digest and the split. Logits, not probabilities, so any
   * temperature can reuse them; content-addressed, so a second job with the
   * same teacher and data runs no inference.
   */
  logits: (modelDigest: string, datasetDigest: string, split: 'train' | 'test') => `logits/${modelDigest}/${datasetDigest}/${split}.npy`,
  /**
   * A teacher's precomputed layer output (or its attention energies) over a
   * dataset's training split, content-addressed like its logits: a later job
   * with the same teacher, data and layer reuses it.
   */
  features: (modelDigest: string, datasetDigest: string, layer: string, attentionP: number | undefined) =>
    `features/${modelDigest}/${datasetDigest}/train-${keySegment(layer)}.${attentionP === undefined ? 'features' : `attention-p${attentionP}`}.npy`,
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

/** What a teacher-output cache key holds, read from the key itself. */
export function describeCacheKey(key: string): { key: string; model: string; dataset: string; what: string } {
  const [kind, model = '', dataset = '', file = ''] = key.split('/');
  const name = file.replace(/\.npy$/, '');
  if (kind === 'logits') return { key, model, dataset, what: `logits:${name}` };
  const dot = name.lastIndexOf('.');
  if (kind === 'features' && dot > 0) return { key, model, dataset, what: `${name.slice(dot + 1)}:${name.slice(0, dot).replace(/^train-/, '')}` };
  return { key, model, dataset, what: kind ?? key };
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
