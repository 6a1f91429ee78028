/**
 * Confidentiality agreements (保密协议、保密责任书、保密承诺书、离职保密协议): templates the security office writes and
 * publishes in versions, and the signatures every person gives. The words the server, the policy and the web share.
 */
export const AGREEMENT_KINDS = [
  'nda', // 保密协议: every employee (PER-01)
  'responsibility', // 保密责任书: every employee, the one of their department and post (PER-02, PER-08)
  'commitment', // 保密承诺书: cleared people, after their training (PER-03)
  'departure_nda', // 离职保密协议: leavers, before the departure is recorded (PER-04, PER-06)
  'other', // added by the security administrator; signed by who the template names
] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/** The kinds whose overdue signature holds the person on the "sign now" page at sign-in (PER-01/02). */
export const ENFORCED_KINDS: readonly AgreementKind[] = ['nda', 'responsibility'];

/** A template in use (versions may be published) or retired (no new obligations; signatures stay). */
export const TEMPLATE_STATUSES = ['active', 'retired'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/** How a signature was given: in Baomi with the password re-entered, or on paper (the scan recorded by the office). */
export const SIGNATURE_METHODS = ['electronic', 'paper'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/** A signature record is never changed: a withdrawal is a record of its own naming the signature it withdraws. */
export const SIGNATURE_ACTS = ['signed', 'withdrawn'] as const;
export type SignatureAct = (typeof SIGNATURE_ACTS)[number];

/**
 * Where a person stands with one agreement they must sign:
 * - `signed`: the current version signed and still valid;
 * - `due` / `overdue`: never signed (or only withdrawn signatures), before / after the end of the grace period;
 * - `resign_due` / `resign_overdue`: an earlier version signed (or a signature whose validity ended), the current
 *   one not yet, before / after the end of its grace period;
 * - `expiring`: signed and valid, the validity ending within the reminder window.
 */
export const OBLIGATION_STATES = ['signed', 'due', 'overdue', 'resign_due', 'resign_overdue', 'expiring'] as const;
export type ObligationState = (typeof OBLIGATION_STATES)[number];

/** States that ask the person to sign (the workbench card, reminders). */
export const TO_SIGN_STATES: readonly ObligationState[] = [
  'due',
  'overdue',
  'resign_due',
  'resign_overdue',
  'expiring',
];
/** States past their date (the office's overdue list; for enforced kinds, the sign-in hold). */
export const OVERDUE_STATES: readonly ObligationState[] = ['overdue', 'resign_overdue'];

/** Placeholders a template may use, filled in for the person who signs (`{{name}}` ...). */
export const AGREEMENT_PLACEHOLDERS = [
  'name', // display name
  'username',
  'department', // department name
  'post', // post (岗位), or empty
  'level', // clearance class (涉密等级), in the template's words; empty for uncleared people
  'date', // the signing date, organisation's calendar
  'organisation', // the unit's name
  'duties', // the duty description (保密职责) kept with the responsibility letter
] as const;
export type AgreementPlaceholder = (typeof AGREEMENT_PLACEHOLDERS)[number];

/** Defaults of the agreements settings. */
export const AGREEMENT_DEFAULTS = {
  /** Days a person has to sign a newly due agreement or a new version (PER-01/02 grace period). */
  graceDays: 14,
  /** Days before a signature's validity ends when the person is reminded (and the state is `expiring`). */
  expiryReminderDays: 30,
} as const;
