/**
 * Account policy: the numbers every organisation may configure, with the seed rules as defaults
 * (strong passwords, rotation every 2 months for cleared users, lockout, 5-minute idle lock, MFA for admins).
 */
export interface AccountPolicy {
  passwordMinLength: number;
  passwordMinClasses: number; // of: lower, upper, digit, symbol
  passwordHistory: number; // how many previous passwords may not be reused
  rotationDaysCleared: number; // users with a clearance class
  rotationDaysOthers: number; // 0 = never
  lockoutThreshold: number;
  lockoutMinutes: number;
  idleTimeoutMinutes: number;
  sessionLifetimeHours: number;
  mfaRequiredForAll: boolean; // admins always need MFA
  /**
   * Sign-in throttling, across accounts (the lockout above is per account): failed sign-in and MFA attempts
   * counted per source address and in total per window; past either limit new attempts are refused until the
   * window ends. Counting failures, not attempts, keeps an office behind one address able to sign in.
   */
  signInFailuresPerAddress: number;
  signInFailuresTotal: number;
  signInWindowMinutes: number;
  /**
   * 页面水印: signed-in pages carry a faint watermark of the viewer's name, account and the time, so a photo of a
   * screen showing classified titles says who took it (on by default, as Chinese confidentiality systems do).
   */
  screenWatermark: boolean;
}

export const DEFAULT_ACCOUNT_POLICY: AccountPolicy = {
  passwordMinLength: 10,
  passwordMinClasses: 3,
  passwordHistory: 5,
  rotationDaysCleared: 60,
  rotationDaysOthers: 0,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  idleTimeoutMinutes: 5,
  sessionLifetimeHours: 12,
  mfaRequiredForAll: false,
  signInFailuresPerAddress: 30,
  signInFailuresTotal: 300,
  signInWindowMinutes: 15,
  screenWatermark: true,
};

/** The fixed throttling window `now` falls in: its start (the counters' key) and the seconds until it ends. */
export function throttleWindow(now: Date, minutes: number): { start: string; retryAfterSeconds: number } {
  const size = minutes * 60_000;
  const start = Math.floor(now.getTime() / size) * size;
  return {
    start: new Date(start).toISOString(),
    retryAfterSeconds: Math.max(1, Math.ceil((start + size - now.getTime()) / 1000)),
  };
}

export type PasswordProblem =
  | { rule: 'min_length'; min: number }
  | { rule: 'min_classes'; min: number }
  | { rule: 'contains_username' }
  | { rule: 'reused'; history: number };

export function characterClasses(pw: string): number {
  let n = 0;
  if (/[a-z]/.test(pw)) n++;
  if (/[A-Z]/.test(pw)) n++;
  if (/[0-9]/.test(pw)) n++;
  if (/[^A-Za-z0-9]/.test(pw)) n++;
  return n;
}

/** Checks the rules that need only the text; reuse is checked by the service against stored hashes. */
export function checkPasswordStrength(pw: string, username: string, policy: AccountPolicy): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...pw].length < policy.passwordMinLength) problems.push({ rule: 'min_length', min: policy.passwordMinLength });
  if (characterClasses(pw) < policy.passwordMinClasses)
    problems.push({ rule: 'min_classes', min: policy.passwordMinClasses });
  if (username.length >= 3 && pw.toLowerCase().includes(username.toLowerCase()))
    problems.push({ rule: 'contains_username' });
  return problems;
}

const DAY_MS = 86_400_000;

/** Rotation: cleared users every N days (default 60, per the seed rule "every 2 months"). */
export function passwordExpired(
  user: { clearanceClass: string | null; passwordChangedAt: string },
  policy: AccountPolicy,
  now: Date,
): boolean {
  const days = user.clearanceClass ? policy.rotationDaysCleared : policy.rotationDaysOthers;
  if (!days) return false;
  return now.getTime() - Date.parse(user.passwordChangedAt) >= days * DAY_MS;
}

export function mfaRequired(user: { adminRole: string | null }, policy: AccountPolicy): boolean {
  return user.adminRole !== null || policy.mfaRequiredForAll;
}

/** Lockout: after `lockoutThreshold` consecutive failures the account is locked for `lockoutMinutes`. */
export function isLocked(user: { lockedUntil: string | null }, now: Date): boolean {
  return user.lockedUntil !== null && Date.parse(user.lockedUntil) > now.getTime();
}

export function afterFailedLogin(
  user: { failedLogins: number; lockedUntil: string | null },
  policy: AccountPolicy,
  now: Date,
): { failedLogins: number; lockedUntil: string | null } {
  // A lock that has run out starts a fresh count.
  const base = user.lockedUntil && Date.parse(user.lockedUntil) <= now.getTime() ? 0 : user.failedLogins;
  const failed = base + 1;
  if (failed >= policy.lockoutThreshold) {
    return {
      failedLogins: failed,
      lockedUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString(),
    };
  }
  return { failedLogins: failed, lockedUntil: null };
}

export type SessionState = 'valid' | 'idle' | 'expired' | 'revoked';

/** A session ends after the idle timeout without activity, or at its absolute lifetime, whichever first. */
export function sessionState(
  s: { lastSeenAt: string; expiresAt: string; revokedAt: string | null },
  policy: AccountPolicy,
  now: Date,
): SessionState {
  if (s.revokedAt) return 'revoked';
  if (Date.parse(s.expiresAt) <= now.getTime()) return 'expired';
  if (now.getTime() - Date.parse(s.lastSeenAt) >= policy.idleTimeoutMinutes * 60_000) return 'idle';
  return 'valid';
}

/**
 * The stage a fresh sign-in lands in: what must happen before the session is fully usable. `agreements`: signed in,
 * but held on the "sign now" page until the overdue agreements are signed (PER-01/02; the platform's sign-in gates).
 */
export type SessionStage = 'full' | 'password_change' | 'mfa' | 'mfa_enrol' | 'agreements';

export function stageAfterPassword(
  user: {
    mustChangePassword: boolean;
    mfaEnabled: boolean;
    adminRole: string | null;
    clearanceClass: string | null;
    passwordChangedAt: string;
  },
  policy: AccountPolicy,
  now: Date,
  factorMissing?: boolean,
): SessionStage {
  if (user.mfaEnabled) return 'mfa';
  return stageAfterMfa(user, policy, now, factorMissing);
}

/**
 * After MFA (or when the user has none yet): password change first, then MFA enrolment if required. `factorMissing`:
 * the caller's judgement of the factors held against the per-class requirement (`requirementMet` in
 * mfa-requirement.ts); without it, the account policy alone decides.
 */
export function stageAfterMfa(
  user: {
    mustChangePassword: boolean;
    mfaEnabled: boolean;
    adminRole: string | null;
    clearanceClass: string | null;
    passwordChangedAt: string;
  },
  policy: AccountPolicy,
  now: Date,
  factorMissing?: boolean,
): SessionStage {
  if (user.mustChangePassword || passwordExpired(user, policy, now)) return 'password_change';
  if (factorMissing ?? (!user.mfaEnabled && mfaRequired(user, policy))) return 'mfa_enrol';
  return 'full';
}
