import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { FlowProducer } from 'bullmq';
import { Value } from 'typebox/value';
import { architectureCost, JobRequest, JobCatalog } from '@distillery/contracts';
import { newId, Registry } from '@distillery/registry';
import { startProcess, waitForHttp } from './scripts/processes.ts';
import { freePort, startRedisServer } from './scripts/redis.ts';

const SECS = Number(process.env.SECS ?? 2), ROUNDS = Number(process.env.ROUNDS ?? 3);
const LEVELS = (process.env.LEVELS ?? '1,10').split(',').map(Number);
const configs: Record<string, Record<string, string>> = JSON.parse(process.env.CONFIGS!);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'qab-'));
const rport = await freePort();
const rs = await startRedisServer({ port: rport, dir: path.join(tmp, 'redis') });
const redis = new Redis(`redis://127.0.0.1:${rport}`);
const ticks = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const apis: Record<string, { base: string; proc: ReturnType<typeof startProcess> }> = {};
try {
  for (const [name, env] of Object.entries(configs)) {
    const port = await freePort();
    const { ENTRY, ...rest } = env;
    apis[name] = { base: `http://127.0.0.1:${port}`, proc: startProcess(name, ENTRY ?? 'services/api/src/server.ts', { REDIS_URL: `redis://127.0.0.1:${rport}`, DATA_DIR: tmp, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...rest }) };
  }
  for (const a of Object.values(apis)) await waitForHttp(`${a.base}/readyz`);
  const first = Object.values(apis)[0]!;
  const ds = await (await fetch(`${first.base}/v1/datasets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'b', source: { builtin: 'blobs', options: { classes: 2, features: 2, trainSize: 8, testSize: 8 } } }) })).json() as any;
  const reg = new Registry(redis);
  const models: any[] = [];
  for (const h of [[8], [16]]) { const architecture = { kind: 'mlp' as const, hidden: h }; const { parameters } = architectureCost(architecture, ds.inputShape, ds.numClasses);
    models.push({ id: newId('m'), name: 't', format: 'tfjs-layers', architecture, inputShape: ds.inputShape, numClasses: ds.numClasses, parameters, bytes: parameters * 4, digest: 'x', files: [], createdAt: new Date().toISOString() }); }
  const reset = async () => { await redis.flushall(); await reg.datasets.create(ds); for (const m of models) await reg.models.create(m); };
  const bodyObj = { type: 'distill', dataset: ds.id, teachers: [{ model: models[0].id }, { model: models[1].id, weight: 2 }], student: { architecture: { kind: 'mlp', hidden: [4] } }, method: { kind: 'logits', temperature: 4, alpha: 0.9 }, aggregation: { strategy: 'weighted' }, training: { epochs: 1, batchSize: 8, learningRate: 0.01, seed: 1 } };
  const body = JSON.stringify(bodyObj);
  const quiet = async () => { let last = -1; for (;;) { const n = await redis.zcard('distillery:jobs'); if (n === last) return; last = n; await new Promise((r) => setTimeout(r, 150)); } };
  const run = async (base: string, c: number, d: number) => { const r = await autocannon({ url: `${base}/v1/jobs`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: c, duration: d }); await quiet(); if (r.non2xx || r.errors) throw new Error(JSON.stringify(r.statusCodeStats) + r.errors); return r['2xx'] / r.duration; };
  const request: any = Value.Default(JobRequest, structuredClone(bodyObj));
  const retry = (n: keyof typeof JobCatalog) => ({ attempts: JobCatalog[n].attempts, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 604800, count: 10000 }, removeOnFail: { age: 2592000, count: 10000 } });
  const flow = (id: string) => ({ name: 'distill', queueName: 'train', data: { jobId: id, request }, opts: { jobId: id, ...retry('distill') }, children: [{ name: 'aggregate', queueName: 'aggregate', data: { jobId: id, teachers: request.teachers.map((t: any) => ({ model: t.model, weight: t.weight ?? 1 })), strategy: 'weighted', temperature: 4 }, opts: { jobId: `${id}-aggregate`, ...retry('aggregate'), failParentOnFailure: true }, children: request.teachers.map((t: any, index: number) => ({ name: 'teacher-logits', queueName: 'teacher', data: { jobId: id, index, model: t.model, dataset: ds.id, transfer: ds.id }, opts: { jobId: `${id}-teacher-${index}`, ...retry('teacher-logits'), failParentOnFailure: true } })) }] });
  const flows = new FlowProducer({ connection: { host: '127.0.0.1', port: rport } });
  const raw = async (c: number, secs: number) => { let n = 0; const end = performance.now() + secs * 1000; await Promise.all(Array.from({ length: c }, async () => { while (performance.now() < end) { await flows.add(flow(newId('j'))); if (performance.now() <= end) n++; } })); return n / secs; };
  await reset();
  for (const a of Object.values(apis)) await run(a.base, 10, 1);
  await raw(10, 1);
  const results: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of LEVELS) {
      await reset();
      (results[`raw c=${c}`] ??= []).push(await raw(c, SECS));
      for (const [name, a] of Object.entries(apis)) {
        await reset();
        const t0 = ticks(a.proc.child.pid!);
        const rate = await run(a.base, c, SECS);
        const t1 = ticks(a.proc.child.pid!);
        (results[`${name} c=${c}`] ??= []).push(rate);
        (cpu[`${name} c=${c}`] ??= []).push((t1 - t0) / (rate * SECS));
      }
    }
  }
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  for (const c of LEVELS) {
    const r = med(results[`raw c=${c}`]!);
    console.log(`raw c=${c}: ${r.toFixed(0)}/s  [${results[`raw c=${c}`]!.map((x) => x.toFixed(0)).join(' ')}]`);
    for (const name of Object.keys(apis)) {
      const k = `${name} c=${c}`;
      console.log(`${k}: ${med(results[k]!).toFixed(0)}/s ratio ${(med(results[k]!) / r).toFixed(3)} cpu/req ${med(cpu[k]!).toFixed(3)} ms  [${results[k]!.map((x) => x.toFixed(0)).join(' ')}]`);
    }
  }
  await flows.close();
} finally {
  for (const a of Object.values(apis)) await a.proc.stop();
  await redis.quit(); rs.kill(); await new Promise(r => rs.once('exit', r)); rmSync(tmp, { recursive: true, force: true });
}
