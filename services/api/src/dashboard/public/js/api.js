/**
 * The dashboard's only way to the service: the public REST API, same origin.
 */

import { askForKey, forgetKey } from './key-prompt.js';

/** A failed request, with the problem document's code and detail when there is one. */
export class ApiError extends Error {
  constructor(status, code, detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

async function getJson(path, signal) {
  // The key, when the API needs one, rides in a cookie (see key-prompt.js).
  const response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    if (response.status === 401) {
      forgetKey();
      askForKey(problem.detail ?? 'The API needs a key.');
    }
    throw new ApiError(response.status, problem.code ?? 'http_error', problem.detail ?? `${path} answered ${response.status}`);
  }
  return response.json();
}

const segment = encodeURIComponent;

export const paths = {
  job: (id) => `/v1/jobs/${segment(id)}`,
  jobEvents: (id) => `/v1/jobs/${segment(id)}/events`,
  model: (id) => `/v1/models/${segment(id)}`,
  modelFile: (id, name) => `/v1/models/${segment(id)}/files/${segment(name)}`,
  modelCard: (id) => `/v1/models/${segment(id)}/card.md`,
  queues: '/admin/queues',
};

/** Newest first; `status` filters, `limit` up to 200. */
export function listJobs({ status, limit = 50 } = {}, signal) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (status) query.set('status', status);
  return getJson(`/v1/jobs?${query}`, signal);
}

export const getJob = (id, signal) => getJson(paths.job(id), signal);
export const getModel = (id, signal) => getJson(paths.model(id), signal);

/**
 * Follows a job's events over Server-Sent Events. The stream replays every
 * event from the start, then follows the job live, and ends with a `result`
 * event once the job has finished. Returns a function that stops following.
 *
 * handlers.onEvent(event)      status, stage, progress and log events, oldest first
 * handlers.onResult(result)    { status, result, error }, once
 * handlers.onConnection(state) 'open' | 'reconnecting' | 'interrupted' (the server said so) | 'closed'
 */
export function followJob(id, handlers) {
  const source = new EventSource(paths.jobEvents(id));
  const parse = (message) => {
    try {
      return JSON.parse(message.data);
    } catch {
      return undefined;
    }
  };
  for (const type of ['status', 'stage', 'progress', 'log']) {
    source.addEventListener(type, (message) => {
      const event = parse(message);
      if (event) handlers.onEvent(event);
    });
  }
  source.addEventListener('result', (message) => {
    // The server ends the stream after this; closing first stops EventSource from reconnecting.
    source.close();
    handlers.onConnection?.('closed');
    handlers.onResult(parse(message) ?? {});
  });
  source.addEventListener('open', () => handlers.onConnection?.('open'));
  source.addEventListener('error', (message) => {
    // A named `error` event carries data from the server (the stream broke on its side);
    // a plain one is the browser's own connection error. Either way EventSource
    // reconnects with Last-Event-ID unless the server refused the stream outright.
    if (message.data) handlers.onConnection?.('interrupted');
    else handlers.onConnection?.(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  });
  return () => source.close();
}
