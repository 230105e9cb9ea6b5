/**
 * Stable error codes. Clients branch on `code`, never on `message`; a code, once
 * published, keeps its meaning. Each code maps to one HTTP status for the API.
 */
export const ErrorCodes = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  dataset_not_found: 404,
  model_not_found: 404,
  job_not_found: 404,
  sweep_not_found: 404,
  artifact_not_found: 404,
  key_not_found: 404,
  job_not_cancellable: 409,
  model_in_use: 409,
  dataset_in_use: 409,
  cache_entry_in_use: 409,
  /** The key is in API_KEYS / API_KEYS_FILE: it is removed there, not through the API. */
  key_configured: 409,
  /** Revoking it would leave no admin key to manage the service with. */
  last_admin_key: 409,
  /** A request with this Idempotency-Key is still running; retry once it has answered. */
  idempotency_key_in_use: 409,
  /** The Idempotency-Key was used for a request with another body or route. */
  idempotency_key_reused: 422,
  unknown_dataset: 422,
  unknown_model: 422,
  incompatible_dataset: 422,
  incompatible_model: 422,
  invalid_dataset_options: 422,
  unsupported_architecture: 422,
  job_too_large: 422,
  invalid_upload: 422,
  distillation_forbidden: 422,
  upload_too_large: 413,
  rate_limited: 429,
  quota_exceeded: 429,
  unsupported_media_type: 415,
  redis_unavailable: 503,
  store_unavailable: 503,
  starting: 503,
  // Job failures (reported in a job's `error`, not as HTTP statuses).
  job_cancelled: 499,
  invalid_job: 422,
  teacher_below_gate: 422,
  training_diverged: 500,
  out_of_memory: 507,
  job_timeout: 504,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** An error a user can act on: its message says what to change. */
export class DistilleryError extends Error {
  override readonly name = 'DistilleryError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** JSON pointer-ish path of the offending field, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }

  get status(): number {
    return ErrorCodes[this.code];
  }
}

export function isDistilleryError(error: unknown): error is DistilleryError {
  return error instanceof Error && (error as { name?: string }).name === 'DistilleryError';
}
