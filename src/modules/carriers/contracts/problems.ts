/** Why the carriers module refuses a request (`error.details.problem`); the web's texts: carriers' `problem.<code>`. */
export const CARRIER_PROBLEMS = [
  'not_classified',
  'location_unknown',
  'location_inactive',
  'location_level_cap',
  'unsecured_channel',
  'not_designated',
  'bearer_not_designated',
  'person_not_cleared',
  'borrower_not_in_scope',
  'recipient_not_in_scope',
  'needs_item_access',
  'item_not_in_force',
  'reader_outside_scope',
  'already_in_scope',
  'due_in_past',
  'due_beyond_policy',
  'extension_not_later',
  'extension_too_long',
  'pages_mismatch',
  'quantity_mismatch',
  'return_in_past',
  'return_too_far',
  'private_destination',
  'wrong_status',
  'carrier_pending_request',
  'scheme_needs_seq',
  'scheme_invalid',
  'key_holder_inactive',
  'location_in_use',
  'recipient_is_custodian',
  'not_outgoing',
  'already_signed',
  'copies_exceed',
  'handler_exists',
  'handler_unknown',
  'person_not_in_department',
  'ledger_too_long',
] as const;
export type CarrierProblem = (typeof CARRIER_PROBLEMS)[number];

declare module '../../../platform/contracts/problems.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ProblemRegistry extends Record<CarrierProblem, true> {}
}
