/**
 * The child process in which an uploaded model is loaded and run once (see
 * model-checker.ts): whatever the model costs, it costs here, not on the
 * API's event loop. Requests come over the IPC channel one at a time.
 */
import * as tf from '@tensorflow/tfjs';
import { DistilleryError } from '@distillery/contracts';
// Only the probe: the whole storage package (the S3 SDK with it) would double the start-up time.
import { probeModel } from '@distillery/storage/model-probe';
import type { ProbeReply, ProbeRequest } from './model-checker.ts';

const reply = (message: ProbeReply) => process.send!(message);

process.on('message', (request: ProbeRequest) => {
  probeModel({ json: request.json, format: request.format, weights: Buffer.from(request.weights.buffer, request.weights.byteOffset, request.weights.byteLength) }, request.options).then(
    (result) => reply({ ok: true, result }),
    (error: unknown) =>
      reply({
        ok: false,
        error:
          error instanceof DistilleryError
            ? { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
            : { code: 'invalid_upload', message: `TensorFlow.js could not run this model: ${(error as Error).message}` },
      }),
  );
});
// The parent dies or closes the channel: nothing more will come.
process.on('disconnect', () => process.exit(0));
// The plain JS backend: one forward pass needs no wasm set-up, and behaves the same everywhere.
tf.enableProdMode(); // no console advice about tfjs-node from the check's process
await tf.setBackend('cpu');
reply({ ok: true, ready: true });
