import type { TSchema } from 'typebox';
import type { QueueName } from '../queues.ts';

/**
 * One BullMQ job name of a flow: the queue it runs on, the schemas of its data
 * and of its return value (workers check both), how many attempts a transient
 * failure gets, and which stage of the user's job it carries out.
 */
export interface CatalogEntry<Data extends TSchema = TSchema, Result extends TSchema = TSchema> {
  queue: QueueName;
  data: Data;
  result: Result;
  /** Attempts for transient failures; bad input fails with UnrecoverableError and is never retried. */
  attempts: number;
  /** The stage of the user's job a job with this data carries out (stages.ts). */
  stage(data: unknown): string;
  /** Whether its completion completes the user's job (it records the job's result). */
  topLevel: boolean;
}

/** Types an entry: data and result schemas stay attached to their name. */
export const entry = <Data extends TSchema, Result extends TSchema>(definition: CatalogEntry<Data, Result>) => definition;

/**
 * A BullMQ flow as plain data (BullMQ's FlowJob has the same shape): what a
 * flow module builds and the API hands to FlowProducer.add.
 */
export interface FlowNode {
  name: string;
  queueName: QueueName;
  data: unknown;
  opts: FlowJobOptions;
  children?: FlowNode[];
}

export interface FlowJobOptions {
  jobId: string;
  attempts: number;
  backoff: { type: 'exponential'; delay: number };
  removeOnComplete: { age: number; count: number };
  removeOnFail: { age: number; count: number };
  /** A child whose failure fails its parent, so a broken teacher fails the job instead of leaving it waiting. */
  failParentOnFailure?: boolean;
}

/** Finished BullMQ jobs are pruned; the job records in the registry keep what users see. */
export const RETENTION = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
} as const;

/** The options of one BullMQ job of a flow: its id, the entry's attempts with exponential backoff, and retention. */
export function jobOptions(jobId: string, catalogEntry: Pick<CatalogEntry, 'attempts'>, child = false): FlowJobOptions {
  return {
    jobId,
    attempts: catalogEntry.attempts,
    backoff: { type: 'exponential', delay: 2000 },
    ...RETENTION,
    ...(child ? { failParentOnFailure: true } : {}),
  };
}
