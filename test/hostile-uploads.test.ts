import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DataType, GraphBuilder, onnx } from '@distillery/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from './helpers/redis.ts';
import { layersModelFiles, type ModelFiles } from './fixtures/model-files.ts';
import { startServiceProcesses, type ProcessService } from './helpers/service.ts';

// Uploads built to hurt the API, against the API as a real process: each is
// refused with a clear error, and while it is being checked every other
// request is answered at once.
const KEY = 'hostile-key-' + 'x'.repeat(32);
const QUOTA_BYTES = 1024 * 1024;
let api: string;
let service: ProcessService;

beforeAll(async () => {
  await tf.setBackend('cpu');
  service = await startServiceProcesses({
    redisUrl: testRedisUrl(),
    env: { API_KEYS: `attacker:user:${KEY}`, QUOTA_STORED_BYTES: String(QUOTA_BYTES), MODEL_CHECK_TIMEOUT_MS: '3000' },
  });
  api = service.api;
});

afterAll(async () => {
  expect(await service.stop(), service.processes[0]!.output()).toEqual([0]);
});

function upload(files: ModelFiles, fields: Record<string, string> = {}, to = api): Promise<Response> {
  const form = new FormData();
  form.set('name', 'hostile');
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  for (const [name, bytes] of files) form.append('files', new Blob([bytes]), name);
  return fetch(`${to}/v1/models`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: form });
}

/**
 * The slowest /readyz answer allowed while an upload is checked. The stalls
 * guarded against last seconds (this file's slow model held the event loop
 * for 20 s when checks ran on it); with the whole suite running four files on
 * two cores, scheduling alone has delayed one answer by 290 ms.
 */
const MAX_STALL_MS = 500;

/** Runs `action` while polling /readyz every 50 ms; returns its result and the slowest /readyz answer. */
async function whilePolling<T>(action: () => Promise<T>, at = api): Promise<{ result: T; slowestMs: number; polls: number }> {
  let done = false;
  let slowestMs = 0;
  let polls = 0;
  const poller = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await fetch(`${at}/readyz`);
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      slowestMs = Math.max(slowestMs, performance.now() - started);
      polls++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    return { result: await action(), slowestMs, polls };
  } finally {
    done = true;
    await poller;
  }
}

/** The uploads the tenant's folder of the artifact store holds. */
function storedModels(): string[] {
  try {
    return readdirSync(path.join(service.dataDir, 'artifacts', 'models'));
  } catch {
    return [];
  }
}

async function problem(response: Response): Promise<{ code: string; detail: string }> {
  return (await response.json()) as { code: string; detail: string };
}

it('refuses a few hundred bytes of model.json over a huge input at once, from its shapes', async () => {
  const model = tf.sequential({ layers: [tf.layers.globalAveragePooling1d({ inputShape: [1_000_000_000, 1] }), tf.layers.dense({ units: 2 })] });
  const files = await layersModelFiles(model, 1);
  model.dispose();
  const { result: response, slowestMs } = await whilePolling(() => upload(files));
  expect(response.status).toBe(422);
  expect(await problem(response)).toMatchObject({ code: 'invalid_upload', detail: expect.stringMatching(/1000000000 values per sample, more than the \d+/) });
  expect(slowestMs).toBeLessThan(MAX_STALL_MS);
});

it('refuses a model whose layers would produce gigabytes for one sample, before running it', async () => {
  const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [2048, 2048, 1], filters: 64, kernelSize: 3, padding: 'same' }), tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: 2 })] });
  const files = await layersModelFiles(model, 1);
  model.dispose();
  const response = await upload(files);
  expect(response.status).toBe(422);
  expect((await problem(response)).detail).toMatch(/layers produce \d+ values for one sample/);
});

it('stops a check that runs past its time limit, while every other request is answered at once', async () => {
  // Thirty 3×3 convolutions over 192 × 192 × 16: within the shape limits, about 10 GFLOP for one sample.
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [192, 192, 16], filters: 16, kernelSize: 3, padding: 'same' }));
  for (let i = 0; i < 29; i++) model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same' }));
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(tf.layers.dense({ units: 2 }));
  const files = await layersModelFiles(model, 1);
  model.dispose();
  const started = Date.now();
  const { result: response, slowestMs, polls } = await whilePolling(() => upload(files));
  expect(response.status).toBe(422);
  expect((await problem(response)).detail).toMatch(/took more than 3 s, the limit for a check \(MODEL_CHECK_TIMEOUT_MS\)/);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(polls).toBeGreaterThan(10);
  expect(slowestMs).toBeLessThan(MAX_STALL_MS);
  expect(storedModels()).toEqual([]);
  // The check's process was replaced: the next upload is checked as usual.
  const small = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 })] });
  const ok = await upload(await layersModelFiles(small, 1));
  small.dispose();
  expect(ok.status, JSON.stringify(await ok.clone().json())).toBe(201);
  const id = ((await ok.json()) as { id: string }).id;
  await fetch(`${api}/v1/models/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${KEY}` } });
});

