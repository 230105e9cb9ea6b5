import { runCli } from './run.ts';

// The `distill` command: `npx distill --help`. Ctrl-C stops what the command
// is waiting for (a followed job keeps running on the server); a second one,
// or a command that does not stop within two seconds, exits at once.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
  setTimeout(() => process.exit(130), 2000).unref();
});

// `distill jobs events j_1 | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdin: () => process.stdin, env: process.env },
  interrupt.signal,
);
