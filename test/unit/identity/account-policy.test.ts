import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCOUNT_POLICY as P,
  afterFailedLogin,
  characterClasses,
  checkPasswordStrength,
  isLocked,
  mfaRequired,
  passwordExpired,
  sessionState,
  stageAfterMfa,
  stageAfterPassword,
  type AccountPolicy,
  type PasswordProblem,
  type SessionStage,
  type SessionState,
} from '../../../src/kernel/account-policy.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const MIN = 60_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const later = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const policy = (over: Partial<AccountPolicy> = {}): AccountPolicy => ({ ...P, ...over });

describe('defaults follow the seed rules', () => {
  it('[IT-03] has the documented defaults', () => {
    expect(P).toMatchObject({
      passwordMinLength: 10,
      passwordMinClasses: 3,
      rotationDaysCleared: 60,
      rotationDaysOthers: 0,
      lockoutThreshold: 5,
      lockoutMinutes: 15,
      idleTimeoutMinutes: 5,
      mfaRequiredForAll: false,
    });
  });
});

describe('characterClasses', () => {
  it.each([
    ['', 0],
    ['abc', 1],
    ['ABC', 1],
    ['123', 1],
    ['!!!', 1],
    ['保密', 1], // non-ASCII letters count as "symbol"
    ['aB', 2],
    ['aB3', 3],
    ['aB3$', 4],
    ['a b', 2], // space is a symbol
  ])('%j has %i classes', (pw, n) => {
    expect(characterClasses(pw)).toBe(n);
  });
});

describe('checkPasswordStrength', () => {
  const minLen: PasswordProblem = { rule: 'min_length', min: 10 };
  const minCls: PasswordProblem = { rule: 'min_classes', min: 3 };
  const hasUser: PasswordProblem = { rule: 'contains_username' };
  it.each<[string, string, PasswordProblem[]]>([
    ['Tr0ub4dor&3', 'alice', []],
    ['correcthorse', 'alice', [minCls]],
    ['Short1!', 'alice', [minLen]],
    ['short', 'alice', [minLen, minCls]],
    ['Abcdefghi1', 'alice', []], // exactly 10 chars, 3 classes
    ['Abcdefgh1', 'alice', [minLen]], // 9 chars
    ['xxAlice-2025', 'alice', [hasUser]], // case-insensitive
    ['ALICE123abc!', 'Alice', [hasUser]],
    ['Bo-1234567x', 'bo', []], // usernames under 3 chars are not checked
    ['Bob-1234567x', 'bob', [hasUser]],
    ['保密管理系统Ab1', 'alice', [minLen]], // 9 characters; CJK count as the symbol class
    ['保密管理系统Ab12', 'alice', []],
  ])('%j for %s', (pw, user, problems) => {
    expect(checkPasswordStrength(pw, user, P)).toEqual(problems);
  });

  it('counts code points, not UTF-16 units (astral characters count once)', () => {
    const pw = '😀😀😀😀😀Ab1!'; // 9 code points, 14 UTF-16 units
    expect(pw.length).toBe(14);
    expect(checkPasswordStrength(pw, 'alice', P)).toEqual([minLen]);
    expect(checkPasswordStrength('😀😀😀😀😀😀Ab1!', 'alice', P)).toEqual([]);
  });

  it('uses the configured numbers', () => {
    const strict = policy({ passwordMinLength: 16, passwordMinClasses: 4 });
    expect(checkPasswordStrength('Tr0ub4dor&3', 'alice', strict)).toEqual([{ rule: 'min_length', min: 16 }]);
    expect(checkPasswordStrength('Tr0ub4dor33333333', 'alice', strict)).toEqual([{ rule: 'min_classes', min: 4 }]);
  });
});

