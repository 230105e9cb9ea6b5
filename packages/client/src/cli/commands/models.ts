import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { components } from '../../schema.ts';
import type { CommandArgs } from '../args.ts';
import { printJson, printLine, type Command, type CommandContext } from '../command.ts';
import { InputError, UsageError } from '../errors.ts';
import { buildUploadForm } from '../multipart.ts';
import { bytes, count } from '../render/format.ts';
import { renderTable } from '../render/table.ts';

type Model = components['schemas']['Model'];

const DISTILLATION = ['allowed', 'forbidden', 'unknown'] as const;
const OUTPUTS = ['logits', 'probabilities'] as const;
const LAYOUTS = ['nchw', 'nhwc'] as const;

/** `mlp [512, 512]`, `cnn [16, 32] + dense [64]`; whatever else an uploaded model declares, its kind. */
function describeArchitecture(architecture: unknown): string {
  const a = (architecture ?? {}) as { kind?: string; hidden?: number[]; filters?: number[]; dense?: number[] };
  if (a.kind === 'mlp' && a.hidden) return `mlp [${a.hidden.join(', ')}]`;
  if (a.kind === 'cnn' && a.filters) return `cnn [${a.filters.join(', ')}]${a.dense?.length ? ` + dense [${a.dense.join(', ')}]` : ''}`;
  return a.kind ?? '';
}

function getModel(ctx: CommandContext, id: string): Promise<Model> {
  return ctx.api.call(ctx.api.client.GET('/v1/models/{id}', { params: { path: { id } } }));
}

/** A served file name must be a plain name: a crafted one (`../x`) could otherwise write outside the folder. */
function checkFileName(model: string, name: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new InputError(`model ${model} lists a file named '${name}', which cannot be saved safely`);
  }
}

/**
 * The files to upload: the positionals, or the plain files of the one folder
 * given. A folder holding both model.json and model.onnx is a model
 * downloaded from the service (its TensorFlow.js files and their ONNX copy):
 * its TensorFlow.js files are sent, and `note` says how to send the copy instead.
 */
async function modelFiles(inputs: string[], note: (text: string) => void): Promise<string[]> {
  const stats = await Promise.all(
    inputs.map((input) =>
      stat(input).catch((error: NodeJS.ErrnoException) => {
        throw new InputError(`cannot read ${input}: ${error.code ?? error.message}`);
      }),
    ),
  );
  let files: string[];
  if (inputs.length === 1 && stats[0]!.isDirectory()) {
    const entries = await readdir(inputs[0]!, { withFileTypes: true });
    files = entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => path.join(inputs[0]!, entry.name));
    if (files.length === 0) throw new InputError(`folder ${inputs[0]} holds no model files`);
    const names = files.map((file) => path.basename(file));
    if (names.includes('model.json') && names.includes('model.onnx')) {
      files = files.filter((file) => path.basename(file) !== 'model.onnx');
      note(`${inputs[0]} holds model.json and model.onnx: sending the TensorFlow.js files; to upload the ONNX model instead, name it: distill models upload ${path.join(inputs[0]!, 'model.onnx')}`);
    }
  } else {
    const folder = inputs.find((_, i) => stats[i]!.isDirectory());
    if (folder) throw new InputError(`${folder} is a folder: give one folder, or the model's files`);
    files = inputs;
  }
  const names = new Set<string>();
  for (const file of files) {
    const name = path.basename(file);
    if (names.has(name)) throw new InputError(`two files are named ${name}; the server tells files apart by name`);
    names.add(name);
  }
  return files.sort();
}

function metadataField(args: CommandArgs): string | undefined {
  const metadata = args.json('metadata');
  if (metadata === undefined) return undefined;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw new UsageError('--metadata must be a JSON object');
  return JSON.stringify(metadata);
}

/** `28,28,1` -> `[28,28,1]` as the form's JSON text. */
function inputShapeField(args: CommandArgs): string | undefined {
  const shape = args.string('input-shape');
  if (shape === undefined) return undefined;
  if (!/^\d+(,\d+)*$/.test(shape.replace(/\s/g, ''))) throw new UsageError(`--input-shape must be sizes separated by commas, e.g. 28,28,1; got '${shape}'`);
  return JSON.stringify(shape.replace(/\s/g, '').split(',').map(Number));
}

