import { DistilleryError } from '@distillery/contracts';

/** What the AWS SDK puts on the errors it throws (service errors and network errors alike). */
interface SdkError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Socket-level failures: the server is down, unreachable, or dropped the connection. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** Nothing at that key. A missing bucket is a 404 too, but it is a misconfiguration, not a missing artifact. */
export function isMissingObject(error: unknown): boolean {
  const { name, $metadata } = error as SdkError;
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
}

/**
 * The server cannot serve us right now, after the SDK's own retries: network failures, timeouts
 * and 5xx answers. Worth a retry later, unlike a bad credential or a missing bucket.
 */
export function isStoreUnavailable(error: unknown): boolean {
  const { name, code, $metadata } = error as SdkError;
  return NETWORK_CODES.has(code ?? '') || name === 'TimeoutError' || ($metadata?.httpStatusCode ?? 0) >= 500;
}

/**
 * Translates an SDK error into the store's vocabulary: `artifact_not_found` for a missing `key`
 * (when one is given), `store_unavailable` (503) when the server cannot be reached. Anything else,
 * such as AccessDenied or NoSuchBucket, is a deployment error and is passed on unchanged.
 */
export function storeError(error: unknown, key?: string): unknown {
  if (key !== undefined && isMissingObject(error)) {
    return new DistilleryError('artifact_not_found', `No artifact at '${key}'.`);
  }
  if (isStoreUnavailable(error)) {
    const unavailable = new DistilleryError('store_unavailable', 'the artifact store (S3) cannot be reached; retry shortly');
    unavailable.cause = error; // for the logs; the message above is what users see
    return unavailable;
  }
  return error;
}
