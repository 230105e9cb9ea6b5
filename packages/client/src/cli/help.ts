import { globalOptions, type OptionSpecs } from './args.ts';
import type { Command } from './command.ts';

const EXIT_CODES =
  'Exit codes: 0 done; 1 the server answered with an error, could not be reached, or the job failed or was cancelled;\n' +
  '2 wrong command line or unreadable input file (nothing was sent); 130 interrupted.';

function optionLines(options: OptionSpecs): string[] {
  const entries = Object.entries(options).map(([name, spec]) => {
    const label = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [label, spec.description] as const;
  });
  const width = Math.max(...entries.map(([label]) => label.length));
  return entries.map(([label, description]) => `  ${label.padEnd(width)}  ${description}`);
}

function commandList(commands: Command[]): string[] {
  const visible = commands.filter((command) => !command.hidden);
  const width = Math.max(...visible.map((command) => command.name.join(' ').length));
  return visible.map((command) => `  ${command.name.join(' ').padEnd(width)}  ${command.summary}`);
}

/** The whole help; `withTitle: false` after an error message, which already says who is talking. */
export function topLevelHelp(commands: Command[], options: { withTitle?: boolean } = {}): string {
  return [
    ...(options.withTitle === false ? [] : ['distill: the command-line client of the Distillery API (knowledge-distillation jobs)', '']),
    'Usage: distill <group> <command> [arguments] [options]',
    '',
    'Commands:',
    ...commandList(commands),
    '',
    'Global options (also accepted before the command):',
    ...optionLines(globalOptions),
    '',
    "Run 'distill <group> <command> --help' for a command's options and examples.",
    EXIT_CODES,
  ].join('\n');
}

export function groupHelp(group: string, commands: Command[]): string {
  return [`Usage: distill ${group} <command> [arguments] [options]`, '', 'Commands:', ...commandList(commands), '', `Run 'distill ${group} <command> --help' for details.`].join('\n');
}

export function commandHelp(command: Command): string {
  const lines = [`Usage: distill ${command.name.join(' ')} ${command.synopsis}`.trimEnd(), '', command.summary];
  if (Object.keys(command.options).length > 0) lines.push('', 'Options:', ...optionLines(command.options));
  lines.push('', 'Global options:', ...optionLines(globalOptions));
  if (command.notes) lines.push('', command.notes);
  if (command.examples.length > 0) lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  return lines.join('\n');
}
