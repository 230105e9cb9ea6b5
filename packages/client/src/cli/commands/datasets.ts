import path from 'node:path';
import type { components } from '../../schema.ts';
import type { CommandArgs } from '../args.ts';
import { printJson, printLine, type Command, type CommandContext } from '../command.ts';
import { UsageError } from '../errors.ts';
import { buildUploadForm, type UploadForm } from '../multipart.ts';
import { count } from '../render/format.ts';
import { renderTable } from '../render/table.ts';

type Dataset = components['schemas']['Dataset'];
type CreateDatasetRequest = components['schemas']['CreateDatasetRequest'];

const BUILTINS = ['mnist', 'iris', 'blobs'] as const;
const FORMATS = ['csv', 'jsonl', 'npy', 'graph-npy', 'graph-json'] as const;
type UploadFormat = (typeof FORMATS)[number];

/** File options by format, and the multipart part each one fills. */
const TEXT_FILE_PARTS = { train: 'train', test: 'test' };
const FILE_PARTS: Record<UploadFormat, Record<string, string>> = {
  csv: TEXT_FILE_PARTS,
  jsonl: TEXT_FILE_PARTS,
  npy: { x: 'x', y: 'y', 'test-x': 'testX', 'test-y': 'testY' },
  'graph-npy': { x: 'x', edges: 'edges', y: 'y', train: 'train', val: 'val', test: 'test' },
  'graph-json': { graph: 'graph' },
};
const FILE_OPTIONS = [...new Set(Object.values(FILE_PARTS).flatMap((parts) => Object.keys(parts)))];
const MEDIA_TYPES: Record<UploadFormat, string> = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
  npy: 'application/octet-stream',
  'graph-npy': 'application/octet-stream',
  'graph-json': 'application/json',
};

function describeDataset(dataset: Dataset): string {
  const { graph } = dataset;
  if (graph) {
    return `${dataset.id}  ${dataset.name}: graph of ${count(graph.nodes)} nodes, ${count(graph.edges)} edges, ${graph.features} features, ${graph.classes} classes, ${count(graph.splits.train)} train / ${count(graph.splits.val)} val / ${count(graph.splits.test)} test nodes`;
  }
  return `${dataset.id}  ${dataset.name}: ${dataset.numClasses} classes, inputs [${dataset.inputShape.join(', ')}], ${count(dataset.splits.train)} train / ${count(dataset.splits.test)} test${dataset.labelled ? '' : ', unlabelled'}`;
}

/** Uploaded datasets have no `builtin`: say what they came from either way. */
function describeSource(source: unknown): string {
  const { builtin, upload } = (source ?? {}) as { builtin?: string; upload?: { format?: string } };
  if (builtin) return builtin;
  return upload?.format ? `upload (${upload.format})` : 'upload';
}

/** The format named, or the one the file names imply. */
function uploadFormat(args: CommandArgs): UploadFormat {
  const named = args.choice('format', FORMATS);
  if (named) return named;
  if (args.string('edges')) return 'graph-npy';
  if (args.string('graph')) return 'graph-json';
  if (args.string('x')) return 'npy';
  const extension = path.extname(args.string('train') ?? '').toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  throw new UsageError(`--format is required: ${FORMATS.join(', ')} (it could not be told from the file names)`);
}

