import cliProgress from 'cli-progress';
import type { components } from '../../schema.ts';
import type { OutputStream } from '../command.ts';
import type { JobEvent } from '../job-events.ts';
import { loss, percent } from './format.ts';
import { describeEvent } from './events.ts';

type Job = components['schemas']['Job'];
type Progress = components['schemas']['Progress'];
type Stage = components['schemas']['Stage'];

const CLEAR_LINE = '\x1b[2K';
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/** Shows a followed job's events as they arrive. */
export interface JobProgressView {
  event(event: JobEvent): void;
  /** A line about the connection (reconnecting), not about the job. */
  note(message: string): void;
  /** Stops drawing; what is on screen stays. Safe to call twice. */
  close(): void;
}

/** Bars on a terminal; one plain line per change where output goes to a file or a pipe. */
export function createProgressView(job: Job, stream: OutputStream): JobProgressView {
  return stream.isTTY ? new BarsView(job, stream) : new LinesView(stream);
}

/** Shows nothing: `--follow --json` prints only the final job. */
export const silentView: JobProgressView = { event: () => undefined, note: () => undefined, close: () => undefined };

/**
 * The parts of a job that get a bar: each teacher's inference and the
 * aggregation (done or not), then the training runs, counted in epochs. A
 * distill job's `train` stage is shown as its runs (student, then baseline).
 */
function tracksOf(job: Job): { name: string; epochs?: number }[] {
  // A policy trains for environment steps, not epochs: its bar counts steps.
  if (job.request.type === 'train-policy') return [{ name: 'train', epochs: job.request.training?.maxSteps ?? 300_000 }];
  // A policy distillation's bar counts its fits: the first, then each DAgger round.
  if (job.request.type === 'distill-policy') return [{ name: 'teacher:0' }, { name: 'train', epochs: 1 + (job.request.method?.dagger?.rounds ?? 0) }];
  // A graph distillation reports its teacher's epochs (at most 500 by default; early stopping ends it sooner), then trains its student.
  if (job.request.type === 'distill-graph') return [{ name: 'teacher:0', epochs: job.request.teacher?.training?.epochs ?? 500 }, { name: 'train' }];
  const epochs = job.request.training?.epochs ?? 5;
  const stages = job.stages.filter((stage) => stage.name !== 'train').map((stage) => ({ name: stage.name }));
  if (job.request.type === 'train') return [...stages, { name: 'train', epochs }];
  // A private distillation always trains its non-private twin, as the baseline run.
  const baseline = job.request.type === 'distill-private' || job.request.baseline;
  return [...stages, { name: 'student', epochs }, ...(baseline ? [{ name: 'baseline', epochs }] : [])];
}

function stageDetail(stage: Partial<Stage>): string {
  const status = stage.status === 'succeeded' ? 'done' : (stage.status ?? 'queued');
  return stage.cached ? `${status} · cached logits` : status;
}

function epochDetail(progress: Progress): string {
  if (progress.steps !== undefined) return `${progress.steps}/${progress.maxSteps ?? '?'} steps · return ${progress.meanReturn?.toFixed(1) ?? '?'}`;
  if (progress.meanReturn !== undefined) return `fit ${progress.epoch}/${progress.epochs ?? '?'} · return ${progress.meanReturn.toFixed(1)}`;
  const parts = [`${progress.epoch}/${progress.epochs ?? '?'}`];
  if (progress.loss !== undefined) parts.push(`loss ${loss(progress.loss)}`);
  if (progress.accuracy !== undefined) parts.push(`accuracy ${percent(progress.accuracy)}`);
  return parts.join(' · ');
}

interface Track {
  bar: cliProgress.SingleBar;
  /** Counted in epochs (a training run) rather than done or not (a stage). */
  epochs: boolean;
  /** The latest epoch line: `3/5 · loss 0.1234 · accuracy 90.00%`. */
  lastEpoch?: string;
  finished: boolean;
}

class BarsView implements JobProgressView {
  private readonly multibar: cliProgress.MultiBar;
  private readonly tracks = new Map<string, Track>();
  private closed = false;

