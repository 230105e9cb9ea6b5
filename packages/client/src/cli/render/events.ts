import type { components } from '../../schema.ts';
import type { JobEvent, JobOutcome } from '../job-events.ts';
import { describeProgress } from './result.ts';

type Progress = components['schemas']['Progress'];
type Stage = components['schemas']['Stage'];

/**
 * One job event as one line of text, or undefined for events that carry
 * nothing new to a reader (the bare progress marker a stage sends when it
 * starts: its stage event already said so).
 */
export function describeEvent(event: JobEvent): string | undefined {
  const { data } = event;
  switch (event.type) {
    case 'status': {
      const error = data.error as { code: string; message: string } | undefined;
      return `job ${String(data.status)}${error ? `: error ${error.code}: ${error.message}` : ''}`;
    }
    case 'stage': {
      const stage = data as Partial<Stage>;
      return `stage ${stage.name} ${stage.status ?? 'queued'}${stage.cached ? ' (cached logits)' : ''}`;
    }
    case 'progress': {
      const progress = data as Progress;
      return progress.epoch !== undefined || progress.steps !== undefined ? describeProgress(progress) : undefined;
    }
    case 'log':
      return String(data.message);
  }
}

export function describeOutcome(jobId: string, outcome: JobOutcome): string {
  const error = outcome.error ? `: error ${outcome.error.code}: ${outcome.error.message}` : '';
  return `job ${jobId} ${outcome.status}${error}`;
}
