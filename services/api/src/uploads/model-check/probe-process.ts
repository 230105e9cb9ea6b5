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

/** The scratch folder the parent made for this process and removes when it ends (model-checker.ts). */
const scratch = process.argv[2];

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

async function probe(request: ProbeRequest) {
  if (request.kind === 'tfjs') return probeModel({ json: request.json, format: request.format, weights: asBuffer(request.weights) }, request.options);
  // ONNX Runtime's native library loads with the first ONNX upload, not with every check process.
  const { probeOnnxModel } = await import('@distillery/onnx/probe');
  return probeOnnxModel(request.files, { ...request.options, tempRoot: scratch });
}

process.on('message', (request: ProbeRequest) => {
  probe(request).then(
    (result) => reply({ ok: true, result }),
    (error: unknown) =>
      reply({
        ok: false,
        error:
          error instanceof DistilleryError
            ? { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
            : { code: 'invalid_upload', message: `${request.kind === 'onnx' ? 'ONNX Runtime' : 'TensorFlow.js'} could not run this model: ${(error as Error).message}` },
      }),
  );
});
// The parent dies or closes the channel: nothing more will come.
process.on('disconnect', () => process.exit(0));
// The plain JS backend: one forward pass needs no wasm set-up, and behaves the same everywhere.
tf.enableProdMode(); // no console advice about tfjs-node from the check's process
await tf.setBackend('cpu');
reply({ ok: true, ready: true });