  constructor(job: Job, stream: OutputStream) {
    const tracks = tracksOf(job);
    const width = Math.max(...tracks.map((track) => track.name.length));
    this.multibar = new cliProgress.MultiBar(
      {
        stream: stream as NodeJS.WritableStream,
        format: (_options, params, payload: { name: string; detail: string }) =>
          `${payload.name.padEnd(width)}  ${barString(params.progress, 24)}  ${payload.detail}`,
        hideCursor: true,
        // Log lines push the bars down; an unchanged bar must be drawn again at its new place.
        forceRedraw: true,
        clearOnComplete: false,
        autopadding: false,
        gracefulExit: false,
      },
      cliProgress.Presets.shades_classic,
    );
    stream.write(`following job ${job.id} (${job.type}); Ctrl-C stops following, the job keeps running\n`);
    for (const { name, epochs } of tracks) {
      const detail = epochs ? `0/${epochs} · queued` : 'queued';
      const bar = this.multibar.create(epochs ?? 1, 0, { name, detail });
      this.tracks.set(name, { bar, epochs: epochs !== undefined, finished: false });
    }
  }

  event(event: JobEvent): void {
    if (this.closed) return;
    if (event.type === 'stage') this.stage(event.data as Partial<Stage>);
    else if (event.type === 'progress') this.progress(event.data as Progress);
    else if (event.type === 'log') this.log(String(event.data.message));
  }

  private stage(stage: Partial<Stage>): void {
    const track = stage.name ? this.tracks.get(stage.name) : undefined;
    if (track && !track.epochs) {
      track.bar.update(stage.status === 'succeeded' ? 1 : 0, { detail: stageDetail(stage) });
    } else if (stage.name === 'train' && (stage.status === 'failed' || stage.status === 'cancelled')) {
      // The training stage ended early: say so on the runs it cut short.
      for (const run of this.tracks.values()) {
        if (run.epochs && !run.finished) run.bar.update({ detail: `${run.lastEpoch ?? 'not started'} · ${stage.status}` });
      }
    }
  }

  private progress(progress: Progress): void {
    const track = this.tracks.get(progress.stage);
    if (!track?.epochs) return; // a stage's bare "started" marker: its stage event shows it
    // Epochs for a training run, environment steps for a policy.
    const done = progress.epoch ?? progress.steps;
    if (done === undefined) {
      if (!track.lastEpoch) track.bar.update({ detail: 'running' });
      return;
    }
    const total = progress.epochs ?? progress.maxSteps ?? track.bar.getTotal();
    track.bar.setTotal(total);
    track.lastEpoch = epochDetail(progress);
    track.finished = done >= total;
    track.bar.update(done, { detail: track.lastEpoch });
  }

  note(message: string): void {
    if (!this.closed) this.log(message);
  }

  /** Above the bars. cli-progress clears only the first line it writes logs over: clear each one. */
  private log(message: string): void {
    this.multibar.log(`${CLEAR_LINE}${message}\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // stop() draws the bars once more but drops log lines still buffered: flush those first.
    this.multibar.update();
    this.multibar.stop();
  }
}

function barString(progress: number, size: number): string {
  const done = Math.round(Math.min(Math.max(progress, 0), 1) * size);
  return '█'.repeat(done) + '░'.repeat(size - done);
}

/**
 * One line per change, for logs and pipes: job status, each stage's status
 * (and whether its teacher logits came from the cache), every epoch with its
 * loss and accuracy, and the workers' log messages.
 */
class LinesView implements JobProgressView {
  /** What each stage's last line said: a stage event that changes nothing shown is skipped. */
  private readonly shownStages = new Map<string, string>();

  constructor(private readonly stream: OutputStream) {}

  event(event: JobEvent): void {
    // The follower prints how the job ended, with its id and error.
    if (event.type === 'status' && FINISHED.has(String(event.data.status))) return;
    const line = describeEvent(event);
    if (line === undefined) return;
    if (event.type === 'stage') {
      const name = String(event.data.name);
      if (this.shownStages.get(name) === line) return;
      this.shownStages.set(name, line);
    }
    this.stream.write(`${line}\n`);
  }

  note(message: string): void {
    this.stream.write(`${message}\n`);
  }

  close(): void {}
}
