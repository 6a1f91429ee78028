/**
 * Problem codes: the precise reason a refused request carries in `error.details.problem` (beside the error
 * code), which clients translate (the web's `problem.<code>` texts in the owning module's namespace). Each
 * module declares its own in `contracts/problems.ts` and adds them to `ProblemRegistry` by declaration
 * merging, so a misspelt code is a type error wherever an error is built.
 */
export const PLATFORM_PROBLEMS = [
  // Paper approvals recorded by the confidentiality office (platform/approvals/paper-records.ts).
  'evidence_type',
  'evidence_empty',
  'evidence_missing',
  'recorder_is_approver',
  'signed_on_invalid',
  // Sign-in gates (platform/sign-in-gates.ts): the session is held until the agreements due are signed (PER-01/02).
  'agreements_required',
] as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ProblemRegistry extends Record<(typeof PLATFORM_PROBLEMS)[number], true> {}

export type ProblemCode = keyof ProblemRegistry & string;

/** What an error may carry besides its code and message: a typed problem code, and anything else the client needs. */
export interface ErrorDetails {
  problem?: ProblemCode;
  [key: string]: unknown;
}
