import type { SavedTensor, TrainingCheckpoint } from '@distillery/kd';
import type { ArtifactStore } from '@distillery/storage';

const FORMAT = 'distillery-checkpoint/1';

interface Header {
  format: typeof FORMAT;
  epoch: number;
  step: number;
  reports: TrainingCheckpoint['reports'];
  partial?: TrainingCheckpoint['partial'];
  tensors: { group: 'model' | 'optimizer'; name: string; shape: number[]; length: number }[];
}

/** One file: a 4-byte header length, the JSON header, padding to 4 bytes, then every tensor's float32 values. */
export function encodeCheckpoint(checkpoint: TrainingCheckpoint): Buffer {
  const all = [
    ...checkpoint.model.map((t) => ({ group: 'model' as const, t })),
    ...checkpoint.optimizer.map((t) => ({ group: 'optimizer' as const, t })),
  ];
  const header: Header = {
    format: FORMAT,
    epoch: checkpoint.epoch,
    step: checkpoint.step,
    reports: checkpoint.reports,
    ...(checkpoint.partial ? { partial: checkpoint.partial } : {}),
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
  if (header.format !== FORMAT) throw new Error(`not a ${FORMAT} file`);
  let offset = Math.ceil((4 + length) / 4) * 4;
  const model: SavedTensor[] = [];
  const optimizer: SavedTensor[] = [];
  for (const spec of header.tensors) {
    const values = new Float32Array(spec.length);
    Buffer.from(values.buffer).set(bytes.subarray(offset, offset + spec.length * 4));
    offset += spec.length * 4;
    (spec.group === 'model' ? model : optimizer).push({ name: spec.name, shape: spec.shape, values });
  }
  return { epoch: header.epoch, step: header.step, reports: header.reports, ...(header.partial ? { partial: header.partial } : {}), model, optimizer };
}

export const checkpointPrefix = (jobId: string) => `checkpoints/${jobId}`;

/**
 * A job's training checkpoints in the artifact store, one per run (`train`,
 * `student`, `baseline`): written atomically after every epoch and when a
 * worker stops mid-epoch, read by whichever worker picks the job up next,
 * removed when the job ends.
 */
export class JobCheckpoints {
  constructor(
    private readonly store: ArtifactStore,
    private readonly jobId: string,
  ) {}

  private key(run: string): string {
    return `${checkpointPrefix(this.jobId)}/${run}.ckpt`;
  }

  async load(run: string): Promise<TrainingCheckpoint | undefined> {
    if (!(await this.store.exists(this.key(run)))) return undefined;
    return decodeCheckpoint(await this.store.get(this.key(run)));
  }

  async save(run: string, checkpoint: TrainingCheckpoint): Promise<void> {
    await this.store.put(this.key(run), encodeCheckpoint(checkpoint));
  }
}
