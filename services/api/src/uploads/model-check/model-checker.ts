import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DistilleryError, type ErrorCode } from '@distillery/contracts';
import type { OnnxFiles, OnnxProbeOptions, ProbedOnnxModel } from '@distillery/onnx';
import type { InspectOptions, ProbedModel, ReadModelFiles } from '@distillery/storage';

/** A TensorFlow.js model's topology and weights, or an ONNX model's files, to load and run once. */
export type ProbeRequest =
  | { kind: 'tfjs'; json: ReadModelFiles['json']; format: ReadModelFiles['format']; weights: Uint8Array; options: InspectOptions }
  | { kind: 'onnx'; files: OnnxFiles; options: OnnxProbeOptions };

export type ProbeReply =
  | { ok: true; ready: true }
  | { ok: true; result: ProbedModel | ProbedOnnxModel; ready?: undefined }
  | { ok: false; error: { code: ErrorCode; message: string; field?: string } };

export interface ModelCheckLimits {
  /** How long loading a model and running one sample may take (MODEL_CHECK_TIMEOUT_MS). */
  timeoutMs: number;
  /** The V8 heap of a check's process, in MiB (MODEL_CHECK_MAX_HEAP_MB). */
  maxHeapMb: number;
  /**
   * The check process's resident memory, in MiB (MODEL_CHECK_MAX_MEMORY_MB):
   * what ONNX Runtime and typed arrays allocate lies outside the V8 heap, so
   * the heap limit alone does not bound it. Watched where /proc tells it (Linux).
   */
  maxMemoryMb: number;
}

export const DEFAULT_MODEL_CHECK_LIMITS: ModelCheckLimits = { timeoutMs: 20_000, maxHeapMb: 2048, maxMemoryMb: 4096 };

/** How often a running check's resident memory is read: an allocation that outgrows the limit is stopped within about this long. */
const MEMORY_POLL_MS = 50;

/** A process's resident memory in MiB, from /proc; undefined where there is no /proc (or the process is gone). */
function residentMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

const root = path.resolve(import.meta.dirname, '../../../../..');
const entry = path.join(import.meta.dirname, 'probe-process.ts');

/**
 * Runs the forward pass that proves an uploaded model works, in a child
 * process with a time limit and a heap limit. However slow or large the model
 * (a 3.5 KB convolution over a huge image took 20 s on the event loop before),
 * the API keeps answering every other request, and a check that runs out of
 * time or memory costs only its own process. One idle process is kept warm,
 * since starting one (Node, tsx, TensorFlow.js) takes a second or two;
 * concurrent uploads each get their own.
 */
export class ModelChecker {
  #idle: ChildProcess | undefined;
  #closed = false;

  constructor(private readonly limits: ModelCheckLimits = DEFAULT_MODEL_CHECK_LIMITS) {}

  async probe(read: Pick<ReadModelFiles, 'json' | 'format' | 'weights'>, options: InspectOptions): Promise<ProbedModel> {
    return (await this.#check({ kind: 'tfjs', json: read.json, format: read.format, weights: read.weights, options })) as ProbedModel;
  }

  /** The same check for an ONNX model, run by ONNX Runtime in the same kind of process. */
  async probeOnnx(files: OnnxFiles, options: OnnxProbeOptions): Promise<ProbedOnnxModel> {
    return (await this.#check({ kind: 'onnx', files, options })) as ProbedOnnxModel;
  }

  async #check(request: ProbeRequest): Promise<ProbedModel | ProbedOnnxModel> {
    const child = this.#idle ?? (await this.#start());
    this.#idle = undefined;
    let healthy = false;
    try {
      const reply = await this.#ask(child, request);
      healthy = true;
      if (!reply.ok) throw new DistilleryError(reply.error.code, reply.error.message, reply.error.field);
      return reply.result!;
    } finally {
      if (healthy && !this.#closed && !this.#idle) this.#idle = child;
      else child.kill('SIGKILL');
    }
  }

  /** Starts the idle process ahead of the first upload (server.ts, once listening). */
  warm(): void {
    if (this.#idle || this.#closed) return;
    this.#start().then(
      (child) => {
        if (this.#idle || this.#closed) child.kill('SIGKILL');
        else this.#idle = child;
      },
      () => undefined, // the first upload starts one, and reports what fails
    );
  }

  close(): void {
    this.#closed = true;
    this.#idle?.kill('SIGKILL');
    this.#idle = undefined;
  }

  async #start(): Promise<ChildProcess> {
    // The child's scratch folder (ONNX Runtime opens models from files), owned here: a child killed
    // for its time or memory while it wrote a model there leaves nothing behind.
    const scratch = mkdtempSync(path.join(tmpdir(), 'distillery-check-'));
    const child = fork(entry, [scratch], {
      cwd: root,
      execArgv: ['--import', 'tsx', `--max-old-space-size=${this.limits.maxHeapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
    child.unref();
    child.channel?.unref();
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the model-check process exited (${code}) before it started`)));
    });
    return child;
  }

  /** One request, answered by the child, or an invalid_upload when it runs out of time or dies trying. */
  #ask(child: ChildProcess, request: ProbeRequest): Promise<Exclude<ProbeReply, { ready: true }>> {
    return new Promise((resolve, reject) => {
      const seconds = this.limits.timeoutMs / 1000;
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new DistilleryError(
            'invalid_upload',
            `loading the model and running it on one sample took more than ${seconds} s, the limit for a check (MODEL_CHECK_TIMEOUT_MS); a teacher must answer one sample well within that: use a smaller input or a smaller model`,
          ),
        );
      }, this.limits.timeoutMs);
      const memoryWatch = setInterval(() => {
        const used = residentMb(child.pid);
        if (used === undefined || used <= this.limits.maxMemoryMb) return;
        cleanup();
        child.kill('SIGKILL');
        reject(
          new DistilleryError(
            'invalid_upload',
            `running the model on one sample took more than ${this.limits.maxMemoryMb} MiB of memory, the limit for a check (MODEL_CHECK_MAX_MEMORY_MB); a teacher must answer one sample in far less: use a smaller input or a smaller model`,
          ),
        );
      }, MEMORY_POLL_MS);
      const onMessage = (reply: ProbeReply) => {
        cleanup();
        resolve(reply as Exclude<ProbeReply, { ready: true }>);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanup();
        reject(
          new DistilleryError(
            'invalid_upload',
            `running the model on one sample needed more memory than a check may use (its process ended: ${signal ?? `exit code ${code}`}); use a smaller input or a smaller model`,
          ),
        );
      };
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(memoryWatch);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(request);
    });
  }
}