describe('passwordExpired (rotation every 60 days for cleared users)', () => {
  it.each<[string | null, number, boolean]>([
    ['core', 59 * DAY, false],
    ['core', 60 * DAY - 1, false],
    ['core', 60 * DAY, true],
    ['important', 61 * DAY, true],
    ['general', 60 * DAY, true],
    ['general', 10 * DAY, false],
    [null, 60 * DAY, false], // not cleared: rotationDaysOthers = 0 means never
    [null, 3650 * DAY, false],
  ])('clearance %s, changed %d ms ago -> %s', (clearanceClass, age, expired) => {
    expect(passwordExpired({ clearanceClass, passwordChangedAt: ago(age) }, P, NOW)).toBe(expired);
  });

  it('rotationDaysOthers applies to users without clearance when set', () => {
    const p = policy({ rotationDaysOthers: 90 });
    expect(passwordExpired({ clearanceClass: null, passwordChangedAt: ago(89 * DAY) }, p, NOW)).toBe(false);
    expect(passwordExpired({ clearanceClass: null, passwordChangedAt: ago(90 * DAY) }, p, NOW)).toBe(true);
  });

  it('rotationDaysCleared = 0 disables rotation for cleared users', () => {
    expect(
      passwordExpired(
        { clearanceClass: 'core', passwordChangedAt: ago(999 * DAY) },
        policy({ rotationDaysCleared: 0 }),
        NOW,
      ),
    ).toBe(false);
  });
});

describe('mfaRequired', () => {
  it.each<[string | null, boolean, boolean]>([
    ['sysadmin', false, true],
    ['secadmin', false, true],
    ['auditor', false, true],
    [null, false, false],
    [null, true, true],
    ['auditor', true, true],
  ])('adminRole %s, mfaRequiredForAll %s -> %s', (adminRole, all, required) => {
    expect(mfaRequired({ adminRole }, policy({ mfaRequiredForAll: all }))).toBe(required);
  });
});

describe('lockout', () => {
  const lockedUntil = (minutes: number) => later(minutes * MIN);

  it.each<
    [string, { failedLogins: number; lockedUntil: string | null }, { failedLogins: number; lockedUntil: string | null }]
  >([
    ['first failure', { failedLogins: 0, lockedUntil: null }, { failedLogins: 1, lockedUntil: null }],
    ['fourth failure', { failedLogins: 3, lockedUntil: null }, { failedLogins: 4, lockedUntil: null }],
    [
      'fifth failure locks for 15 minutes',
      { failedLogins: 4, lockedUntil: null },
      { failedLogins: 5, lockedUntil: lockedUntil(15) },
    ],
    [
      'further failures keep it locked',
      { failedLogins: 7, lockedUntil: null },
      { failedLogins: 8, lockedUntil: lockedUntil(15) },
    ],
    [
      'after the lock ran out the count starts afresh',
      { failedLogins: 5, lockedUntil: ago(1) },
      { failedLogins: 1, lockedUntil: null },
    ],
    [
      'a lock ending exactly now has run out',
      { failedLogins: 5, lockedUntil: NOW.toISOString() },
      { failedLogins: 1, lockedUntil: null },
    ],
    [
      'a failure during the lock extends it',
      { failedLogins: 5, lockedUntil: later(MIN) },
      { failedLogins: 6, lockedUntil: lockedUntil(15) },
    ],
  ])('%s', (_label, before, after) => {
    expect(afterFailedLogin(before, P, NOW)).toEqual(after);
  });

  it.each([1, 3, 10])(
    'threshold %i: locks on exactly that many consecutive failures, released when it runs out',
    (threshold) => {
      const p = policy({ lockoutThreshold: threshold, lockoutMinutes: 30 });
      let state = { failedLogins: 0, lockedUntil: null as string | null };
      for (let i = 1; i < threshold; i++) {
        state = afterFailedLogin(state, p, NOW);
        expect(isLocked(state, NOW)).toBe(false);
      }
      state = afterFailedLogin(state, p, NOW);
      expect(state.failedLogins).toBe(threshold);
      expect(state.lockedUntil).toBe(lockedUntil(30));
      expect(isLocked(state, NOW)).toBe(true);
      // released when the lock runs out
      expect(isLocked(state, new Date(NOW.getTime() + 30 * MIN - 1))).toBe(true);
      expect(isLocked(state, new Date(NOW.getTime() + 30 * MIN))).toBe(false);
    },
  );

  it.each<[string | null, boolean]>([
    [null, false],
    [ago(1), false],
    [NOW.toISOString(), false],
    [later(1), true],
  ])('isLocked(lockedUntil=%s) = %s', (lu, locked) => {
    expect(isLocked({ lockedUntil: lu }, NOW)).toBe(locked);
  });
});

