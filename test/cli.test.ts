import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, waitFor, type Stack } from './helpers/stack.ts';

const CLI_KEY = 'cli-test-key-' + 'k'.repeat(32);

// The `distill` CLI as users run it: the workspace bin in a child process of
// its own, against the API and a worker listening on a real port.
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'packages/client/src/cli/bin.js');

let stack: Stack;
let base: string;
let dir: string;
let dataset: string;
let teacher: string;
let trainJob: string;
let distillJob: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Running {
  stdout(): string;
  done: Promise<Run>;
}

function start(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: dir,
    env: { ...process.env, DISTILL_API: base, DISTILL_API_KEY: CLI_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { stdout: () => stdout, done };
}

/** Runs `distill <args>` to its end (asynchronously: the API it calls runs in this process). */
const distill = (...args: string[]) => start(args).done;

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'distill-cli-'));
  // Keys on: every command below goes through DISTILL_API_KEY.
  stack = await startStack({
    workers: 1,
    access: { auth: 'keys', keys: [{ tenant: 'cli', role: 'admin', key: CLI_KEY }], limits: { requestsPerMinute: 100_000, concurrentJobs: 100, storedBytes: 1e12 } },
  });
  base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('datasets', () => {
  it('registers a built-in dataset and lists it', async () => {
    const added = await distill('datasets', 'add', '--name', 'tiny-blobs', '--builtin', 'blobs', '--options', '{"trainSize":200,"testSize":50,"features":4}', '--json');
    expect(added.code, added.stderr).toBe(0);
    const record = JSON.parse(added.stdout);
    expect(record).toMatchObject({ name: 'tiny-blobs', numClasses: 3, inputShape: [4], splits: { train: 200, test: 50 } });
    dataset = record.id;

    const listed = await distill('datasets', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${dataset}\\s+tiny-blobs\\s+blobs\\s+\\[4\\]\\s+3\\s+200\\s+50\\s+yes`));
  });
});

describe('jobs', () => {
  it('submits a train job and follows it: plain epoch lines when not a terminal, then the result table', async () => {
    const file = writeJson('train.json', {
      type: 'train',
      dataset,
      model: { architecture: { kind: 'mlp', hidden: [8] } },
      training: { epochs: 2, batchSize: 32 },
    });
    const run = await distill('jobs', 'submit', file, '--follow');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    trainJob = /^job (j_\S+) submitted$/.exec(lines[0]!)![1]!;
    const epoch1 = lines.findIndex((line) => /^train epoch 1\/2 · loss \d+\.\d{4} · accuracy \d+\.\d{2}%$/.test(line));
    const epoch2 = lines.findIndex((line) => /^train epoch 2\/2 · loss /.test(line));
    const succeeded = lines.indexOf(`job ${trainJob} succeeded`);
    expect(epoch1).toBeGreaterThan(0);
    expect(epoch2).toBeGreaterThan(epoch1);
    expect(succeeded).toBeGreaterThan(epoch2);
    expect(lines.slice(succeeded + 1).join('\n')).toMatch(/model\s+test accuracy\s+train loss\n(m_\S+)\s+\d+\.\d{2}%\s+\d+\.\d{4}\n\nmodel m_\S+ · \d+\.\d s on wasm/);
    teacher = /\n(m_\S+)\s+\d+\.\d{2}%/.exec(run.stdout)![1]!;
    expect(run.stdout).not.toMatch(/\x1b\[/); // no terminal control codes in a pipe
  });

  it('follows a distill job with --json: only the final job, machine-readable', async () => {
    const file = writeJson('distill.json', {
      type: 'distill',
      dataset,
      teachers: [{ model: teacher }],
      student: { architecture: { kind: 'mlp', hidden: [4] } },
      training: { epochs: 2, batchSize: 32 },
      baseline: true,
    });
    const run = await distill('jobs', 'submit', file, '--follow', '--json');
    expect(run.code, run.stderr).toBe(0);
    const job = JSON.parse(run.stdout);
    distillJob = job.id;
    expect(job).toMatchObject({
      type: 'distill',
      status: 'succeeded',
      stages: [{ name: 'teacher:0', status: 'succeeded' }, { name: 'aggregate', status: 'succeeded' }, { name: 'train', status: 'succeeded' }],
      result: {
        model: expect.stringMatching(/^m_/),
        metrics: {
          teachers: [{ model: teacher, testAccuracy: expect.any(Number) }],
          student: { testAccuracy: expect.any(Number) },
          baseline: { testAccuracy: expect.any(Number) },
          compression: { parameterRatio: expect.any(Number) },
        },
      },
    });
  });

  it('gets a job as a report with its teachers, student, baseline and compression', async () => {
    const run = await distill('jobs', 'get', distillJob);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`job ${distillJob} (distill): succeeded`);
    expect(run.stdout).toMatch(/stage\s+status\s+cached\nteacher:0\s+succeeded/);
    expect(run.stdout).toMatch(new RegExp(`teacher:0\\s+${teacher}\\s+\\d+\\.\\d{2}%\\s+[\\d,]+\\s+[\\d.]+ K?i?B\\s+[\\d.]+ ms`));
    expect(run.stdout).toMatch(/student\s+m_\S+\s+\d+\.\d{2}%\s+[\d,]+/);
    expect(run.stdout).toMatch(/baseline\s+\d+\.\d{2}%/);
    expect(run.stdout).toMatch(/distillation gain over the baseline: [+-]\d+\.\d{2} points/);
    expect(run.stdout).toMatch(/compression \(teachers together \/ student\): [\d.]+× parameters/);
  });

  it('lists jobs, filters them by status, and prints their events one JSON object per line', async () => {
    const [all, succeeded, events] = await Promise.all([
      distill('jobs', 'list', '--json'),
      distill('jobs', 'list', '--status', 'succeeded'),
      distill('jobs', 'events', trainJob, '--json'),
    ]);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout).items.map((job: { id: string }) => job.id)).toEqual([distillJob, trainJob]);
    expect(succeeded.stdout).toMatch(new RegExp(`${distillJob}\\s+distill\\s+succeeded`));
    expect(events.code, events.stderr).toBe(0);
    const lines = events.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ type: 'status', data: { status: 'queued' } });
    expect(lines.filter((e) => e.type === 'progress' && e.data.epoch).map((e) => e.data.epoch)).toEqual([1, 2]);
    expect(lines.at(-1)).toMatchObject({ type: 'result', data: { status: 'succeeded', result: { model: teacher } } });
  });

  it('cancels a running job: the follower exits 1 with the job error, a second cancel is refused', async () => {
    const file = writeJson('long.json', {
      type: 'train',
      dataset,
      model: { architecture: { kind: 'mlp', hidden: [8] } },
      training: { epochs: 1000, batchSize: 1 },
    });
    const follower = start(['jobs', 'submit', file, '--follow']);
    const id = await waitFor('the follower to see the job run', async () => /stage train running/.test(follower.stdout()) ? /^job (j_\S+) submitted/.exec(follower.stdout())?.[1] : undefined);
    const cancelled = await distill('jobs', 'cancel', id);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toBe(`job ${id} cancelled\n`);
    const followed = await follower.done;
    expect(followed.code).toBe(1);
    expect(followed.stderr).toBe(`distill: job ${id} cancelled: error job_cancelled: the job was cancelled by request\n`);

    const again = await distill('jobs', 'cancel', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error job_not_cancellable: job \S+ already cancelled/);
  });

  it("prints the server's error code for a bad job file and exits 1; a file that is not JSON is a usage error", async () => {
    const unknown = await distill('jobs', 'submit', writeJson('unknown.json', { type: 'train', dataset: 'ds_nope', model: { architecture: { kind: 'mlp', hidden: [4] } } }));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error unknown_dataset: .*ds_nope.* \(field \/dataset\)\n$/);
    const invalid = await distill('jobs', 'submit', writeJson('invalid.json', { type: 'train', dataset, model: { architecture: { kind: 'mlp', hidden: [4] } }, training: { epochs: 0 } }));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^error invalid_request: .*epochs/);
    writeFileSync(path.join(dir, 'broken.json'), '{"type":');
    const broken = await distill('jobs', 'submit', 'broken.json');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^distill: job file broken.json is not JSON/);
  });

  it("prints a submission's warnings on stderr, and keeps stdout to the job line", async () => {
    // The teacher (mlp [8] on 4 features) has 67 parameters; this student, mlp [64], has 515.
    const file = writeJson('large-student.json', {
      type: 'distill',
      dataset,
      teachers: [{ model: teacher }],
      student: { architecture: { kind: 'mlp', hidden: [64] } },
      training: { epochs: 1, batchSize: 32 },
    });
    const run = await distill('jobs', 'submit', file);
    expect(run.code, run.stderr).toBe(0);
    const id = /^job (j_\S+) queued\n$/.exec(run.stdout)?.[1];
    expect(id, run.stdout).toBeDefined();
    expect(run.stderr).toBe(
      `warning student_not_smaller: the student has 515 parameters, 7.69x as many as its teacher ${teacher} (67): it is no compression of it; use fewer or narrower layers for a student smaller than its teachers\n`,
    );
    const headers = { authorization: `Bearer ${CLI_KEY}` };
    await waitFor(`job ${id} to finish`, async () => {
      const { status } = (await stack.api.inject({ url: `/v1/jobs/${id}`, headers })).json() as { status: string };
      return ['succeeded', 'failed', 'cancelled'].includes(status) ? status : undefined;
    }, 60_000);
  });
});

describe('sweeps', () => {
  let sweep: string;

  it('submits a 2-trial grid and follows it with --json: the final sweep, ranked, with its best model', async () => {
    const file = writeJson('sweep.json', {
      base: {
        type: 'distill',
        dataset,
        teachers: [{ model: teacher }],
        student: { architecture: { kind: 'mlp', hidden: [4] } },
        training: { epochs: 2, batchSize: 32, seed: 3 },
      },
      grid: { temperature: [1, 4] },
    });
    const run = await distill('sweeps', 'submit', file, '--follow', '--json');
    expect(run.code, run.stderr).toBe(0);
    const record = JSON.parse(run.stdout);
    sweep = record.id;
    expect(record).toMatchObject({ id: expect.stringMatching(/^sw_/), status: 'succeeded', result: { model: expect.stringMatching(/^m_/) } });
    expect(record.trials).toHaveLength(2);
    expect(record.result.table.map((trial: { rank: number }) => trial.rank)).toEqual([1, 2]);
    expect(record.result.best).toEqual(record.result.table[0]);
    expect(record.result.table.map((trial: { params: { temperature: number } }) => trial.params.temperature).sort()).toEqual([1, 4]);
  });

  it('gets a sweep as its ranked table, follows a finished one as plain lines, lists sweeps, refuses a second cancel', async () => {
    const [got, followed, listed, cancelled, help] = await Promise.all([
      distill('sweeps', 'get', sweep),
      distill('sweeps', 'get', sweep, '--follow'),
      distill('sweeps', 'list', '--status', 'succeeded'),
      distill('sweeps', 'cancel', sweep),
      distill('sweeps', 'submit', '--help'),
    ]);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toContain(`sweep ${sweep}: succeeded (2 trials)`);
    expect(got.stdout).toMatch(/rank\s+trial\s+temperature\s+validation\s+test\s+status\s+model \/ error\n\s*1\s+[01]\s+[14]\s+\d+\.\d{2}%\s+\d+\.\d{2}%\s+succeeded\s+m_\S+\n\s*2\s+[01]\s+[14]\s+\d+\.\d{2}%\s+\d+\.\d{2}%\s+succeeded/);
    expect(got.stdout).toMatch(/\n\nbest model m_\S+ \(trial [01]: temperature [14]\) · validation \d+\.\d{2}%, test \d+\.\d{2}%\n/);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toMatch(/^trial 0 succeeded \(temperature 1\) · validation \d+\.\d{2}% · test \d+\.\d{2}%.*\ntrial 1 succeeded \(temperature 4\)/);
    expect(followed.stdout).toContain(`sweep ${sweep} succeeded\n\nrank`);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${sweep}\\s+succeeded\\s+2/2\\s+grid\\s+\\S+ \\S+\\s+m_`));
    expect(cancelled.code).toBe(1);
    expect(cancelled.stderr).toMatch(/^error job_not_cancellable: /);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: distill sweeps submit <sweep.json\|-> \[--follow\]/);
  });
});

