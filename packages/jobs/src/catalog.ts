import type { Static } from 'typebox';
import { distillGraphFlow } from './flows/distill-graph/flow.ts';
import { distillPrivateFlow } from './flows/distill-private/flow.ts';
import { distillPolicyFlow } from './flows/distill-policy/flow.ts';
import { distillFlow } from './flows/distill/flow.ts';
import type { CatalogEntry } from './flows/flow.ts';
import { sweepFlow } from './flows/sweep/flow.ts';
import { trainPolicyFlow } from './flows/train-policy/flow.ts';
import { trainFlow } from './flows/train/flow.ts';

/**
 * The job catalog: every BullMQ job name of every flow, with its queue, the
 * schemas of its data and its return value, its attempts and its stage. One
 * line per flow; workers check data on dequeue and results on completion
 * against these schemas, and a processor exists for every name (the type
 * checker enforces it).
 */
export const JobCatalog = {
  ...trainFlow.subjobs,
  ...distillFlow.subjobs,
  ...sweepFlow.subjobs,
  ...trainPolicyFlow.subjobs,
  ...distillPolicyFlow.subjobs,
  ...distillGraphFlow.subjobs,
  ...distillPrivateFlow.subjobs,
} as const satisfies Record<string, CatalogEntry>;

export type JobName = keyof typeof JobCatalog;
export type JobResultOf<N extends JobName> = Static<(typeof JobCatalog)[N]['result']>;
