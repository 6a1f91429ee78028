/**
 * Sign-in throttling across accounts: failed sign-in and MFA attempts counted per source address and in
 * total, in the database; past a limit every attempt (even with the right password) is refused with 429
 * `rate_limited` and Retry-After until the window ends, audited once per window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, type TestDbKind } from '../../helpers/db.js';
import { STRONG_PASSWORD, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError } from '../../helpers/abuse.js';
import { throttleWindow } from '../../../src/kernel/account-policy.js';

describe('throttle rules (pure)', () => {
  it.each([
    ['2026-11-23T08:00:00.000Z', 15, '2026-11-23T08:00:00.000Z', 900],
    ['2026-11-23T08:14:59.500Z', 15, '2026-11-23T08:00:00.000Z', 1],
    ['2026-11-23T08:15:00.000Z', 15, '2026-11-23T08:15:00.000Z', 900],
    ['2026-11-23T08:07:30.000Z', 60, '2026-11-23T08:00:00.000Z', 3150],
  ])('window of %s (%i min) starts %s, %i s left', (now, minutes, start, left) => {
    expect(throttleWindow(new Date(now), minutes)).toEqual({ start, retryAfterSeconds: left });
  });
});

/**
 * A fresh installation whose account policy has the given sign-in limits (15-minute windows), its clock at
 * the start of a window; `from(address)` makes an agent that signs in from that address.
 */
async function throttledApp(kind: TestDbKind, limits: Record<string, number>) {
  const t = await startTestApp(kind);
  const sys = await t.admin('sysadmin');
  const cur = (await sys.get('/api/settings/account-policy')).json() as {
    policy: Record<string, unknown>;
    version: number;
  };
  const r = await sys.put('/api/settings/account-policy', {
    version: cur.version,
    policy: { ...cur.policy, signInWindowMinutes: 15, ...limits },
  });
  expect(r.statusCode, r.body).toBe(200);
  t.advance(throttleWindow(t.ctx.now(), 15).retryAfterSeconds * 1000);
  const from = (address: string) => {
    const a = t.agent();
    a.address = address;
    return a;
  };
  return { t, sys, from };
}

