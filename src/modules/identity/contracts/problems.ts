/** Why identity refuses a request (`error.details.problem`); the web's texts: identity's `problem.<code>`. */
export const IDENTITY_PROBLEMS = [
  'person_not_active',
  'built_in_role',
  'role_has_members',
  'already_member',
  'not_member',
  // A departure refused while a module's blocking holding remains (platform/departure.ts).
  'holdings_remain',
] as const;
export type IdentityProblem = (typeof IDENTITY_PROBLEMS)[number];

declare module '../../../platform/contracts/problems.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ProblemRegistry extends Record<IdentityProblem, true> {}
}
