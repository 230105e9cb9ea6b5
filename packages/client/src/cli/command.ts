import type { ApiConnection } from './api.ts';
import type { CommandArgs, OptionSpecs } from './args.ts';

/** Where a command writes: stdout for results, stderr for errors. Tests and main() pass the process's. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Opened only when a command reads it (`jobs submit -`): an unread stdin must not keep the process alive. */
  stdin(): NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

export interface CommandContext {
  io: CliIo;
  api: ApiConnection;
  /** `--json`: print JSON documents (or one JSON event per line) instead of text. */
  json: boolean;
  /** Aborted on Ctrl-C, so long streams stop cleanly. */
  signal: AbortSignal;
}

export interface Command {
  /** The words that name it: `['jobs', 'submit']`. */
  name: [group: string, action: string];
  summary: string;
  /** Arguments after the name, as help shows them: `<job.json|-> [--follow]`. */
  synopsis: string;
  options: OptionSpecs;
  positionals: { min: number; max: number; names: string };
  examples: string[];
  /** Shown in help under the options. */
  notes?: string;
  /** Left out of the top-level help (a command whose API is not served yet). */
  hidden?: boolean;
  run(ctx: CommandContext, args: CommandArgs): Promise<void>;
}

/** Writes one line to stdout. */
export function printLine(ctx: CommandContext, text = ''): void {
  ctx.io.stdout.write(`${text}\n`);
}

/** Writes a JSON document (pretty) or an event (one line) to stdout. */
export function printJson(ctx: CommandContext, value: unknown, options: { oneLine?: boolean } = {}): void {
  ctx.io.stdout.write(`${options.oneLine ? JSON.stringify(value) : JSON.stringify(value, null, 2)}\n`);
}
