/** Why the people module refuses a request (`error.details.problem`); the web's texts: people's `problem.<code>`. */
export const PEOPLE_PROBLEMS = [
  // Templates
  'placeholder_unknown', // the body names a placeholder that is not one of AGREEMENT_PLACEHOLDERS (details.placeholder)
  'template_retired', // a retired template is neither edited nor published
  'template_unpublished', // the template has no published version yet
  'draft_unchanged', // publishing a draft identical to the current version
  'scope_not_allowed', // only responsibility letters and `other` templates name a department or post
  'duties_not_allowed', // duty descriptions (保密职责) belong with responsibility letters (and `other`)
  'department_unknown',
  'version_unknown',
  // Signing
  'superseded_version', // not the current version of the template
  // 'already_signed' (the current version is signed and valid) is carriers' code, reused: its text is worded for both.
  'not_required', // the person need not sign this template
  'training_required', // the commitment letter waits for the onboarding training (PER-03, when the setting says so)
  'wrong_password', // the password re-entered to sign is wrong
  'wrong_totp', // the TOTP code is wrong or missing though MFA is enrolled
  // Paper signatures
  'scan_type', // the scan is not a PDF, JPEG or PNG
  'scan_unknown', // no uploaded scan with this id
  'signed_on_future', // a paper signature dated after today
  'signed_on_before_version', // a paper signature dated before its version was published
  'person_inactive', // the person's account is disabled or departed (nothing new is recorded for them)
  // Withdrawal
  'signature_unknown',
  'already_withdrawn',
  'not_a_signature', // a withdrawal record cannot itself be withdrawn
  'reason_required',
  // Leavers and departure
  'already_leaver', // the departure NDA was already asked of this person
  'departure_nda_unsigned', // the departure is refused until the leaver signed the departure NDA (PER-04)
  // Reports and exports
  'export_too_long',
] as const;
export type PeopleProblem = (typeof PEOPLE_PROBLEMS)[number];

declare module '../../../platform/contracts/problems.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ProblemRegistry extends Record<PeopleProblem, true> {}
}
