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
    status: Type.Union([Type.Literal('ready'), Type.Literal('retiring')], {
      description:
        "retiring: the worker's TensorFlow.js backend broke (a job overflowed its memory); it takes no more jobs, hands its others back to the queue and exits for a fresh process to replace it.",
    }),
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

/**
 * The exit status of a worker that retired because its TensorFlow.js backend
 * broke (EX_TEMPFAIL): `npm start` starts a fresh worker on it, as a
 * container's restart policy does.
 */
export const WORKER_RETIRED_EXIT_CODE = 75;
