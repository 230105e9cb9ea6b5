import { printJson, printLine, type CommandContext } from './command.ts';
import { InterruptedError, JobUnsuccessfulError } from './errors.ts';
import { streamJobEvents } from './job-events.ts';
import { describeOutcome } from './render/events.ts';
import { createProgressView, silentView } from './render/progress.ts';
import { renderResult } from './render/result.ts';

/**
 * Follows a job to its end over its event stream: bars (or plain lines), then
 * the result table; with `--json`, only the final job record. Throws
 * JobUnsuccessfulError (exit 1) when the job failed or was cancelled.
 */
export async function followJob(ctx: CommandContext, jobId: string): Promise<void> {
  const { api } = ctx;
  const getJob = () => api.call(api.client.GET('/v1/jobs/{id}', { params: { path: { id: jobId } } }));
  const view = ctx.json ? silentView : createProgressView(await getJob(), ctx.io.stdout);
  try {
    const stream = streamJobEvents(api, jobId, { signal: ctx.signal, onReconnect: (reason) => view.note(`reconnecting: ${reason}`) });
    for await (const item of stream) if (item.kind === 'event') view.event(item.event);
  } catch (error) {
    if (ctx.signal.aborted) throw new InterruptedError(`stopped following job ${jobId}; it keeps running (distill jobs get ${jobId} --follow)`);
    throw error;
  } finally {
    view.close();
  }
  // The stream ends once the job has finished; the record has everything (stages, result, timestamps).
  const job = await getJob();
  if (ctx.json) printJson(ctx, job);
  if (job.status !== 'succeeded') {
    throw new JobUnsuccessfulError(describeOutcome(jobId, { status: job.status, ...(job.error ? { error: job.error } : {}) }));
  }
  if (!ctx.json) {
    printLine(ctx, `job ${jobId} succeeded`);
    if (job.result) printLine(ctx, `\n${renderResult(job.result)}`);
  }
}
