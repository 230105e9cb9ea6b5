import { createHash } from 'node:crypto';

/**
 * Where a teacher's precomputed layer outputs live: content-addressed like its
 * logits (teacher digest, dataset digest, what was extracted), one NPY per
 * layer and dataset, rows in the order of the dataset's training split. A
 * later job with the same teacher, data and layer reuses them; with a transfer
 * set, the labelled dataset's file and the transfer set's are read one after
 * the other, as the student's rows are.
 */
export function featuresKey(modelDigest: string, datasetDigest: string, layer: string, attentionP: number | undefined): string {
  const what = attentionP === undefined ? 'features' : `attention-p${attentionP}`;
  return `features/${modelDigest}/${datasetDigest}/train-${keySegment(layer)}.${what}.npy`;
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
