import { ApiConnection } from './api.ts';
import { parseCommandArgs, splitCommandLine, wantsHelp } from './args.ts';
import type { CliIo, Command } from './command.ts';
import { commands } from './commands/index.ts';
import { ApiProblemError, CliError, UsageError } from './errors.ts';
import { commandHelp, groupHelp, topLevelHelp } from './help.ts';

export const DEFAULT_API = 'http://localhost:3000';

/** Resolves the API address and key from options, then the environment; a malformed URL is a usage error. */
function apiSettings(values: { api?: string | undefined; apiKey?: string | undefined }, env: CliIo['env']) {
  const baseUrl = values.api ?? env.DISTILL_API ?? DEFAULT_API;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`--api must be an http(s) URL such as ${DEFAULT_API}; got '${baseUrl}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--api must be an http(s) URL; got '${baseUrl}'`);
  return { baseUrl, apiKey: values.apiKey ?? (env.DISTILL_API_KEY || undefined) };
}

/** Finds the command the words name; unknown words are usage errors that carry the help to show. */
function findCommand(words: string[], rest: string[]): Command | string {
  const [group, action] = words;
  if (group === undefined || group === 'help') {
    if (group === 'help' || wantsHelp(rest)) return topLevelHelp(commands);
    throw new UsageError('missing command', topLevelHelp(commands, { withTitle: false }));
  }
  const inGroup = commands.filter((command) => command.name[0] === group);
  if (inGroup.length === 0) throw new UsageError(`unknown command '${group}'`, topLevelHelp(commands, { withTitle: false }));
  if (action === undefined) {
    if (wantsHelp(rest)) return groupHelp(group, inGroup);
    throw new UsageError(`missing command after '${group}'`, groupHelp(group, inGroup));
  }
  const command = inGroup.find((candidate) => candidate.name[1] === action);
  if (!command) throw new UsageError(`unknown command '${group} ${action}'`, groupHelp(group, inGroup));
  return wantsHelp(rest) ? commandHelp(command) : command;
}

/**
 * Runs one command line and returns the exit code: 0 done, 1 the server or
 * the job said no (or could not be reached), 2 a usage error, 130 interrupted.
 * Results go to stdout, errors to stderr.
 */
export async function runCli(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const { words, rest } = splitCommandLine(argv);
  let command: Command | undefined;
  try {
    const found = findCommand(words, rest);
    if (typeof found === 'string') {
      io.stdout.write(`${found}\n`);
      return 0;
    }
    command = found;
    const args = parseCommandArgs(rest, command.options, command.positionals);
    const api = new ApiConnection(apiSettings({ api: args.string('api'), apiKey: args.string('api-key') }, io.env));
    await command.run({ io, api, json: args.flag('json'), signal }, args);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      const hint = error.usage ?? (command ? `Run 'distill ${command.name.join(' ')} --help' for its usage.` : '');
      io.stderr.write(`distill: ${error.message}\n${hint ? `\n${hint}\n` : ''}`);
      return error.exitCode;
    }
    if (error instanceof ApiProblemError) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      io.stderr.write(`distill: ${error.message}\n`);
      return error.exitCode;
    }
    if (signal.aborted) {
      io.stderr.write('distill: interrupted\n');
      return 130;
    }
    io.stderr.write(`distill: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
