/**
 * Every way a command can end badly, each with the exit code it means:
 * 2 when the command line or a local input file was wrong (nothing was sent),
 * 1 when the server refused, could not be reached, or the job did not succeed,
 * 130 when interrupted with Ctrl-C.
 */
export abstract class CliError extends Error {
  abstract readonly exitCode: number;
}

/** A wrong command line: unknown command or option, missing or malformed argument. */
export class UsageError extends CliError {
  readonly exitCode = 2;
  constructor(
    message: string,
    /** The help text to print below the message. */
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** A local input (a job file, a model folder) that cannot be used; nothing was sent. */
export class InputError extends CliError {
  readonly exitCode = 2;
}

/** RFC 9457 problem details, the API's one error shape. */
export interface ProblemDetails {
  status: number;
  code: string;
  detail: string;
  title?: string;
  type?: string;
  field?: string;
}

/** The server answered with an error; printed as `error <code>: <detail>`. */
export class ApiProblemError extends CliError {
  readonly exitCode = 1;
  constructor(readonly problem: ProblemDetails) {
    super(`error ${problem.code}: ${problem.detail}${problem.field ? ` (field ${problem.field})` : ''}`);
  }
}

/** No HTTP answer at all: connection refused, DNS failure, reset. */
export class ServerUnreachableError extends CliError {
  readonly exitCode = 1;
  constructor(
    readonly baseUrl: string,
    reason: string,
  ) {
    super(`cannot reach the Distillery API at ${baseUrl} (${reason}); start it, or point --api / DISTILL_API at it`);
  }
}

/** A followed job that ended failed or cancelled. The job's own error is already printed. */
export class JobUnsuccessfulError extends CliError {
  readonly exitCode = 1;
}

/** Ctrl-C: the command stopped; what it started on the server (a job) goes on. */
export class InterruptedError extends CliError {
  readonly exitCode = 130;
}

/** Turns any HTTP error body into problem details, also when a proxy answered with HTML or nothing. */
export function toProblem(status: number, statusText: string, body: unknown): ProblemDetails {
  if (isProblem(body)) return body;
  const text = typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : statusText || 'no message';
  return { status, code: `http_${status}`, detail: text };
}

function isProblem(body: unknown): body is ProblemDetails {
  if (typeof body !== 'object' || body === null) return false;
  const candidate = body as Record<string, unknown>;
  return typeof candidate.code === 'string' && typeof candidate.detail === 'string';
}
