import { z } from 'zod';

/**
 * Every error the API can answer with. The code is the contract: clients translate it
 * (web i18n keys `error.<code>`), the message is a plain English fallback.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'session_expired',
  'invalid_credentials',
  'account_locked',
  'mfa_required',
  'mfa_invalid',
  'password_change_required',
  'password_policy',
  'csrf_failed',
  'forbidden',
  'separation_of_duties',
  'not_found',
  'conflict',
  'stale_version',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'not_configured',
  /** The database cannot be reached for now; try again after `Retry-After` seconds. */
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
