/**
 * One application error with a documented code, and one table from code to HTTP status.
 * - `bad_request`: the request's shape is wrong (details lists field paths).
 * - `unauthenticated`: no valid token, or the user is unknown or deactivated.
 * - `forbidden`: the caller's role may not do this.
 * - `not_found`: no such record, or the caller may not see it.
 * - `conflict`: the record's state or a uniqueness rule refuses the change.
 * - `unprocessable`: well-formed but breaks a business rule.
 * - `idempotency_key_reused`: the Idempotency-Key already names a different request (user, route or body).
 * - `payload_too_large`, `unsupported_media_type`: the body is too big or not JSON.
 * - `uri_too_long`: a path parameter is over 100 characters; `header_too_large`: request headers over 16 KiB.
 * - `rate_limited`: too many writes in a short time.
 * - `unavailable`: Temporal or the database cannot be reached.
 * - `internal`: anything unexpected.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'idempotency_key_reused'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'uri_too_long'
  | 'header_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  uri_too_long: 414,
  header_too_large: 431,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isErrorCode = (v: unknown): v is ErrorCode => typeof v === 'string' && v in HTTP_STATUS;
