import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { components } from '../../schema.ts';
import { printJson, printLine, type Command, type CommandContext } from '../command.ts';
import { InputError } from '../errors.ts';
import { followJob } from '../follow.ts';
import { streamJobEvents } from '../job-events.ts';
import { describeEvent, describeOutcome } from '../render/events.ts';
import { describeProgress, describeWarnings, renderJob } from '../render/result.ts';
import { renderTable } from '../render/table.ts';

type Job = components['schemas']['Job'];
type JobRequest = components['schemas']['JobRequest'];

const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

const followOption = {
  follow: { type: 'boolean', short: 'f', description: 'follow the job to its end: progress bars (plain lines when stdout is not a terminal), then the result table; exit 1 if it fails or is cancelled' },
} as const;

/** Reads a job request from a file, or from stdin for `-`. Only JSON syntax is checked here: the server validates the rest. */
async function readJobFile(ctx: CommandContext, file: string): Promise<JobRequest> {
  let source: string;
  try {
    source = file === '-' ? await text(ctx.io.stdin()) : await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read job file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let request: unknown;
  try {
    request = JSON.parse(source);
  } catch (error) {
    throw new InputError(`job file ${file} is not JSON: ${(error as Error).message}`);
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new InputError(`job file ${file} must hold one JSON object (a train or distill job request)`);
  }
  return request as JobRequest;
}

const submit: Command = {
  name: ['jobs', 'submit'],
  summary: 'submit a train or distill job from a JSON file',
  synopsis: '<job.json|-> [--follow]',
  options: followOption,
  positionals: { min: 1, max: 1, names: 'the job file (a JSON job request; - reads stdin)' },
  examples: ['distill jobs submit train.json', 'distill jobs submit distill.json --follow', 'distill jobs submit distill.json --follow --json > job.json'],
  notes: 'The file holds the body of POST /v1/jobs, e.g.\n  {"type":"train","dataset":"ds_…","model":{"architecture":{"kind":"mlp","hidden":[64]}},"training":{"epochs":3}}',
  async run(ctx, args) {
    const file = args.positional(0)!;
    const body = await readJobFile(ctx, file);
    const submitted = await ctx.api.call(ctx.api.client.POST('/v1/jobs', { body }));
    // Accepted, but worth knowing before it runs (a student no smaller than its teachers): on stderr, so stdout stays the job line.
    if (!ctx.json) for (const line of describeWarnings(submitted.warnings)) ctx.io.stderr.write(`${line}\n`);
    if (args.flag('follow')) {
      if (!ctx.json) printLine(ctx, `job ${submitted.id} submitted`);
      return followJob(ctx, submitted.id);
    }
    if (ctx.json) printJson(ctx, submitted);
    else printLine(ctx, `job ${submitted.id} ${submitted.status}`);
  },
};

const list: Command = {
  name: ['jobs', 'list'],
  summary: 'list jobs, newest first',
  synopsis: '[--status <status>] [--limit <n>] [--after <cursor>]',
  options: {
    status: { type: 'string', value: '<status>', description: `only jobs in this status: ${JOB_STATUSES.join(', ')}` },
    limit: { type: 'string', value: '<n>', description: 'at most this many (1-200, default 50)' },
    after: { type: 'string', value: '<cursor>', description: 'the page after this cursor (printed at the end of a full page)' },
  },
  positionals: { min: 0, max: 0, names: '' },
  examples: ['distill jobs list', 'distill jobs list --status running', 'distill jobs list --json | jq -r ".items[].id"'],
  async run(ctx, args) {
    const status = args.choice('status', JOB_STATUSES);
    const limit = args.integer('limit', { min: 1, max: 200 });
    const after = args.string('after');
    const query = { ...(status ? { status } : {}), ...(limit ? { limit } : {}), ...(after ? { after } : {}) };
    const page = await ctx.api.call(ctx.api.client.GET('/v1/jobs', { params: { query } }));
    if (ctx.json) return printJson(ctx, page);
    if (page.items.length === 0) return printLine(ctx, status ? `no ${status} jobs` : 'no jobs');
    printLine(
      ctx,
      renderTable(
        [
          { header: 'id', cell: (job: Job) => job.id },
          { header: 'type', cell: (job) => job.type },
          { header: 'status', cell: (job) => job.status },
          { header: 'progress', cell: (job) => (job.progress && job.status === 'running' ? describeProgress(job.progress) : '') },
          { header: 'created', cell: (job) => job.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z') },
          { header: 'model / error', cell: (job) => job.result?.model ?? (job.error ? job.error.code : '') },
        ],
        page.items,
      ),
    );
    if (page.next) printLine(ctx, `more: distill jobs list --after ${page.next}`);
  },
};

const get: Command = {
  name: ['jobs', 'get'],
  summary: "show a job: status, stages, progress, error and result",
  synopsis: '<id> [--follow]',
  options: followOption,
  positionals: { min: 1, max: 1, names: 'the job id' },
  examples: ['distill jobs get j_…', 'distill jobs get j_… --follow', 'distill jobs get j_… --json | jq .result.metrics'],
  async run(ctx, args) {
    const id = args.positional(0)!;
    if (args.flag('follow')) return followJob(ctx, id);
    const job = await ctx.api.call(ctx.api.client.GET('/v1/jobs/{id}', { params: { path: { id } } }));
    if (ctx.json) printJson(ctx, job);
    else printLine(ctx, renderJob(job));
  },
};

const cancel: Command = {
  name: ['jobs', 'cancel'],
  summary: 'cancel a queued or running job and its subjobs',
  synopsis: '<id>',
  options: {},
  positionals: { min: 1, max: 1, names: 'the job id' },
  examples: ['distill jobs cancel j_…'],
  notes: 'A running stage stops within one batch; a job that already finished answers error job_not_cancellable.',
  async run(ctx, args) {
    const id = args.positional(0)!;
    const job = await ctx.api.call(ctx.api.client.POST('/v1/jobs/{id}/cancel', { params: { path: { id } } }));
    if (ctx.json) printJson(ctx, job);
    else printLine(ctx, `job ${job.id} ${job.status}`);
  },
};

const events: Command = {
  name: ['jobs', 'events'],
  summary: "print a job's events as they happen, until it finishes",
  synopsis: '<id> [--after <event-id>]',
  options: {
    after: { type: 'string', value: '<event-id>', description: 'start after this event (resume where an earlier run stopped)' },
  },
  positionals: { min: 1, max: 1, names: 'the job id' },
  examples: ['distill jobs events j_…', 'distill jobs events j_… --json | jq -c "select(.type == \\"progress\\") | .data"'],
  notes: 'Text: one line per event with its time. --json: one JSON event per line ({id, type, at, data}),\nending with {"type":"result","data":{status, result, error}}.',
  async run(ctx, args) {
    const id = args.positional(0)!;
    const stream = streamJobEvents(ctx.api, id, {
      after: args.string('after'),
      signal: ctx.signal,
      onReconnect: (reason) => ctx.io.stderr.write(`reconnecting: ${reason}\n`),
    });
    for await (const item of stream) {
      if (item.kind === 'outcome') {
        if (ctx.json) printJson(ctx, { type: 'result', data: item.outcome }, { oneLine: true });
        else printLine(ctx, describeOutcome(id, item.outcome));
      } else if (ctx.json) {
        printJson(ctx, item.event, { oneLine: true });
      } else {
        const line = describeEvent(item.event);
        if (line !== undefined) printLine(ctx, `${item.event.at.slice(11, 23)}  ${line}`);
      }
    }
  },
};

export const jobCommands: Command[] = [submit, list, get, cancel, events];