describe('models', () => {
  it("lists models and downloads one: model.json parses and the weights are the record's size", async () => {
    const listed = await distill('models', 'list', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const models = JSON.parse(listed.stdout).items as { id: string; bytes: number; files: string[]; exportedOnnx: { file: string; bytes: number } }[];
    expect(models.map((m) => m.id)).toContain(teacher);
    const record = models.find((m) => m.id === teacher)!;

    const out = path.join(dir, 'teacher');
    const run = await distill('models', 'download', teacher, '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`saved ${path.join(out, 'model.json')}`);
    const modelJson = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'));
    expect(modelJson.modelTopology).toBeDefined();
    // `bytes` counts the weights; the ONNX copy beside them has its own size.
    const weightFiles = record.files.filter((name) => name !== 'model.json' && name !== record.exportedOnnx.file);
    expect(weightFiles.length).toBeGreaterThan(0);
    const weightBytes = weightFiles.reduce((sum, name) => sum + statSync(path.join(out, name)).size, 0);
    expect(weightBytes).toBe(record.bytes);
    expect(statSync(path.join(out, 'model.onnx')).size).toBe(record.exportedOnnx.bytes);
  });

  it('uploads the downloaded files back as a new model, and prints its card', async () => {
    const run = await distill('models', 'upload', path.join(dir, 'teacher'), '--name', 'teacher-again', '--license', 'MIT', '--distillation', 'allowed', '--json');
    expect(run.code, run.stderr).toBe(0);
    const uploaded = JSON.parse(run.stdout);
    const original = JSON.parse((await distill('models', 'get', teacher, '--json')).stdout);
    expect(uploaded).toMatchObject({ name: 'teacher-again', license: 'MIT', distillation: 'allowed', parameters: original.parameters, bytes: original.bytes });
    expect(uploaded.id).not.toBe(teacher);

    const card = await distill('models', 'card', uploaded.id);
    expect(card.code, card.stderr).toBe(0);
    expect(card.stdout).toMatch(/^#/);
    expect(card.stdout).toContain('teacher-again');
  });
});

describe('keys', () => {
  it('creates a key (only the key on stdout), lists it without the key, revokes it, after which it is refused', async () => {
    const created = await distill('keys', 'create', '--tenant', 'acme', '--role', 'user', '--name', 'ci');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^dk_[A-Za-z0-9_-]{43}\n$/);
    const key = created.stdout.trim();
    const id = /created (key_[0-9a-z]+) for tenant acme \(user, ci\); the key above is shown only now/.exec(created.stderr)?.[1];
    expect(id, created.stderr).toBeDefined();
    const asAcme = await start(['datasets', 'list', '--json'], { DISTILL_API_KEY: key }).done;
    expect(asAcme.code, asAcme.stderr).toBe(0);

    const listed = await distill('keys', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    const header = listed.stdout.split('\n')[0]!;
    expect(header.split(/\s{2,}/)).toEqual(['id', 'tenant', 'role', 'name', 'source', 'created', 'last used']);
    const row = listed.stdout.split('\n').find((line) => line.startsWith(id!));
    expect(row).toMatch(/acme\s+user\s+ci\s+stored\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+\d{4}-/);
    expect(listed.stdout).toMatch(/key_[0-9a-f]{12}\s+cli\s+admin\s+configured key 1\s+configured\s+/);
    expect(listed.stdout).not.toContain(key);
    expect(listed.stdout).not.toContain(CLI_KEY);
    const json = JSON.parse((await distill('keys', 'list', '--json', '--limit', '1')).stdout);
    expect(json.items).toHaveLength(1);
    expect(json.items[0]).toMatchObject({ source: 'configured', tenant: 'cli', role: 'admin' });
    expect(json.next).toBe(json.items[0].id);

    const revoked = await distill('keys', 'revoke', id!);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toBe(`key ${id} revoked\n`);
    const refused = await start(['datasets', 'list'], { DISTILL_API_KEY: key }).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error unauthorized: the API key is not valid/);
    const again = await distill('keys', 'revoke', id!, '--json');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error key_not_found: /);
  });

  it('prints the whole answer with --json, refuses to revoke a configured key, and checks its options before sending', async () => {
    const created = await distill('keys', 'create', '--tenant', 'ops', '--role', 'admin', '--json');
    expect(created.code, created.stderr).toBe(0);
    const body = JSON.parse(created.stdout);
    expect(body).toMatchObject({ tenant: 'ops', role: 'admin', source: 'stored' });
    expect(body.key).toMatch(/^dk_/);
    const revokedJson = await distill('keys', 'revoke', body.id, '--json');
    expect(JSON.parse(revokedJson.stdout)).toEqual({ id: body.id, revoked: true });

    const configured = JSON.parse((await distill('keys', 'list', '--json')).stdout).items.find((item: { source: string }) => item.source === 'configured');
    const refused = await distill('keys', 'revoke', configured.id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error key_configured: key key_[0-9a-f]{12} \(configured key 1\) is configured: remove it from API_KEYS/);

    const [noRole, badRole, help, group] = await Promise.all([
      distill('keys', 'create', '--tenant', 'acme'),
      distill('keys', 'create', '--tenant', 'acme', '--role', 'root'),
      distill('keys', 'create', '--help'),
      distill('keys', '--help'),
    ]);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain('--role is required: user or admin');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain("--role must be one of user, admin; got 'root'");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: distill keys create --tenant <tenant> --role <user\|admin> \[--name <name>\]/);
    expect(help.stdout).toContain('Rotating a key: create a new one, switch the client to it, then revoke the old one');
    expect(group.stdout).toMatch(/keys create .*\n.*keys list .*\n.*keys revoke /);
  });
});

