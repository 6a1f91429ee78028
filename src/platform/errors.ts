import type { AuditAction } from './contracts/audit-actions.js';
import type { ErrorCode } from './contracts/errors.js';
import type { ErrorDetails } from './contracts/problems.js';
import type { RequestContext } from './context.js';
import type { UniqueViolation } from './db/db-errors.js';

/** The one error type services and routes throw; mapped to HTTP in exactly one place (httpStatusOf). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails | readonly unknown[] | null,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  password_policy: 400,
  mfa_invalid: 400,
  unauthenticated: 401,
  session_expired: 401,
  invalid_credentials: 401,
  mfa_required: 401,
  account_locked: 423,
  password_change_required: 403,
  csrf_failed: 403,
  forbidden: 403,
  separation_of_duties: 403,
  not_found: 404,
  conflict: 409,
  stale_version: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  not_configured: 503,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** Shorthands keep call sites readable and messages consistent. */
export const notFound = () => new AppError('not_found', 'Not found or no access');
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message);
export const staleVersion = () =>
  new AppError('stale_version', 'This record was changed by someone else; reload and try again');
export const badRequest = (message: string, details?: ErrorDetails) => new AppError('bad_request', message, details);

/**
 * A unique rule of the database refused a write (another request took the value first): 409 `conflict`
 * naming the field. `record` writes the refusal to the audit trail (set by `tx`, which knows the context).
 */
export class UniqueConflict extends AppError {
  constructor(
    readonly violation: UniqueViolation,
    readonly record?: (rc: RequestContext, action: AuditAction) => Promise<void>,
  ) {
    super('conflict', `This ${violation.field} is already used; choose another`, { field: violation.field });
  }
}

/** The database cannot be reached: 503 `unavailable` with Retry-After. */
export const unavailable = () =>
  new AppError('unavailable', 'The database cannot be reached; try again in a few seconds');