const upload: Command = {
  name: ['models', 'upload'],
  summary: 'upload a teacher trained elsewhere (TensorFlow.js: model.json and its weight files; or ONNX: model.onnx)',
  synopsis: '<dir | files...> --name <name> [--license <spdx>] [--distillation <allowed|forbidden|unknown>] [--output <logits|probabilities>] [--layout <nchw|nhwc>]',
  options: {
    name: { type: 'string', value: '<name>', description: 'a name for the model (required)' },
    license: { type: 'string', value: '<spdx>', description: "the model's licence: an SPDX id such as Apache-2.0, or proprietary (server default: unknown)" },
    distillation: { type: 'string', value: '<terms>', description: `whether its licence lets it teach a student: ${DISTILLATION.join(', ')} (server default: unknown)` },
    output: { type: 'string', value: '<kind>', description: `what the model outputs: ${OUTPUTS.join(' or ')}` },
    'input-shape': { type: 'string', value: '<sizes>', description: 'graph and ONNX models whose input shape is not fixed: e.g. 28,28,1' },
    layout: { type: 'string', value: '<layout>', description: `ONNX image models: ${LAYOUTS.join(' (PyTorch) or ')}` },
    'readable-output': { type: 'string', multiple: true, value: '<name>', description: 'a layer (or node) that feature methods may read; repeat for several' },
    'attention-output': {
      type: 'string',
      multiple: true,
      value: '<name>',
      description: 'ONNX models: a node holding attention probabilities [batch, heads, tokens, tokens], readable as it is; repeat for several',
    },
    metadata: { type: 'string', value: '<json>', description: 'anything else to keep with the model, as a JSON object' },
  },
  positionals: { min: 1, max: Infinity, names: 'the model folder or its files' },
  examples: [
    'distill models upload ./my-teacher --name cnn-teacher --license Apache-2.0 --distillation allowed',
    'distill models upload model.json group1-shard1of1.bin --name t1 --license proprietary --distillation forbidden --output probabilities',
    'distill models upload resnet.onnx --name resnet-teacher --layout nchw --license BSD-3-Clause --distillation allowed',
  ],
  notes: 'POST /v1/models as multipart/form-data: one `files` part per file, named after it; files are streamed, never read whole.\nGiven a folder, every plain file in it is sent (not its subfolders, nor hidden files).',
  async run(ctx, args) {
    const readableOutputs = args.strings('readable-output');
    const attentionOutputs = args.strings('attention-output');
    const fields = {
      name: args.requiredString('name'),
      license: args.string('license'),
      distillation: args.choice('distillation', DISTILLATION),
      output: args.choice('output', OUTPUTS),
      inputShape: inputShapeField(args),
      layout: args.choice('layout', LAYOUTS),
      readableOutputs: readableOutputs.length > 0 ? JSON.stringify(readableOutputs) : undefined,
      attentionOutputs: attentionOutputs.length > 0 ? JSON.stringify(attentionOutputs) : undefined,
      metadata: metadataField(args),
    };
    const files = await modelFiles(args.positionals, (text) => ctx.io.stderr.write(`${text}\n`));
    // The server knows an ONNX model by its file name; an export named otherwise (resnet.onnx) is sent as model.onnx.
    const onnxFiles = files.filter((file) => file.endsWith('.onnx'));
    const parts = files.map((file) => ({ field: 'files', path: file, ...(onnxFiles.length === 1 && file === onnxFiles[0] ? { name: 'model.onnx' } : {}) }));
    const form = await buildUploadForm({ fields, files: parts });
    const model = (await (await ctx.api.fetch('/v1/models', { method: 'POST', body: form })).json()) as Model;
    if (ctx.json) printJson(ctx, model);
    else printLine(ctx, `${model.id}  ${model.name}: ${model.files.length} files, ${bytes(model.bytes)}, ${count(model.parameters)} parameters`);
  },
};

const list: Command = {
  name: ['models', 'list'],
  summary: 'list models (trained, distilled and uploaded)',
  synopsis: '[--limit <n>] [--after <cursor>]',
  options: {
    limit: { type: 'string', value: '<n>', description: 'at most this many (1-200, default 50)' },
    after: { type: 'string', value: '<cursor>', description: 'the page after this cursor' },
  },
  positionals: { min: 0, max: 0, names: '' },
  examples: ['distill models list', 'distill models list --json | jq -r ".items[] | [.id, .parameters] | @tsv"'],
  async run(ctx, args) {
    const limit = args.integer('limit', { min: 1, max: 200 });
    const after = args.string('after');
    const page = await ctx.api.call(ctx.api.client.GET('/v1/models', { params: { query: { ...(limit ? { limit } : {}), ...(after ? { after } : {}) } } }));
    if (ctx.json) return printJson(ctx, page);
    if (page.items.length === 0) return printLine(ctx, 'no models');
    printLine(
      ctx,
      renderTable(
        [
          { header: 'id', cell: (m: Model) => m.id },
          { header: 'name', cell: (m) => m.name },
          { header: 'architecture', cell: (m) => describeArchitecture(m.architecture) || m.format },
          { header: 'parameters', align: 'right', cell: (m) => count(m.parameters) },
          { header: 'weights', align: 'right', cell: (m) => bytes(m.bytes) },
          { header: 'from', cell: (m) => (m.lineage ? `${m.lineage.kind} ${m.lineage.jobId}` : 'upload') },
        ],
        page.items,
      ),
    );
    if (page.next) printLine(ctx, `more: distill models list --after ${page.next}`);
  },
};