describe('errors and usage', () => {
  it('prints usage and exits 2 for an unknown command, a missing argument or an unknown option', async () => {
    const [unknown, missing, option, help] = await Promise.all([
      distill('frobnicate'),
      distill('jobs', 'get'),
      distill('jobs', 'list', '--colour'),
      distill('jobs', 'submit', '--help'),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^distill: unknown command 'frobnicate'\n\nUsage: distill <group> <command>/);
    expect(unknown.stderr).toContain('jobs submit');
    expect(unknown.stderr).toContain('sweeps submit');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing the job id');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('unknown option --colour');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: distill jobs submit <job.json\|-> \[--follow\]/);
  });

  it('names the URL when no server answers', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const run = await distill('jobs', 'list', '--api', url);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`distill: cannot reach the Distillery API at ${url} (ECONNREFUSED); start it, or point --api / DISTILL_API at it\n`);
  });
});

describe('requests as the server receives them', () => {
  // A recording server: what the CLI sends, checked field by field (the upload routes' contract).
  let recorder: http.Server;
  let recorderUrl: string;
  const received: { method: string; url: string; headers: http.IncomingHttpHeaders; form?: FormData }[] = [];
  beforeAll(async () => {
    recorder = http.createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const contentType = request.headers['content-type'] ?? '';
      const form = contentType.startsWith('multipart/form-data')
        ? await new Response(Buffer.concat(chunks), { headers: { 'content-type': contentType } }).formData()
        : undefined;
      received.push({ method: request.method!, url: request.url!, headers: request.headers, ...(form ? { form } : {}) });
      response.writeHead(422, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ type: 'x', title: 'invalid upload', status: 422, code: 'invalid_upload', detail: 'recorded', field: '/train' }));
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => recorder.close(resolve)));

  it('uploads a csv dataset as multipart form fields and file parts, with the API key as a bearer token', async () => {
    writeFileSync(path.join(dir, 'flowers.csv'), 'a,b,species\n1,2,x\n3,4,y\n');
    const run = await start(['datasets', 'add', '--name', 'flowers', '--train', 'flowers.csv', '--label-column', 'species', '--test-ratio', '0.25', '--seed', '7'], {
      DISTILL_API: recorderUrl,
      DISTILL_API_KEY: 'k-123',
    }).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error invalid_upload: recorded (field /train)\n');
    const request = received.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/datasets', headers: { authorization: 'Bearer k-123' } });
    const form = request.form!;
    expect(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'))).toEqual({
      name: 'flowers',
      format: 'csv',
      labelColumn: 'species',
      testRatio: '0.25',
      seed: '7',
    });
    const train = form.get('train') as File;
    expect(train.name).toBe('flowers.csv');
    expect(await train.text()).toBe('a,b,species\n1,2,x\n3,4,y\n');
  });

  it('uploads npy files under the x, y, testX and testY parts', async () => {
    for (const name of ['x.npy', 'y.npy', 'tx.npy', 'ty.npy']) writeFileSync(path.join(dir, name), name);
    const run = await start(['datasets', 'add', '--name', 'arrays', '--x', 'x.npy', '--y', 'y.npy', '--test-x', 'tx.npy', '--test-y', 'ty.npy'], {
      DISTILL_API: recorderUrl,
      DISTILL_API_KEY: '',
    }).done;
    expect(run.code).toBe(1);
    const request = received.at(-1)!;
    expect(request.headers.authorization).toBeUndefined();
    const parts = [...request.form!.entries()].map(([field, value]) => [field, typeof value === 'string' ? value : value.name]);
    expect(parts).toEqual([
      ['name', 'arrays'],
      ['format', 'npy'],
      ['x', 'x.npy'],
      ['y', 'y.npy'],
      ['testX', 'tx.npy'],
      ['testY', 'ty.npy'],
    ]);
  });

  it('uploads a graph as graph-npy, telling the format from --edges, and refuses a part missing', async () => {
    for (const name of ['gx.npy', 'ge.npy', 'gy.npy', 'gtrain.npy', 'gval.npy', 'gtest.npy']) writeFileSync(path.join(dir, name), name);
    const graph = ['--x', 'gx.npy', '--edges', 'ge.npy', '--y', 'gy.npy', '--train', 'gtrain.npy', '--val', 'gval.npy', '--test', 'gtest.npy'];
    const run = await start(['datasets', 'add', '--name', 'citations', ...graph], { DISTILL_API: recorderUrl }).done;
    expect(run.code).toBe(1);
    const parts = [...received.at(-1)!.form!.entries()].map(([field, value]) => [field, typeof value === 'string' ? value : value.name]);
    expect(parts).toEqual([
      ['name', 'citations'],
      ['format', 'graph-npy'],
      ['x', 'gx.npy'],
      ['edges', 'ge.npy'],
      ['y', 'gy.npy'],
      ['train', 'gtrain.npy'],
      ['val', 'gval.npy'],
      ['test', 'gtest.npy'],
    ]);
    const before = received.length;
    const noVal = await start(['datasets', 'add', '--name', 'citations', ...graph.slice(0, 8), ...graph.slice(10)], { DISTILL_API: recorderUrl }).done;
    expect(noVal.code).toBe(2);
    expect(noVal.stderr).toMatch(/^distill: --val is required with --format graph-npy/);
    expect(received.length).toBe(before);
  });

  it('uploads a model folder as one `files` part per file with its licence fields', async () => {
    const out = path.join(dir, 'teacher');
    const run = await start(['models', 'upload', out, '--name', 'teacher-again', '--license', 'MIT', '--distillation', 'allowed', '--output', 'logits', '--metadata', '{"source":"cli test"}'], {
      DISTILL_API: recorderUrl,
    }).done;
    expect(run.code).toBe(1);
    const request = received.at(-1)!;
    expect(request.url).toBe('/v1/models');
    const fields = [...request.form!.entries()].filter(([, v]) => typeof v === 'string');
    expect(Object.fromEntries(fields)).toEqual({ name: 'teacher-again', license: 'MIT', distillation: 'allowed', output: 'logits', metadata: '{"source":"cli test"}' });
    const files = request.form!.getAll('files') as File[];
    // The downloaded folder holds the model's ONNX copy too; the TensorFlow.js files are what is sent.
    expect(readdirSync(out).sort()).toEqual(['model.json', 'model.onnx', 'weights.bin']);
    expect(files.map((file) => file.name).sort()).toEqual(['model.json', 'weights.bin']);
    expect(files.find((file) => file.name === 'weights.bin')!.size).toBe(statSync(path.join(out, 'weights.bin')).size);
    expect(run.stderr).toContain(`${out} holds model.json and model.onnx: sending the TensorFlow.js files; to upload the ONNX model instead, name it: distill models upload ${path.join(out, 'model.onnx')}`);
  });

  it('uploads an ONNX export under the name the server knows it by, with its layout', async () => {
    const exported = path.join(dir, 'resnet.onnx');
    copyFileSync(path.join(dir, 'teacher', 'model.onnx'), exported);
    const run = await start(['models', 'upload', exported, '--name', 'from-pytorch', '--layout', 'nchw'], { DISTILL_API: recorderUrl }).done;
    expect(run.code).toBe(1);
    const request = received.at(-1)!;
    expect(Object.fromEntries([...request.form!.entries()].filter(([, v]) => typeof v === 'string'))).toEqual({ name: 'from-pytorch', layout: 'nchw' });
    const files = request.form!.getAll('files') as File[];
    expect(files.map((file) => [file.name, file.size])).toEqual([['model.onnx', statSync(exported).size]]);
    const wrong = await start(['models', 'upload', exported, '--name', 'x', '--layout', 'chw'], { DISTILL_API: recorderUrl }).done;
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--layout must be one of nchw, nhwc/);
  });

  it('refuses contradictory dataset options before sending anything', async () => {
    const before = received.length;
    const both = await start(['datasets', 'add', '--name', 'x', '--builtin', 'iris', '--train', 'a.csv'], { DISTILL_API: recorderUrl }).done;
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^distill: --builtin does not go with --train/);
    const mixed = await start(['datasets', 'add', '--name', 'x', '--format', 'csv', '--train', 'a.csv', '--x', 'x.npy'], { DISTILL_API: recorderUrl }).done;
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/^distill: --x does not go with --format csv/);
    expect(received.length).toBe(before);
  });
});
