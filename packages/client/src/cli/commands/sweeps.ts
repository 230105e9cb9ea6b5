import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import type { components } from '../../schema.ts';
import { printJson, printLine, type Command, type CommandContext } from '../command.ts';
import { InputError, InterruptedError, JobUnsuccessfulError } from '../errors.ts';
import { describeWarnings } from '../render/result.ts';
import { describeTrial, isComparison, renderOutcome, renderSweep } from '../render/sweeps.ts';
import { renderTable } from '../render/table.ts';

type Sweep = components['schemas']['Sweep'];
type SweepRequest = components['schemas']['SweepRequest'];

const SWEEP_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
const FINISHED = new Set<string>(['succeeded', 'failed', 'cancelled']);
/** How often `--follow` asks for the sweep. */
const POLL_MS = 1000;

const followOption = {
  follow: { type: 'boolean', short: 'f', description: 'poll the sweep every second until it ends: one line per trial status change, then the ranked table; exit 1 if it fails or is cancelled' },
} as const;

/** Reads a sweep request from a file, or from stdin for `-`. Only JSON syntax is checked here: the server validates the rest. */
async function readSweepFile(ctx: CommandContext, file: string): Promise<SweepRequest> {
  let source: string;
  try {
    source = file === '-' ? await text(ctx.io.stdin()) : await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read sweep file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let request: unknown;
  try {
    request = JSON.parse(source);
  } catch (error) {
    throw new InputError(`sweep file ${file} is not JSON: ${(error as Error).message}`);
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new InputError(`sweep file ${file} must hold one JSON object (a sweep request: base, and grid or random)`);
  }
  return request as SweepRequest;
}

const getSweep = (ctx: CommandContext, id: string) => ctx.api.call(ctx.api.client.GET('/v1/sweeps/{id}', { params: { path: { id } } }));

/**
 * Polls a sweep every second until it finishes: a line for each change of the
 * sweep's or a trial's status, then the ranked table and the best model; with
 * `--json`, only the final sweep record. Throws JobUnsuccessfulError (exit 1)
 * when the sweep failed or was cancelled.
 */
async function followSweep(ctx: CommandContext, id: string): Promise<void> {
  let sweep = await getSweep(ctx, id);
  let shownStatus = 'queued';
  const shownTrials = new Map<number, string>(sweep.trials.map((trial) => [trial.index, 'queued']));
  const show = () => {
    if (ctx.json) return;
    if (sweep.status !== shownStatus && !FINISHED.has(sweep.status)) printLine(ctx, `sweep ${sweep.status}`);
    shownStatus = sweep.status;
    for (const trial of sweep.trials) {
      if (shownTrials.get(trial.index) === trial.status) continue;
      shownTrials.set(trial.index, trial.status);
      printLine(ctx, describeTrial(sweep, trial));
    }
  };
  show();
  try {
    while (!FINISHED.has(sweep.status)) {
      await sleep(POLL_MS, undefined, { signal: ctx.signal });
      sweep = await getSweep(ctx, id);
      show();
    }
  } catch (error) {
    if (ctx.signal.aborted) throw new InterruptedError(`stopped following sweep ${id}; it keeps running (distill sweeps get ${id} --follow)`);
    throw error;
  }
  if (ctx.json) printJson(ctx, sweep);
  if (sweep.status !== 'succeeded') {
    throw new JobUnsuccessfulError(`sweep ${id} ${sweep.status}${sweep.error ? `: error ${sweep.error.code}: ${sweep.error.message}` : ''}`);
  }
  if (!ctx.json) {
    printLine(ctx, `sweep ${id} succeeded`);
    printLine(ctx, `\n${renderOutcome(sweep)}`);
  }
}

const submit: Command = {
  name: ['sweeps', 'submit'],
  summary: 'submit a hyperparameter sweep, or a comparison of methods, over a distill job from a JSON file',
  synopsis: '<sweep.json|-> [--follow]',
  options: followOption,
  positionals: { min: 1, max: 1, names: 'the sweep file (a JSON sweep request; - reads stdin)' },
  examples: ['distill sweeps submit sweep.json', 'distill sweeps submit sweep.json --follow', 'distill sweeps submit sweep.json --follow --json | jq .result.model'],
  notes:
    'The file holds the body of POST /v1/sweeps: a distill job request as "base", and a "grid", a "random" or "methods", e.g.\n' +
    '  {"base":{"type":"distill","dataset":"ds_…","teachers":[{"model":"m_…"}],"student":{"architecture":{"kind":"mlp","hidden":[32]}}},\n' +
    '   "grid":{"temperature":[1,2,4,8],"alpha":[0.5,0.9]}}\n' +
    'or, to compare methods over seeds (each also against the student alone):\n' +
    '   "methods":[{"kind":"logits"},{"kind":"dkd"}],"seeds":[1,2,3]\n' +
    'Trials are ranked on a validation slice of the training split, never the test split.',
  async run(ctx, args) {
    const file = args.positional(0)!;
    const body = await readSweepFile(ctx, file);
    const submitted = await ctx.api.call(ctx.api.client.POST('/v1/sweeps', { body }));
    if (!ctx.json) for (const line of describeWarnings(submitted.warnings)) ctx.io.stderr.write(`${line}\n`);
    if (args.flag('follow')) {
      if (!ctx.json) printLine(ctx, `sweep ${submitted.id} submitted (${submitted.trials} trials)`);
      return followSweep(ctx, submitted.id);
    }
    if (ctx.json) printJson(ctx, submitted);
    else printLine(ctx, `sweep ${submitted.id} ${submitted.status} (${submitted.trials} trials)`);
  },
};

const list: Command = {
  name: ['sweeps', 'list'],
  summary: 'list sweeps, newest first',
  synopsis: '[--status <status>] [--limit <n>] [--after <cursor>]',
  options: {
    status: { type: 'string', value: '<status>', description: `only sweeps in this status: ${SWEEP_STATUSES.join(', ')}` },
    limit: { type: 'string', value: '<n>', description: 'at most this many (1-200, default 50)' },
    after: { type: 'string', value: '<cursor>', description: 'the page after this cursor (printed at the end of a full page)' },
  },
  positionals: { min: 0, max: 0, names: '' },
  examples: ['distill sweeps list', 'distill sweeps list --status running', 'distill sweeps list --json | jq -r ".items[].id"'],
  async run(ctx, args) {
    const status = args.choice('status', SWEEP_STATUSES);
    const limit = args.integer('limit', { min: 1, max: 200 });
    const after = args.string('after');
    const query = { ...(status ? { status } : {}), ...(limit ? { limit } : {}), ...(after ? { after } : {}) };
    const page = await ctx.api.call(ctx.api.client.GET('/v1/sweeps', { params: { query } }));
    if (ctx.json) return printJson(ctx, page);
    if (page.items.length === 0) return printLine(ctx, status ? `no ${status} sweeps` : 'no sweeps');
    printLine(
      ctx,
      renderTable(
        [
          { header: 'id', cell: (sweep: Sweep) => sweep.id },
          { header: 'status', cell: (sweep) => sweep.status },
          { header: 'trials', align: 'right', cell: (sweep) => `${sweep.trials.filter((trial) => FINISHED.has(trial.status)).length}/${sweep.trials.length}` },
          { header: 'search', cell: (sweep) => (isComparison(sweep) ? 'methods' : sweep.request.random ? 'random' : 'grid') },
          { header: 'created', cell: (sweep) => sweep.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z') },
          { header: 'best model / error', cell: (sweep) => sweep.result?.model ?? (sweep.error ? sweep.error.code : '') },
        ],
        page.items,
      ),
    );
    if (page.next) printLine(ctx, `more: distill sweeps list --after ${page.next}`);
  },
};

const get: Command = {
  name: ['sweeps', 'get'],
  summary: 'show a sweep: status, the trial table (ranked once done) and the best model',
  synopsis: '<id> [--follow]',
  options: followOption,
  positionals: { min: 1, max: 1, names: 'the sweep id' },
  examples: ['distill sweeps get sw_…', 'distill sweeps get sw_… --follow', 'distill sweeps get sw_… --json | jq ".result.table[] | {rank, params, validationAccuracy}"'],
  async run(ctx, args) {
    const id = args.positional(0)!;
    if (args.flag('follow')) return followSweep(ctx, id);
    const sweep = await getSweep(ctx, id);
    if (ctx.json) printJson(ctx, sweep);
    else printLine(ctx, renderSweep(sweep));
  },
};

const cancel: Command = {
  name: ['sweeps', 'cancel'],
  summary: 'cancel a queued or running sweep and its trials',
  synopsis: '<id>',
  options: {},
  positionals: { min: 1, max: 1, names: 'the sweep id' },
  examples: ['distill sweeps cancel sw_…'],
  notes: 'Queued trials never start, running ones stop within one batch, and no model is kept; a finished sweep answers error job_not_cancellable.',
  async run(ctx, args) {
    const id = args.positional(0)!;
    const sweep = await ctx.api.call(ctx.api.client.POST('/v1/sweeps/{id}/cancel', { params: { path: { id } } }));
    if (ctx.json) printJson(ctx, sweep);
    else printLine(ctx, `sweep ${sweep.id} ${sweep.status}`);
  },
};

export const sweepCommands: Command[] = [submit, list, get, cancel];
