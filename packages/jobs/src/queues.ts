/** The queues workers serve. Payloads hold references to artifacts (store keys), never tensors. */
export const QueueNames = { teacher: 'teacher', aggregate: 'aggregate', train: 'train' } as const;
export type QueueName = (typeof QueueNames)[keyof typeof QueueNames];
