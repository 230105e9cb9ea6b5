import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';

/** One option of a command, as parseArgs takes it plus what --help shows. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** How the value is shown in help, e.g. `<url>`. */
  value?: string;
  description: string;
}
export type OptionSpecs = Record<string, OptionSpec>;

/** Options every command takes. `--api` and `--api-key` may also come before the command. */
export const globalOptions = {
  api: { type: 'string', value: '<url>', description: 'API base URL (env DISTILL_API, default http://localhost:3000)' },
  'api-key': { type: 'string', value: '<key>', description: 'sent as Authorization: Bearer <key> (env DISTILL_API_KEY)' },
  json: { type: 'boolean', description: 'print machine-readable JSON on stdout' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} satisfies OptionSpecs;

/** Global options that take a value: the word after them is not the command's name. */
const GLOBAL_VALUE_OPTIONS = new Set(['--api', '--api-key']);

export interface CommandLine {
  /** The first two words that are not options, e.g. `jobs` and `submit`. */
  words: string[];
  /** Everything else, in order: the command's own arguments and options. */
  rest: string[];
}

/** Picks the group and action out of argv, wherever global options sit around them. */
export function splitCommandLine(argv: string[], wordsWanted = 2): CommandLine {
  const words: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (words.length < wordsWanted && !token.startsWith('-')) {
      words.push(token);
      continue;
    }
    rest.push(token);
    if (GLOBAL_VALUE_OPTIONS.has(token) && i + 1 < argv.length) rest.push(argv[++i]!);
  }
  return { words, rest };
}

/** Whether the arguments ask for help (before any `--`). */
export function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

type Value = string | boolean | string[] | boolean[] | undefined;

/** A command's parsed arguments, with accessors that turn bad values into usage errors. */
export class CommandArgs {
  constructor(
    private readonly values: Record<string, Value>,
    readonly positionals: string[],
  ) {}

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  /** A repeatable option (`multiple: true`): every value given, in order. */
  strings(name: string): string[] {
    const value = this.values[name];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
    return value;
  }

  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(choices as readonly string[]).includes(value)) {
      throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got '${value}'`);
    }
    return value as T;
  }

  integer(name: string, range: { min?: number; max?: number } = {}): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const number = Number(value);
    const { min = -Infinity, max = Infinity } = range;
    if (!/^-?\d+$/.test(value) || number < min || number > max) {
      throw new UsageError(`--${name} must be an integer${rangeText(min, max)}; got '${value}'`);
    }
    return number;
  }

  number(name: string, range: { min?: number; max?: number } = {}): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const number = Number(value);
    const { min = -Infinity, max = Infinity } = range;
    if (value.trim() === '' || !Number.isFinite(number) || number < min || number > max) {
      throw new UsageError(`--${name} must be a number${rangeText(min, max)}; got '${value}'`);
    }
    return number;
  }

  /** A JSON-valued option such as `--options '{"trainSize":1000}'`. */
  json(name: string): unknown {
    const value = this.string(name);
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch (error) {
      throw new UsageError(`--${name} must be JSON: ${(error as Error).message}`);
    }
  }

  positional(index: number): string | undefined {
    return this.positionals[index];
  }
}

function rangeText(min: number, max: number): string {
  if (Number.isFinite(min) && Number.isFinite(max)) return ` from ${min} to ${max}`;
  if (Number.isFinite(min)) return ` of at least ${min}`;
  if (Number.isFinite(max)) return ` of at most ${max}`;
  return '';
}

/**
 * Parses a command's arguments strictly: unknown options, missing values and
 * a wrong number of positionals are usage errors.
 */
export function parseCommandArgs(
  args: string[],
  options: OptionSpecs,
  positionals: { min: number; max: number; names: string },
): CommandArgs {
  const all: OptionSpecs = { ...globalOptions, ...options };
  const config = Object.fromEntries(
    Object.entries(all).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) },
    ]),
  );
  let parsed: { values: Record<string, Value>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: config, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  if (parsed.positionals.length < positionals.min) throw new UsageError(`missing ${positionals.names}`);
  if (parsed.positionals.length > positionals.max) {
    throw new UsageError(`unexpected argument '${parsed.positionals[positionals.max]}'`);
  }
  return new CommandArgs(parsed.values, parsed.positionals);
}

/** parseArgs' own messages are long and suggest `--` for options; shorten the common ones. */
function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1];
    return option ? `unknown option ${option}` : message;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /'(-[^ ']+)/.exec(message)?.[1];
    return option && /argument missing/.test(message) ? `${option} needs a value` : message;
  }
  return message;
}
