import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, expectOk, startTestApp, STRONG_PASSWORD, type TestApp } from '../../helpers/api.js';

describe.each(DB_KINDS)('auth on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('health names the database kind', async () => {
    const r = await t.agent().get('/api/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', database: kind });
  });

  it('first sign-in of an administrator walks password change, then MFA enrolment, then full', async () => {
    const a = t.agent();
    const c = t.creds.secadmin!;
    const login = await a.login(c.username, c.oneTimePassword);
    expect(login.json()).toMatchObject({ stage: 'password_change' });
    // Nothing else is allowed before the password is changed.
    expect(errorCode(await a.get('/api/users'))).toBe('password_change_required');
    const weak = await a.post('/api/auth/password', { currentPassword: c.oneTimePassword, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(errorCode(weak)).toBe('password_policy');
    const oldSid = a.cookies.get('baomi_sid');
    const changed = await a.post('/api/auth/password', {
      currentPassword: c.oneTimePassword,
      newPassword: STRONG_PASSWORD,
    });
    expect(changed.json()).toMatchObject({ stage: 'mfa_enrol' });
    expect(a.cookies.get('baomi_sid')).not.toBe(oldSid); // the session id rotates
    expect((await a.get('/api/users')).statusCode).toBe(403);
    const enrol = await a.post('/api/auth/mfa/enrol/start');
    expect(enrol.statusCode).toBe(200);
    const body = enrol.json() as { secret: string; qrDataUrl: string; otpauthUrl: string };
    expect(body.qrDataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(body.otpauthUrl).toContain('otpauth://totp/');
    a.mfaSecret = body.secret;
    expect(errorCode(await a.post('/api/auth/mfa/enrol/confirm', { code: '000000' }))).toBe('mfa_invalid');
    const ok = await a.post('/api/auth/mfa/enrol/confirm', { code: a.totp() });
    expect(ok.json()).toMatchObject({ stage: 'full' });
    const me = await a.get('/api/auth/me');
    expect(me.json()).toMatchObject({
      stage: 'full',
      user: { username: 'secadmin', adminRole: 'secadmin', mfaEnabled: true },
    });

    // Next sign-in needs the second factor; the code already used is refused (a code works once).
    const usedCode = a.totp();
    const b = t.agent();
    b.mfaSecret = a.mfaSecret;
    expect((await b.login('secadmin', STRONG_PASSWORD)).json()).toMatchObject({ stage: 'mfa' });
    const reuse = await b.post('/api/auth/mfa/verify', { code: usedCode });
    expect(errorCode(reuse)).toBe('mfa_invalid');
    t.advance(30_000);
    expect((await b.post('/api/auth/mfa/verify', { code: b.totp() })).json()).toMatchObject({ stage: 'full' });
    t.advance(30_000);
  });

  it('answers the same for an unknown user and a wrong password, and locks after repeated failures', async () => {
    const emp = await t.employee('lockme');
    const a = t.agent();
    const unknown = await a.login('nobody-here', 'whatever-password');
    const wrong = await a.login('lockme', 'wrong-password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    for (let i = 0; i < 4; i++) await a.login('lockme', 'wrong-password');
    // Locked now: even the right password is refused, with the same generic answer.
    const locked = await a.login('lockme', STRONG_PASSWORD);
    expect(locked.statusCode).toBe(401);
    expect(locked.json()).toEqual(wrong.json());
    // Timed release after the lockout period (default 15 minutes).
    t.advance(16 * 60_000);
    expect((await a.login('lockme', STRONG_PASSWORD)).statusCode).toBe(200);
    void emp;
  });

  it('[IT-03] ends a session after the idle timeout and after its absolute lifetime', async () => {
    const a = await t.employee('idler');
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    t.advance(6 * 60_000); // default idle timeout 5 minutes
    const idle = await a.get('/api/auth/me');
    expect(idle.statusCode).toBe(401);
    expect(errorCode(idle)).toBe('session_expired');
    expect(errorCode(await a.get('/api/auth/me'))).toBe('unauthenticated');

    const b = t.agent();
    await expectOk(await b.login('idler', STRONG_PASSWORD));
    for (let i = 0; i < 200; i++) {
      t.advance(4 * 60_000 + 30_000); // keep it active, but beyond 12 h in total
      const r = await b.get('/api/auth/me');
      if (r.statusCode !== 200) {
        expect(errorCode(r)).toBe('session_expired');
        expect(i * 4.5 * 60_000).toBeGreaterThanOrEqual(11 * 3_600_000);
        return;
      }
    }
    throw new Error('session never expired');
  });

  it('[IT-03] background polls do not keep an idle session alive', async () => {
    const a = await t.employee('poller');
    for (let i = 0; i < 4; i++) {
      t.advance(60_000);
      expect((await a.get('/api/notifications/unread-count', { 'x-baomi-background': '1' })).statusCode).toBe(200);
    }
    t.advance(90_000); // 5.5 minutes since the last real activity
    expect(errorCode(await a.get('/api/notifications/unread-count', { 'x-baomi-background': '1' }))).toBe(
      'session_expired',
    );
  });

  it('refuses unsafe requests without the CSRF token and changes nothing', async () => {
    const sys = await t.admin('sysadmin');
    const head = await t.auditHead();
    const saved = sys.csrf;
    sys.csrf = '';
    const r = await sys.post('/api/departments', { name: 'No token', parentId: null });
    expect(r.statusCode).toBe(403);
    expect(errorCode(r)).toBe('csrf_failed');
    sys.csrf = 'wrong-token';
    expect(errorCode(await sys.post('/api/departments', { name: 'Wrong token', parentId: null }))).toBe('csrf_failed');
    sys.csrf = saved;
    expect(await t.auditHead()).toBe(head);
    const anon = t.agent();
    expect(errorCode(await anon.post('/api/auth/login', { username: 'x', password: 'y' }))).toBe('csrf_failed');
  });

  it('revokes every session on password change', async () => {
    const a = await t.employee('twodevices');
    const b = t.agent();
    await expectOk(await b.login('twodevices', STRONG_PASSWORD));
    expect((await b.get('/api/me/sessions')).json().items.length).toBeGreaterThanOrEqual(2);
    await expectOk(
      await a.post('/api/auth/password', { currentPassword: STRONG_PASSWORD, newPassword: 'Another-Strong-77#' }),
    );
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    // Reusing a recent password is refused.
    const reuse = await a.post('/api/auth/password', {
      currentPassword: 'Another-Strong-77#',
      newPassword: STRONG_PASSWORD,
    });
    expect(errorCode(reuse)).toBe('password_policy');
  });

  it('sets session cookies HttpOnly and SameSite=Strict, and security headers', async () => {
    const a = t.agent();
    await a.get('/api/auth/csrf');
    const res = await a.post('/api/auth/login', { username: 'twodevices', password: 'Another-Strong-77#' });
    const sid = (res.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]).find(
      (c) => c.name === 'baomi_sid',
    );
    expect(sid?.httpOnly).toBe(true);
    expect(sid?.sameSite).toBe('Strict');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
  });

  it('logout ends the session', async () => {
    const a = await t.employee('leaver');
    await expectOk(await a.post('/api/auth/logout'));
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
  });
});
