/** Why identity refuses a request (`error.details.problem`); the web's texts: identity's `problem.<code>`. */
export const IDENTITY_PROBLEMS = [
  'person_not_active',
  'built_in_role',
  'role_has_members',
  'already_member',
  'not_member',
  // A departure refused while a module's blocking holding remains (platform/departure.ts).
  'holdings_remain',
  // Second factors (services/second-factors): re-authentication in the profile refused,
  'reauth_wrong_password',
  'reauth_factor_required', // the person holds a factor: a code or a security key's assertion is needed too
  'reauth_factor_wrong',
  'security_key_required', // the person's clearance class signs in with a security key, not a code
  'credential_exists', // this security key is already registered
  'last_factor_required', // the last factor that meets what is required of the person
  // hardware OTP tokens.
  'token_file_invalid', // the vendor's seed file cannot be read (details.line, details.reason)
  'token_serial_exists', // serials already imported (details.serials)
  'token_assigned', // the token is someone's (assign: already; delete: not before it is taken back)
  'token_not_hotp', // resynchronisation is for counter-based (HOTP) tokens
  // The instance's master key cannot open the person's sealed secret (an instance set up with keys of its own).
  'mfa_secret_unreadable',
  // The browser's part of a security-key step did not finish (cancelled, timed out, no key): raised by the web,
  // which shows it where it shows the server's refusals (web/src/modules/identity/pages/mfa/mfaApi.ts).
  'key_step',
] as const;
export type IdentityProblem = (typeof IDENTITY_PROBLEMS)[number];

declare module '../../../platform/contracts/problems.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ProblemRegistry extends Record<IdentityProblem, true> {}
}
