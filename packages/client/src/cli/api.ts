import { createDistilleryClient, type DistilleryClient } from '../index.ts';
import { ApiProblemError, ServerUnreachableError, toProblem } from './errors.ts';

export interface ApiSettings {
  /** Where the API listens, e.g. http://localhost:3000 (a path prefix is kept). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>` when given. */
  apiKey?: string | undefined;
}

/** What openapi-fetch answers: data on success, the parsed error body otherwise. */
interface TypedAnswer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The CLI's one way to the server. JSON routes go through the generated,
 * typed client; multipart uploads, file downloads and event streams through
 * `fetch`, with the same base URL and credentials. Either way an error answer
 * becomes an ApiProblemError and a missing server a ServerUnreachableError.
 */
export class ApiConnection {
  readonly client: DistilleryClient;
  readonly baseUrl: string;
  private readonly headers: Record<string, string>;

  constructor(settings: ApiSettings) {
    this.baseUrl = settings.baseUrl.replace(/\/+$/, '');
    this.headers = settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {};
    this.client = createDistilleryClient(this.baseUrl, { headers: this.headers });
  }

  /** Awaits a typed-client call and returns its data, or throws what went wrong. */
  async call<T>(pending: Promise<TypedAnswer<T>>): Promise<T> {
    let answer: TypedAnswer<T>;
    try {
      answer = await pending;
    } catch (error) {
      throw this.unreachable(error);
    }
    if (!answer.response.ok || answer.data === undefined) {
      const { status, statusText } = answer.response;
      throw new ApiProblemError(toProblem(status, statusText, answer.error));
    }
    return answer.data;
  }

  /** A plain request to `path` (below the base URL) with credentials; throws on an error answer. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { ...init, headers: { ...this.headers, ...(init.headers as Record<string, string>) } });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw this.unreachable(error);
    }
    if (!response.ok) throw new ApiProblemError(toProblem(response.status, response.statusText, await readBody(response)));
    return response;
  }

  /** The error to throw when fetch itself failed: no answer came back. */
  unreachable(error: unknown): Error {
    if (!(error instanceof TypeError)) return error instanceof Error ? error : new Error(String(error));
    return new ServerUnreachableError(this.baseUrl, networkReason(error));
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Node's fetch hides the socket error in `cause` (an AggregateError when several addresses were tried). */
function networkReason(error: TypeError): string {
  const cause = error.cause as { code?: string; message?: string; errors?: { code?: string }[] } | undefined;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? error.message;
}
