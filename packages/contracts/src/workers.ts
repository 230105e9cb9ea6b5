import { Type, type Static } from 'typebox';

export const WorkerInfo = Type.Object(
  {
    id: Type.String(),
    hostname: Type.String(),
    pid: Type.Integer(),
    queues: Type.Array(Type.String()),
    backend: Type.String({ description: 'TensorFlow.js backend: tensorflow, wasm or cpu.' }),
    device: Type.String(),
    currentJobs: Type.Array(Type.String()),
    memory: Type.Object({
      rssBytes: Type.Integer({ description: 'Resident set size of the worker process.' }),
      tensors: Type.Integer({ description: 'Live TensorFlow.js tensors: flat between jobs unless something leaks.' }),
      tensorBytes: Type.Integer(),
    }),
    startedAt: Type.String(),
    seenAt: Type.String(),
  },
  { $id: 'Worker' },
);
export type WorkerInfo = Static<typeof WorkerInfo>;