describe.each(DB_KINDS)('sign-in throttling on %s', (kind) => {
  let t: TestApp;
  let from: (address: string) => Agent;

  beforeAll(async () => {
    ({ t, from } = await throttledApp(kind, {
      signInFailuresPerAddress: 3,
      signInFailuresTotal: 5,
      lockoutThreshold: 20,
    }));
    await t.employee('spray.target');
  });
  afterAll(() => t.close());

  it('refuses an address past its limit, even with the right password, until the window ends; audited once', async () => {
    const a = from('198.51.100.7');
    for (let i = 0; i < 3; i++) expectError(await a.login('spray.target', `wrong-${i}`), 401, 'invalid_credentials');
    const h = await t.auditHead();
    const refused = await a.login('spray.target', STRONG_PASSWORD);
    expectError(refused, 429, 'rate_limited');
    const retry = Number(refused.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(900);
    expectError(await a.login('spray.target', STRONG_PASSWORD), 429, 'rate_limited');
    const events = await auditRowsAfter(t, h);
    expect(events.map((e) => [e.action, e.result, e.target_id, e.ip])).toEqual([
      ['auth.rate_limited', 'denied', 'address:198.51.100.7', '198.51.100.7'],
    ]);
    // No session was made and the account's own lockout counter did not move for the refused attempts.
    const u = await t.ctx.db
      .selectFrom('users')
      .select('failed_logins')
      .where('username', '=', 'spray.target')
      .executeTakeFirstOrThrow();
    expect(u.failed_logins).toBe(3);
  });

  it('another address may still try, until the total limit stops everyone; the next window opens again', async () => {
    const b = from('198.51.100.8');
    expectError(await b.login('spray.target', 'wrong-b1'), 401, 'invalid_credentials');
    expectError(await b.login('nobody-here', 'wrong-b2'), 401, 'invalid_credentials');
    // 5 failures in total now: a third address with the right password is refused too.
    const c = from('198.51.100.9');
    const r = await c.login('spray.target', STRONG_PASSWORD);
    expectError(r, 429, 'rate_limited');
    expect(r.headers['retry-after']).toBeDefined();
    // MFA attempts are refused as well while the limit holds.
    const admin = from('198.51.100.10');
    const cred = t.creds['secadmin']!;
    expectError(await admin.login(cred.username, cred.oneTimePassword), 429, 'rate_limited');

    t.advance(15 * 60_000);
    const ok = await c.login('spray.target', STRONG_PASSWORD);
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('counts failed MFA codes like failed passwords', async () => {
    t.advance(15 * 60_000);
    const a = from('203.0.113.20');
    const cred = t.creds['auditor']!;
    const first = await t.admin('auditor'); // enrols MFA
    expect(first.mfaSecret).not.toBe('');
    expect((await a.login(cred.username, STRONG_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++)
      expectError(await a.post('/api/auth/mfa/verify', { code: first.totp(40) }), 400, 'mfa_invalid');
    expectError(await a.post('/api/auth/mfa/verify', { code: first.totp() }), 429, 'rate_limited');
  });
});

describe.each(DB_KINDS)('sign-in throttling under concurrent attempts on %s', (kind) => {
  let t: TestApp;
  let from: (address: string) => Agent;

  beforeAll(async () => {
    ({ t, from } = await throttledApp(kind, {
      signInFailuresPerAddress: 10,
      signInFailuresTotal: 20,
      lockoutThreshold: 5,
    }));
  });
  afterAll(() => t.close());

  it('attempts sent at once cannot all slip under the per-address limit', async () => {
    const a = from('198.51.100.50');
    await a.get('/api/auth/csrf');
    const res = await Promise.all(
      Array.from({ length: 40 }, (_, i) => a.post('/api/auth/login', { username: `nobody${i}`, password: 'x' })),
    );
    const codes = res.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(30);
  });

  it('a burst from strangers reaching the total limit does not lock out a person at an address they signed in from before', async () => {
    t.advance(15 * 60_000);
    const person = await t.employee('throttle.regular'); // signed in fully once, from 127.0.0.1
    await person.post('/api/auth/logout');
    for (let i = 0; i < 3; i++) {
      const s = from(`203.0.113.${100 + i}`);
      await s.get('/api/auth/csrf');
      await Promise.all(
        Array.from({ length: 10 }, (_, j) => s.post('/api/auth/login', { username: `spray${j}`, password: 'x' })),
      );
    }
    // Everyone else is held by the total limit...
    const stranger = from('203.0.113.200');
    expectError(await stranger.login('throttle.regular', STRONG_PASSWORD), 429, 'rate_limited');
    // ...but the person at their usual address signs in.
    const again = t.agent();
    expect((await again.login('throttle.regular', STRONG_PASSWORD)).statusCode).toBe(200);
  });

  it('failed passwords sent at once for one account are all counted: the account locks', async () => {
    t.advance(15 * 60_000);
    await t.employee('throttle.victim');
    const a = from('198.51.100.60');
    await a.get('/api/auth/csrf');
    const res = await Promise.all(
      Array.from({ length: 8 }, () => a.post('/api/auth/login', { username: 'throttle.victim', password: 'wrong' })),
    );
    expect(res.every((r) => r.statusCode === 401)).toBe(true);
    const u = await t.ctx.db
      .selectFrom('users')
      .select(['failed_logins', 'locked_until'])
      .where('username', '=', 'throttle.victim')
      .executeTakeFirstOrThrow();
    expect(u.failed_logins).toBe(8);
    expect(u.locked_until).not.toBeNull();
  });

  it('the current password on a password change is throttled and counted; the lockout signs the account out', async () => {
    t.advance(15 * 60_000);
    const p = await t.employee('throttle.changer');
    for (let i = 0; i < 4; i++) {
      expectError(
        await p.post('/api/auth/password', { currentPassword: `wrong-${i}`, newPassword: 'Another-Horse-43!' }),
        401,
        'invalid_credentials',
      );
    }
    expectError(
      await p.post('/api/auth/password', { currentPassword: 'wrong-4', newPassword: 'Another-Horse-43!' }),
      423,
      'account_locked',
    );
    expect((await p.get('/api/auth/me')).statusCode).toBe(401);
    const events = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'result'])
      .where('target_id', '=', p.userId)
      .where('action', 'in', ['auth.lockout', 'auth.password_change'])
      .execute();
    expect(events.filter((e) => e.action === 'auth.lockout')).toHaveLength(1);
    expect(events.filter((e) => e.action === 'auth.password_change' && e.result === 'failure')).toHaveLength(5);
  });
});
