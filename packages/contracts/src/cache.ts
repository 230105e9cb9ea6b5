import { Type, type Static } from 'typebox';
import { Id, TenantId } from './common.ts';

/**
 * The teacher-output cache: teachers' raw logits and precomputed layer
 * outputs, keyed by everything that changes them (teacher digest and the
 * record fields inference reads, dataset digest, what was extracted, the
 * extractor's version; artifactKeys.logits) and by tenant: one tenant's jobs
 * never read, nor learn of, another's entries. Its size is bounded by
 * CACHE_MAX_BYTES; least recently used entries are evicted first, never one
 * an unfinished job has read.
 */
export const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 ** 3;

export const CacheEntry = Type.Object(
  {
    id: Type.With(Id, { description: 'The entry id (`ce_…`), derived from its key.' }),
    key: Type.String({
      description:
        'Its artifact key: logits/<tenant>/<teacher digest>/<dataset digest>/<variant>/<split>.npy, features/<tenant>/<teacher digest>/<dataset digest>/<variant>/train-<layer>.<what>.npy, ' +
        'or for a graph teacher trained in a job graph-teachers/<tenant>/<teacher digest>/<graph digest>/<variant>/<logits.npy | weights.bin | teacher.json>; ' +
        "<variant> hashes the rest of what the entry depends on (the teacher's format, declared output, input shape and classes, the data's layout, the extraction, the extractor's version).",
    }),
    tenant: Type.Optional(
      Type.With(TenantId, {
        description: 'The tenant whose jobs wrote it and alone read it. Absent on an entry written before entries were per tenant: no job reads it again, and eviction takes it first.',
      }),
    ),
    model: Type.String({ description: "The teacher's content digest (sha256 of its files); for a graph teacher trained in a job, of its architecture, training and setting." }),
    dataset: Type.String({ description: "The dataset's digest (the graph's, for a graph teacher)." }),
    what: Type.String({ description: 'What was extracted: logits:train, logits:test, features:<layer>, attention-p<p>:<layer>, or a trained graph teacher: graph-teacher:logits, graph-teacher:weights, graph-teacher:teacher.' }),
    bytes: Type.Integer({ minimum: 0 }),
    createdAt: Type.String({ description: 'When a job last wrote it.' }),
    lastUsedAt: Type.String({ description: 'When a job last wrote or read it; eviction goes by this, oldest first.' }),
    hits: Type.Integer({ minimum: 0, description: 'Jobs that found it here instead of running the teacher, since it was written.' }),
    inUse: Type.Boolean({ description: 'An unfinished job has read it: it is neither evicted nor deleted until that job finishes.' }),
    readers: Type.Array(Id, { description: 'The unfinished jobs and sweeps that read it.' }),
  },
  { $id: 'CacheEntry' },
);
export type CacheEntry = Static<typeof CacheEntry>;

export const CacheListing = Type.Object(
  {
    items: Type.Array(CacheEntry, { description: 'Least recently used first: the order eviction takes them in.' }),
    count: Type.Integer(),
    totalBytes: Type.Integer(),
    maxBytes: Type.Integer({ description: "This API's CACHE_MAX_BYTES; workers evict down to theirs after each write (set both the same)." }),
  },
  { $id: 'CacheListing' },
);
export type CacheListing = Static<typeof CacheListing>;

export const CacheDeletion = Type.Object(
  {
    deleted: Type.Integer({ description: 'Entries removed.' }),
    freedBytes: Type.Integer(),
    kept: Type.Array(
      Type.Object({ id: Id, key: Type.String(), readers: Type.Array(Id) }),
      { description: 'Entries left in place because unfinished jobs read them.' },
    ),
  },
  { $id: 'CacheDeletion' },
);
export type CacheDeletion = Static<typeof CacheDeletion>;