it('refuses a manifest that names one shard many times, without reading it again', async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 })] });
  const files = await layersModelFiles(model, 1);
  model.dispose();
  const json = JSON.parse(files.get('model.json')!.toString()) as tf.io.ModelJSON;
  const [group] = json.weightsManifest;
  json.weightsManifest = [{ ...group!, paths: Array.from({ length: 10_000 }, () => group!.paths[0]!) }];
  files.set('model.json', Buffer.from(JSON.stringify(json)));
  const response = await upload(files);
  expect(response.status).toBe(422);
  expect((await problem(response)).detail).toMatch(/names the file group1-shard1of1\.bin more than once/);
  expect(storedModels()).toEqual([]);
});

it('stops writing an upload the moment it passes the tenant quota, and answers 429', async () => {
  const before = storedModels();
  const files: ModelFiles = new Map([
    ['model.json', Buffer.from('{}')],
    ['group1-shard1of1.bin', Buffer.alloc(20 * QUOTA_BYTES)],
  ]);
  const response = await upload(files);
  expect(response.status).toBe(429);
  expect(await problem(response)).toMatchObject({ code: 'quota_exceeded', detail: expect.stringMatching(/larger than the \d+ bytes left of this tenant's quota/) });
  expect(storedModels()).toEqual(before);
});

describe('a check whose memory outgrows its limit', () => {
  // An API of its own, whose time limit is far away: only the memory limit can stop this check in time.
  let limited: ProcessService;
  // Its own temporary folder, to see what a killed check leaves there.
  const temporary = mkdtempSync(path.join(tmpdir(), 'hostile-tmp-'));
  /** Scratch folders of check processes that have ended (a live check process has its folder on its command line). */
  const leftovers = () => {
    const commandLines = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return ''; // ended meanwhile
      }
    });
    return readdirSync(temporary).filter((name) => name.startsWith('distillery-') && !commandLines.some((line) => line.includes(path.join(temporary, name))));
  };
  let largeGraph: Uint8Array;
  beforeAll(async () => {
    // 15 MB of packed integers in a (valid, unused) initializer: protobuf takes over a second to
    // decode them, time the API's event loop would otherwise spend on this tenant alone. Built
    // before any connection is open: the seconds it takes hold this process's event loop, and an
    // idle keep-alive connection the API closes meanwhile would be reused, stale, by the next fetch.
    const graph = new GraphBuilder();
    graph.name('x');
    const y = graph.node('Softmax', ['x'], 'y');
    const model = onnx.ModelProto.decode(graph.encode({ input: { name: 'x', dims: ['batch', 2] }, output: { name: y, dims: ['batch', 2] }, opset: 17, producer: 'hostile' }));
    const values = Array.from({ length: 3_000_000 }, (_, i) => i * 1000);
    model.graph!.initializer!.push({ name: 'padding', dims: [values.length], dataType: DataType.INT64, int64Data: values });
    largeGraph = onnx.ModelProto.encode(model).finish();
    limited = await startServiceProcesses({
      redisUrl: testRedisUrl(1),
      env: { API_KEYS: `attacker:user:${KEY}`, MODEL_CHECK_TIMEOUT_MS: '120000', MODEL_CHECK_MAX_MEMORY_MB: '768', TMPDIR: temporary },
    });
  });
  afterAll(async () => {
    expect(await limited.stop(), limited.processes[0]!.output()).toEqual([0]);
    rmSync(temporary, { recursive: true, force: true });
  });

  it('stops an ONNX check whose native memory passes the limit, while every other request is answered at once', async () => {
    // A few hundred bytes that ask ONNX Runtime for 16 GB of ones (ConstantOfShape), written outside the V8 heap.
    const graph = new GraphBuilder();
    graph.name('x');
    const ones = graph.node('ConstantOfShape', [graph.int64s('shape', [1, 4_000_000_000])], 'ones', { value: { tensor: new Float32Array([1]) } });
    const y = graph.node('Add', ['x', graph.node('ReduceSum', [ones], 'sum', { keepdims: 1 })], 'y');
    const bytes = graph.encode({ input: { name: 'x', dims: ['batch', 2] }, output: { name: y, dims: ['batch', 2] }, opset: 13, producer: 'hostile' });
    expect(bytes.byteLength).toBeLessThan(500);
    const started = Date.now();
    const { result: response, slowestMs } = await whilePolling(() => upload(new Map([['model.onnx', Buffer.from(bytes)]]), {}, limited.api), limited.api);
    expect(response.status).toBe(422);
    expect((await problem(response)).detail).toMatch(/took more than 768 MiB of memory, the limit for a check \(MODEL_CHECK_MAX_MEMORY_MB\)/);
    // Filling 16 GB takes ONNX Runtime about 40 s here; the limit stops it after the first few hundred MiB.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(slowestMs).toBeLessThan(MAX_STALL_MS);
    // The killed check's scratch folder (where a model being opened is written) went with it.
    await expect.poll(leftovers, { timeout: 5_000 }).toEqual([]);
  });

  it('decodes a large ONNX graph in the check process, while every other request is answered at once', async () => {
    const bytes = largeGraph;
    expect(bytes.byteLength).toBeGreaterThan(10_000_000);
    const { result: response, slowestMs } = await whilePolling(() => upload(new Map([['model.onnx', Buffer.from(bytes)]]), {}, limited.api), limited.api);
    expect(response.status, await response.clone().text()).toBe(201);
    expect(slowestMs).toBeLessThan(MAX_STALL_MS);
  });
});