describe('sessionState', () => {
  type S = { lastSeenAt: string; expiresAt: string; revokedAt: string | null };
  it.each<[string, S, SessionState]>([
    ['fresh', { lastSeenAt: ago(0), expiresAt: later(12 * 60 * MIN), revokedAt: null }, 'valid'],
    ['active 4:59 ago', { lastSeenAt: ago(5 * MIN - 1000), expiresAt: later(MIN), revokedAt: null }, 'valid'],
    ['idle exactly 5 minutes', { lastSeenAt: ago(5 * MIN), expiresAt: later(MIN), revokedAt: null }, 'idle'],
    ['idle 6 minutes', { lastSeenAt: ago(6 * MIN), expiresAt: later(MIN), revokedAt: null }, 'idle'],
    ['expires exactly now', { lastSeenAt: ago(0), expiresAt: NOW.toISOString(), revokedAt: null }, 'expired'],
    ['expired and idle: expired wins', { lastSeenAt: ago(60 * MIN), expiresAt: ago(1), revokedAt: null }, 'expired'],
    ['revoked wins over everything', { lastSeenAt: ago(60 * MIN), expiresAt: ago(1), revokedAt: ago(2) }, 'revoked'],
    ['revoked while otherwise valid', { lastSeenAt: ago(0), expiresAt: later(MIN), revokedAt: ago(0) }, 'revoked'],
  ])('%s -> %s', (_label, s, state) => {
    expect(sessionState(s, P, NOW)).toBe(state);
  });

  it('[IT-03] uses the configured idle timeout', () => {
    const s = { lastSeenAt: ago(10 * MIN), expiresAt: later(MIN), revokedAt: null };
    expect(sessionState(s, policy({ idleTimeoutMinutes: 15 }), NOW)).toBe('valid');
    expect(sessionState(s, policy({ idleTimeoutMinutes: 10 }), NOW)).toBe('idle');
  });
});

describe('sign-in stages', () => {
  type U = Parameters<typeof stageAfterPassword>[0];
  const user = (over: Partial<U>): U => ({
    mustChangePassword: false,
    mfaEnabled: false,
    adminRole: null,
    clearanceClass: null,
    passwordChangedAt: ago(DAY),
    ...over,
  });
  const expiredPw = { clearanceClass: 'core', passwordChangedAt: ago(61 * DAY) };

  // [label, user, stageAfterPassword, stageAfterMfa]
  it.each<[string, Partial<U>, SessionStage, SessionStage]>([
    ['plain employee', {}, 'full', 'full'],
    ['must change password', { mustChangePassword: true }, 'password_change', 'password_change'],
    ['cleared user with expired password', expiredPw, 'password_change', 'password_change'],
    ['cleared user with current password', { clearanceClass: 'core' }, 'full', 'full'],
    ['admin without MFA must enrol', { adminRole: 'sysadmin' }, 'mfa_enrol', 'mfa_enrol'],
    ['admin with MFA is asked for a code first', { adminRole: 'secadmin', mfaEnabled: true }, 'mfa', 'full'],
    [
      'admin without MFA who must change password: password first',
      { adminRole: 'auditor', mustChangePassword: true },
      'password_change',
      'password_change',
    ],
    [
      'user with MFA who must change password: code first, then password',
      { mfaEnabled: true, mustChangePassword: true },
      'mfa',
      'password_change',
    ],
    [
      'user with MFA and expired password: code first, then password',
      { mfaEnabled: true, ...expiredPw },
      'mfa',
      'password_change',
    ],
    ['non-admin with optional MFA enabled', { mfaEnabled: true }, 'mfa', 'full'],
  ])('%s', (_label, over, afterPassword, afterMfa) => {
    const u = user(over);
    expect(stageAfterPassword(u, P, NOW)).toBe(afterPassword);
    expect(stageAfterMfa(u, P, NOW)).toBe(afterMfa);
  });

  it('mfaRequiredForAll makes every user without MFA enrol', () => {
    const p = policy({ mfaRequiredForAll: true });
    expect(stageAfterPassword(user({}), p, NOW)).toBe('mfa_enrol');
    expect(stageAfterPassword(user({ mfaEnabled: true }), p, NOW)).toBe('mfa');
    expect(stageAfterMfa(user({ mfaEnabled: true }), p, NOW)).toBe('full');
  });
});