/** Checks the combination of upload options and turns them into the multipart form of POST /v1/datasets. */
function uploadForm(args: CommandArgs, name: string): UploadForm {
  const format = uploadFormat(args);
  const wanted = FILE_PARTS[format];
  for (const option of FILE_OPTIONS) {
    if (!(option in wanted) && args.string(option)) throw new UsageError(`--${option} does not go with --format ${format}; give ${Object.keys(wanted).map((o) => `--${o}`).join(', ')}`);
  }
  const graph = format === 'graph-npy' || format === 'graph-json';
  // A graph needs every part; a table its training data.
  const required = format === 'graph-npy' ? Object.keys(wanted) : [Object.keys(wanted)[0]!];
  for (const option of required) if (!args.string(option)) throw new UsageError(`--${option} is required with --format ${format}`);
  if ((format === 'npy' || graph) && args.string('label-column')) throw new UsageError('--label-column is for csv and jsonl files');
  if (graph) {
    const table = ['test-ratio', 'seed'].find((option) => args.string(option));
    if (table) throw new UsageError(`--${table} is for tables; a graph's splits are its train, val and test nodes`);
  }
  const testRatio = args.number('test-ratio', { min: 0, max: 1 });
  if (testRatio !== undefined && (args.string('test') || args.string('test-x'))) {
    throw new UsageError('--test-ratio splits the training file; leave it out when a test file is given');
  }
  const files = Object.entries(wanted).flatMap(([option, field]) => {
    const file = args.string(option);
    return file ? [{ field, path: file, type: MEDIA_TYPES[format] }] : [];
  });
  return {
    fields: { name, format, labelColumn: args.string('label-column'), testRatio, seed: args.integer('seed') },
    files,
  };
}

const add: Command = {
  name: ['datasets', 'add'],
  summary: 'register a built-in dataset, or upload one (csv, jsonl, npy, or a graph)',
  synopsis: '--name <name> (--builtin <name> [--options <json>] | --train <file> [--test <file>] | --x <x.npy> [--y <y.npy>] ... | --x --edges --y --train --val --test <.npy> | --graph <graph.json>)',
  options: {
    name: { type: 'string', value: '<name>', description: 'a name for the dataset (required)' },
    builtin: { type: 'string', value: '<name>', description: `a built-in dataset: ${BUILTINS.join(', ')}` },
    options: { type: 'string', value: '<json>', description: 'the built-in\'s options as JSON, e.g. \'{"trainSize":1000,"testSize":200}\'' },
    format: { type: 'string', value: '<format>', description: 'upload format: csv, jsonl, npy, graph-npy or graph-json (told from the file names when left out)' },
    train: { type: 'string', value: '<file>', description: 'csv/jsonl: the training samples; graph-npy: the training-node mask' },
    test: { type: 'string', value: '<file>', description: 'csv/jsonl: the test samples (else --test-ratio of --train); graph-npy: the test-node mask' },
    'label-column': { type: 'string', value: '<column>', description: 'csv/jsonl: the column (or key) holding the label' },
    x: { type: 'string', value: '<file.npy>', description: 'npy: training inputs; graph-npy: node features' },
    y: { type: 'string', value: '<file.npy>', description: 'npy: training labels (leave out for an unlabelled set); graph-npy: node labels, -1 = none' },
    edges: { type: 'string', value: '<file.npy>', description: 'graph-npy: [edges, 2] node ids' },
    val: { type: 'string', value: '<file.npy>', description: 'graph-npy: the validation-node mask' },
    graph: { type: 'string', value: '<file.json>', description: 'graph-json: the whole graph' },
    'test-x': { type: 'string', value: '<file.npy>', description: 'npy: test inputs' },
    'test-y': { type: 'string', value: '<file.npy>', description: 'npy: test labels' },
    'test-ratio': { type: 'string', value: '<fraction>', description: 'share of the training file held out for testing when no test file is given' },
    seed: { type: 'string', value: '<n>', description: 'seed of the shuffle that splits off the test share' },
  },
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    'distill datasets add --name mnist-1k --builtin mnist --options \'{"trainSize":1000,"testSize":2000}\'',
    'distill datasets add --name iris --builtin iris',
    'distill datasets add --name flowers --format csv --train flowers.csv --test-ratio 0.2 --label-column species',
    'distill datasets add --name digits --x train-x.npy --y train-y.npy --test-x test-x.npy --test-y test-y.npy',
    'distill datasets add --name citations --x x.npy --edges edges.npy --y y.npy --train train.npy --val val.npy --test test.npy',
  ],
  notes: 'Files are streamed from disk, never read whole. Uploads are POST /v1/datasets as multipart/form-data.',
  async run(ctx: CommandContext, args) {
    const name = args.requiredString('name');
    const builtin = args.choice('builtin', BUILTINS);
    const fileOptions = ['format', ...FILE_OPTIONS, 'label-column', 'test-ratio', 'seed'].filter((o) => args.string(o));
    let dataset: Dataset;
    if (builtin) {
      if (fileOptions.length > 0) throw new UsageError(`--builtin does not go with --${fileOptions[0]}: a dataset is either built in or uploaded`);
      const options = args.json('options');
      if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
        throw new UsageError('--options must be a JSON object');
      }
      const body = { name, source: { builtin, ...(options ? { options } : {}) } } as CreateDatasetRequest;
      dataset = await ctx.api.call(ctx.api.client.POST('/v1/datasets', { body }));
    } else {
      if (args.string('options')) throw new UsageError('--options is for built-in datasets (--builtin)');
      if (fileOptions.length === 0) throw new UsageError('give --builtin <name>, or files to upload (--train, --x for npy, --edges with the other parts of a graph, --graph for graph-json)');
      const form = await buildUploadForm(uploadForm(args, name));
      dataset = (await (await ctx.api.fetch('/v1/datasets', { method: 'POST', body: form })).json()) as Dataset;
    }
    if (ctx.json) printJson(ctx, dataset);
    else printLine(ctx, describeDataset(dataset));
  },
};

