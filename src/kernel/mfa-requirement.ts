import { mfaRequired, type AccountPolicy } from './account-policy.js';
import type { ClearanceClass } from './roles.js';

/**
 * Which second factor a person must have (the security administrator's rule per clearance class, on top of the
 * account policy: administrators, and everyone when `mfaRequiredForAll`, need at least one factor). Phones are not
 * allowed into classified areas, so a class may be required to use a security key (FIDO2/WebAuthn) rather than a
 * code from an app or a hardware token.
 */
export const MFA_REQUIREMENTS = ['none', 'any', 'security_key'] as const;
export type MfaRequirement = (typeof MFA_REQUIREMENTS)[number];

/** The rule per clearance class; `unclassified`: people without a clearance class. */
export type MfaClassRule = Record<ClearanceClass | 'unclassified', MfaRequirement>;

export const DEFAULT_MFA_CLASS_RULE: MfaClassRule = {
  core: 'none',
  important: 'none',
  general: 'none',
  unclassified: 'none',
};

const STRENGTH: Record<MfaRequirement, number> = { none: 0, any: 1, security_key: 2 };

/** The stronger of two requirements. */
export function stronger(a: MfaRequirement, b: MfaRequirement): MfaRequirement {
  return STRENGTH[a] >= STRENGTH[b] ? a : b;
}

export function mfaRequirementOf(
  user: { adminRole: string | null; clearanceClass: string | null },
  policy: AccountPolicy,
  rule: MfaClassRule,
): MfaRequirement {
  const byPolicy: MfaRequirement = mfaRequired(user, policy) ? 'any' : 'none';
  const cls = (user.clearanceClass ?? 'unclassified') as keyof MfaClassRule;
  return stronger(byPolicy, rule[cls] ?? 'none');
}

/** What second factors a person holds. */
export interface FactorHoldings {
  app: boolean;
  tokens: number;
  securityKeys: number;
}

export function hasAnyFactor(h: FactorHoldings): boolean {
  return h.app || h.tokens > 0 || h.securityKeys > 0;
}

/** Whether the factors held meet the requirement (false: the person is sent to enrolment at sign-in). */
export function requirementMet(req: MfaRequirement, h: FactorHoldings): boolean {
  if (req === 'none') return true;
  if (req === 'any') return hasAnyFactor(h);
  return h.securityKeys > 0;
}

/**
 * Whether a code (app or token) may pass the second step at sign-in: not when the class requires a security key and
 * the person has one (a person who has none yet passes with a code and is then sent to enrol a key).
 */
export function codeAcceptedAtSignIn(req: MfaRequirement, h: FactorHoldings): boolean {
  return !(req === 'security_key' && h.securityKeys > 0);
}

/** Whether a factor may be removed: what remains must still meet the requirement, or nothing was met before either. */
export function mayRemoveFactor(
  req: MfaRequirement,
  h: FactorHoldings,
  kind: 'app' | 'token' | 'security_key',
): boolean {
  const after: FactorHoldings = {
    app: kind === 'app' ? false : h.app,
    tokens: kind === 'token' ? Math.max(0, h.tokens - 1) : h.tokens,
    securityKeys: kind === 'security_key' ? Math.max(0, h.securityKeys - 1) : h.securityKeys,
  };
  return requirementMet(req, after) || !requirementMet(req, h);
}
