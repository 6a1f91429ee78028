import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  HOTP_LOOK_AHEAD,
  hotp,
  resyncHotp,
  totpStep,
  verifyHotp,
  verifyTotp,
  type HmacSha1,
} from '../../../src/kernel/totp.js';
import { DEFAULT_ACCOUNT_POLICY, stageAfterMfa, stageAfterPassword } from '../../../src/kernel/account-policy.js';
import {
  DEFAULT_MFA_CLASS_RULE,
  codeAcceptedAtSignIn,
  mayRemoveFactor,
  mfaRequirementOf,
  requirementMet,
  type FactorHoldings,
  type MfaRequirement,
} from '../../../src/kernel/mfa-requirement.js';

const hmac: HmacSha1 = (k, m) => new Uint8Array(crypto.createHmac('sha1', k).update(m).digest());
const KEY = new TextEncoder().encode('12345678901234567890');
const at = (s: number) => new Date(s * 1000);

describe('TOTP windows (6/8 digits, 30/60 s)', () => {
  // RFC 6238 appendix B, 8 digits, T = 59 s and 1111111109 s (30 s steps).
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
  ])('8-digit code at T=%i is %s', (t, code) => {
    expect(hotp(KEY, totpStep(at(t)), hmac, 8)).toBe(code);
    expect(verifyTotp(KEY, code, at(t), 0, hmac, { digits: 8 })).toBe(totpStep(at(t)));
  });

  it.each<[string, number, number | null]>([
    ['previous step', -1, 1],
    ['current step', 0, 1],
    ['next step', 1, 1],
    ['two steps late', -2, null],
    ['two steps early', 2, null],
  ])('60 s period: a code of the %s', (_, offset, accepted) => {
    const now = at(1_800_000_000);
    const step = totpStep(now, 60) + offset;
    const code = hotp(KEY, step, hmac, 6);
    const got = verifyTotp(KEY, code, now, 0, hmac, { periodSeconds: 60 });
    expect(got).toBe(accepted === null ? null : step);
  });

  it('refuses a code of the wrong length or a step already used', () => {
    const now = at(1_800_000_000);
    const code = hotp(KEY, totpStep(now), hmac, 6);
    expect(verifyTotp(KEY, code, now, 0, hmac, { digits: 8 })).toBeNull();
    expect(verifyTotp(KEY, code, now, totpStep(now), hmac)).toBeNull();
    expect(verifyTotp(KEY, `${code}00`, now, 0, hmac)).toBeNull();
  });
});

describe('HOTP look-ahead and resync', () => {
  it.each<[string, number, number, number | null]>([
    ['the expected counter', 5, 5, 6],
    ['a press ahead', 5, 7, 8],
    ['the last in the window', 5, 5 + HOTP_LOOK_AHEAD, 6 + HOTP_LOOK_AHEAD],
    ['past the window', 5, 6 + HOTP_LOOK_AHEAD, null],
    ['a used counter', 5, 4, null],
  ])('%s', (_, next, pressed, expected) => {
    expect(verifyHotp(KEY, hotp(KEY, pressed, hmac), next, hmac)).toBe(expected);
  });

  it('resyncs on two consecutive codes only, within the window', () => {
    const c = (n: number) => hotp(KEY, n, hmac);
    expect(resyncHotp(KEY, c(60), c(61), 5, hmac)).toBe(62);
    expect(resyncHotp(KEY, c(60), c(62), 5, hmac)).toBeNull();
    expect(resyncHotp(KEY, c(61), c(60), 5, hmac)).toBeNull();
    expect(resyncHotp(KEY, c(200), c(201), 5, hmac)).toBeNull();
    expect(resyncHotp(KEY, c(3), c(4), 5, hmac)).toBeNull();
  });
});

const held = (app: boolean, tokens: number, securityKeys: number): FactorHoldings => ({ app, tokens, securityKeys });

describe('the per-class rule', () => {
  const rule = { core: 'security_key', important: 'any', general: 'none', unclassified: 'none' } as const;
  it.each<[string, string | null, string | null, boolean, MfaRequirement]>([
    ['an employee of no class', null, null, false, 'none'],
    ['a general-class employee', null, 'general', false, 'none'],
    ['an important-class employee', null, 'important', false, 'any'],
    ['a core-class employee', null, 'core', false, 'security_key'],
    ['an administrator of no class', 'sysadmin', null, false, 'any'],
    ['a core-class administrator', 'secadmin', 'core', false, 'security_key'],
    ['anyone when the policy requires it for all', null, 'general', true, 'any'],
  ])('%s', (_, adminRole, clearanceClass, forAll, expected) => {
    const policy = { ...DEFAULT_ACCOUNT_POLICY, mfaRequiredForAll: forAll };
    expect(mfaRequirementOf({ adminRole, clearanceClass }, policy, rule)).toBe(expected);
  });

  it('defaults to no requirement beyond the account policy', () => {
    expect(
      mfaRequirementOf({ adminRole: null, clearanceClass: 'core' }, DEFAULT_ACCOUNT_POLICY, DEFAULT_MFA_CLASS_RULE),
    ).toBe('none');
  });

  it.each<[MfaRequirement, FactorHoldings, boolean, boolean]>([
    ['none', held(false, 0, 0), true, true],
    ['any', held(false, 0, 0), false, true],
    ['any', held(false, 1, 0), true, true],
    ['security_key', held(true, 1, 0), false, true],
    ['security_key', held(true, 0, 1), true, false],
  ])('%s with %o: met %s, a code accepted at sign-in %s', (req, h, met, code) => {
    expect(requirementMet(req, h)).toBe(met);
    expect(codeAcceptedAtSignIn(req, h)).toBe(code);
  });

  it.each<[MfaRequirement, FactorHoldings, 'app' | 'token' | 'security_key', boolean]>([
    ['none', held(true, 0, 0), 'app', true],
    ['any', held(true, 0, 0), 'app', false],
    ['any', held(true, 1, 0), 'app', true],
    ['security_key', held(true, 0, 1), 'security_key', false],
    ['security_key', held(true, 0, 2), 'security_key', true],
    ['security_key', held(true, 0, 1), 'app', true],
    // Nothing met before: removing does not make it worse (a stricter rule arrived), so it is allowed.
    ['security_key', held(true, 0, 0), 'app', true],
  ])('%s with %o: may remove the %s: %s', (req, h, kind, expected) => {
    expect(mayRemoveFactor(req, h, kind)).toBe(expected);
  });

  it('sends a person whose factors miss the requirement to enrolment, after a password change', () => {
    const user = {
      mustChangePassword: false,
      mfaEnabled: true,
      adminRole: null,
      clearanceClass: 'core',
      passwordChangedAt: new Date().toISOString(),
    };
    const now = new Date();
    expect(stageAfterMfa(user, DEFAULT_ACCOUNT_POLICY, now, true)).toBe('mfa_enrol');
    expect(stageAfterMfa(user, DEFAULT_ACCOUNT_POLICY, now, false)).toBe('full');
    expect(stageAfterMfa({ ...user, mustChangePassword: true }, DEFAULT_ACCOUNT_POLICY, now, true)).toBe(
      'password_change',
    );
    expect(stageAfterPassword({ ...user, mfaEnabled: false }, DEFAULT_ACCOUNT_POLICY, now, true)).toBe('mfa_enrol');
    expect(stageAfterPassword(user, DEFAULT_ACCOUNT_POLICY, now, true)).toBe('mfa');
  });
});