const get: Command = {
  name: ['models', 'get'],
  summary: 'show a model: architecture, size, files and lineage',
  synopsis: '<id>',
  options: {},
  positionals: { min: 1, max: 1, names: 'the model id' },
  examples: ['distill models get m_…'],
  async run(ctx, args) {
    const model = await getModel(ctx, args.positional(0)!);
    if (ctx.json) return printJson(ctx, model);
    const lines = [
      `${model.id}  ${model.name} (${model.format})`,
      `architecture ${describeArchitecture(model.architecture)} · inputs [${model.inputShape.join(', ')}] · ${model.numClasses} classes`,
      `${count(model.parameters)} parameters · ${bytes(model.bytes)} of weights · files ${model.files.join(', ')}`,
      `digest ${model.digest}`,
    ];
    const terms = model as Model & { license?: string; distillation?: string; output?: string };
    if (terms.license) lines.push(`licence ${terms.license} · distillation ${terms.distillation ?? 'unknown'}${terms.output ? ` · outputs ${terms.output}` : ''}`);
    if (model.lineage) {
      const { lineage } = model;
      lines.push(
        `from ${lineage.kind} job ${lineage.jobId} ${lineage.dataset ? `on dataset ${lineage.dataset}` : lineage.graph ? `on the built-in graph ${lineage.graph}` : `in environment ${lineage.environment}`}` +
          (lineage.transferDataset ? ` (transfer set ${lineage.transferDataset})` : '') +
          (lineage.teachers.length ? `, teachers ${lineage.teachers.join(', ')}` : '') +
          `, seed ${lineage.seed}`,
      );
    }
    printLine(ctx, lines.join('\n'));
  },
};

const download: Command = {
  name: ['models', 'download'],
  summary: "download a model's files (model.json and weights) into a folder",
  synopsis: '<id> [--out <dir>]',
  options: { out: { type: 'string', value: '<dir>', description: 'where to save the files (default ./<id>)' } },
  positionals: { min: 1, max: 1, names: 'the model id' },
  examples: ['distill models download m_… --out student', "node -e \"require('@tensorflow/tfjs').loadLayersModel('file://student/model.json')\""],
  notes: 'Files are streamed to disk, each written under a temporary name and renamed once complete.',
  async run(ctx, args) {
    const id = args.positional(0)!;
    const model = await getModel(ctx, id);
    const dir = args.string('out') ?? id;
    await mkdir(dir, { recursive: true });
    const saved: { name: string; path: string; bytes: number }[] = [];
    for (const name of model.files) {
      checkFileName(id, name);
      const target = path.join(dir, name);
      const partial = `${target}.part`;
      const response = await ctx.api.fetch(`/v1/models/${encodeURIComponent(id)}/files/${encodeURIComponent(name)}`, { signal: ctx.signal });
      try {
        await pipeline(Readable.fromWeb((response.body ?? new Blob([]).stream()) as WebReadableStream<Uint8Array>), createWriteStream(partial));
        await rename(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      const size = (await stat(target)).size;
      saved.push({ name, path: target, bytes: size });
      if (!ctx.json) printLine(ctx, `saved ${target} (${bytes(size)})`);
    }
    if (ctx.json) printJson(ctx, { model: id, dir, files: saved });
  },
};

const card: Command = {
  name: ['models', 'card'],
  summary: "print a model's card (Markdown: what it is, where it came from, its licence)",
  synopsis: '<id>',
  options: {},
  positionals: { min: 1, max: 1, names: 'the model id' },
  examples: ['distill models card m_… > MODEL_CARD.md'],
  async run(ctx, args) {
    const id = args.positional(0)!;
    const response = await ctx.api.fetch(`/v1/models/${encodeURIComponent(id)}/card.md`, { headers: { accept: 'text/markdown' } });
    const text = await response.text();
    ctx.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  },
};

export const modelCommands: Command[] = [upload, list, get, download, card];