const list: Command = {
  name: ['datasets', 'list'],
  summary: 'list datasets',
  synopsis: '[--limit <n>] [--after <cursor>]',
  options: {
    limit: { type: 'string', value: '<n>', description: 'at most this many (1-200, default 50)' },
    after: { type: 'string', value: '<cursor>', description: 'the page after this cursor' },
  },
  positionals: { min: 0, max: 0, names: '' },
  examples: ['distill datasets list', 'distill datasets list --json'],
  async run(ctx, args) {
    const limit = args.integer('limit', { min: 1, max: 200 });
    const after = args.string('after');
    const page = await ctx.api.call(ctx.api.client.GET('/v1/datasets', { params: { query: { ...(limit ? { limit } : {}), ...(after ? { after } : {}) } } }));
    if (ctx.json) return printJson(ctx, page);
    if (page.items.length === 0) return printLine(ctx, 'no datasets');
    printLine(
      ctx,
      renderTable(
        [
          { header: 'id', cell: (d: Dataset) => d.id },
          { header: 'name', cell: (d) => d.name },
          { header: 'source', cell: (d) => describeSource(d.source) },
          { header: 'inputs', cell: (d) => `[${d.inputShape.join(', ')}]` },
          { header: 'classes', align: 'right', cell: (d) => String(d.numClasses) },
          { header: 'train', align: 'right', cell: (d) => count(d.splits.train) },
          { header: 'test', align: 'right', cell: (d) => count(d.splits.test) },
          { header: 'labels', cell: (d) => (d.labelled ? 'yes' : 'no') },
        ],
        page.items,
      ),
    );
    if (page.next) printLine(ctx, `more: distill datasets list --after ${page.next}`);
  },
};

const get: Command = {
  name: ['datasets', 'get'],
  summary: 'show a dataset',
  synopsis: '<id>',
  options: {},
  positionals: { min: 1, max: 1, names: 'the dataset id' },
  examples: ['distill datasets get ds_…'],
  async run(ctx, args) {
    const id = args.positional(0)!;
    const dataset = await ctx.api.call(ctx.api.client.GET('/v1/datasets/{id}', { params: { path: { id } } }));
    if (ctx.json) printJson(ctx, dataset);
    else printLine(ctx, `${describeDataset(dataset)}\nsource ${describeSource(dataset.source)} · digest ${dataset.digest}`);
  },
};

export const datasetCommands: Command[] = [add, list, get];
