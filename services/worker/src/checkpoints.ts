import { artifactKeys } from '@distillery/contracts';
import type { SavedTensor, TrainingCheckpoint } from '@distillery/kd';
import type { ArtifactStore } from '@distillery/storage';

const FORMAT = 'distillery-checkpoint/2';
/** Written before runs had stages and extra state: one stage, no adapters, dropout counters not kept. */
const FORMAT_1 = 'distillery-checkpoint/1';

type Group = 'model' | 'extra' | 'optimizer';

interface Header {
  format: typeof FORMAT | typeof FORMAT_1;
  stage?: number;
  epoch: number;
  step: number;
  reports: TrainingCheckpoint['reports'];
  partial?: TrainingCheckpoint['partial'];
  dropoutCalls?: number[];
  tensors: { group: Group; name: string; shape: number[]; length: number }[];
}

/** One file: a 4-byte header length, the JSON header, padding to 4 bytes, then every tensor's float32 values. */
export function encodeCheckpoint(checkpoint: TrainingCheckpoint): Buffer {
  const all = (['model', 'extra', 'optimizer'] as const).flatMap((group) => checkpoint[group].map((t) => ({ group, t })));
  const header: Header = {
    format: FORMAT,
    stage: checkpoint.stage,
    epoch: checkpoint.epoch,
    step: checkpoint.step,
    reports: checkpoint.reports,
    ...(checkpoint.partial ? { partial: checkpoint.partial } : {}),
    dropoutCalls: checkpoint.dropoutCalls,
    tensors: all.map(({ group, t }) => ({ group, name: t.name, shape: t.shape, length: t.values.length })),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const dataStart = Math.ceil((4 + json.length) / 4) * 4;
  const out = Buffer.alloc(dataStart + all.reduce((sum, { t }) => sum + t.values.byteLength, 0));
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  let offset = dataStart;
  for (const { t } of all) {
    Buffer.from(t.values.buffer, t.values.byteOffset, t.values.byteLength).copy(out, offset);
    offset += t.values.byteLength;
  }
  return out;
}

export function decodeCheckpoint(bytes: Buffer): TrainingCheckpoint {
  const length = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as Header;
  if (header.format !== FORMAT && header.format !== FORMAT_1) throw new Error(`not a ${FORMAT} file`);
  let offset = Math.ceil((4 + length) / 4) * 4;
  const groups: Record<Group, SavedTensor[]> = { model: [], extra: [], optimizer: [] };
  for (const spec of header.tensors) {
    const values = new Float32Array(spec.length);
    Buffer.from(values.buffer).set(bytes.subarray(offset, offset + spec.length * 4));
    offset += spec.length * 4;
    groups[spec.group].push({ name: spec.name, shape: spec.shape, values });
  }
  return {
    stage: header.stage ?? 0,
    epoch: header.epoch,
    step: header.step,
    reports: header.reports,
    ...(header.partial ? { partial: header.partial } : {}),
    ...groups,
    dropoutCalls: header.dropoutCalls ?? [],
  };
}

/**
 * A job's training checkpoints in the artifact store, one per run (`train`,
 * `student`, `baseline`, `trial-<k>`): written atomically after every epoch
 * and when a worker stops mid-epoch, read by whichever worker picks the job
 * up next, removed when the job ends.
 */
export class JobCheckpoints {
  constructor(
    private readonly store: ArtifactStore,
    private readonly jobId: string,
  ) {}

  async load(run: string): Promise<TrainingCheckpoint | undefined> {
    const key = artifactKeys.checkpoint(this.jobId, run);
    if (!(await this.store.exists(key))) return undefined;
    return decodeCheckpoint(await this.store.get(key));
  }

  async save(run: string, checkpoint: TrainingCheckpoint): Promise<void> {
    await this.store.put(artifactKeys.checkpoint(this.jobId, run), encodeCheckpoint(checkpoint));
  }
}
