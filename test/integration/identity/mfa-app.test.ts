/**
 * An authenticator app from the profile: the password (and the current factor) re-entered; the enrolled app keeps
 * working until the new one's first code, then is replaced; removing it after the password, never the last factor a
 * person must have; the security administrator's per-class rule (who may change it, bad input).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { STRONG_PASSWORD, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError } from '../../helpers/abuse.js';
import { base32Decode, hotp, totpStep } from '../../../src/kernel/totp.js';
import { MasterKeys, seal } from '../../../src/platform/crypto/keys.js';
import { appSealContext } from '../../../src/modules/identity/services/second-factors/codes.js';

const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error: { details?: { problem?: string } } }).error.details?.problem;

describe.each(DB_KINDS)('authenticator app from the profile [%s]', (kind) => {
  let t: TestApp;
  let dan: Agent & { userId: string };
  const codeFor = (secret: string, offset = 0) =>
    hotp(base32Decode(secret), totpStep(t.ctx.now()) + offset, (k, m) =>
      crypto.createHmac('sha1', k).update(m).digest(),
    );

  beforeAll(async () => {
    t = await startTestApp(kind);
    dan = await t.employee('dan');
  });
  afterAll(async () => t?.close());

  it('enrols a first app after the password; a wrong password or code changes nothing', async () => {
    const before = await t.auditHead();
    const wrong = await dan.post('/api/me/mfa/app/start', { password: 'Wrong-Password-1' });
    expectError(wrong, 403, 'forbidden');
    expect(problemOf(wrong)).toBe('reauth_wrong_password');
    expect((await auditRowsAfter(t, before)).map((r) => [r.action, r.result])).toContainEqual([
      'auth.mfa_enrol_start',
      'failure',
    ]);
    expectError(
      await dan.post('/api/me/mfa/app/start', { password: STRONG_PASSWORD, extra: 1 }),
      400,
      'validation_failed',
    );
    expectError(await dan.post('/api/me/mfa/app/confirm', { code: '123456' }), 409, 'conflict');
    const started = await dan.post('/api/me/mfa/app/start', { password: STRONG_PASSWORD });
    expect(started.statusCode, started.body).toBe(200);
    dan.mfaSecret = (started.json() as { secret: string }).secret;
    expect((await dan.get('/api/me/factors')).json()).toMatchObject({ items: [], pendingApp: true });
    expectError(await dan.post('/api/me/mfa/app/confirm', { code: '000000' }), 400, 'mfa_invalid');
    expect((await dan.post('/api/me/mfa/app/confirm', { code: dan.totp() })).statusCode).toBe(200);
    expect((await dan.get('/api/me/factors')).json()).toMatchObject({
      items: [{ kind: 'app', id: 'app' }],
      pendingApp: false,
    });
    // The enrolment step of sign-in is not the profile's: a fully signed-in session is sent there.
    expectError(await dan.post('/api/auth/mfa/enrol/start'), 409, 'conflict');
    t.advance(30_000);
  });

  it('a new app needs the current code; the old app works until the new one is confirmed, then not', async () => {
    const old = dan.mfaSecret;
    const missing = await dan.post('/api/me/mfa/app/start', { password: STRONG_PASSWORD });
    expect(problemOf(missing)).toBe('reauth_factor_required');
    const wrongCode = await dan.post('/api/me/mfa/app/start', { password: STRONG_PASSWORD, code: '111111' });
    expect(problemOf(wrongCode)).toBe('reauth_factor_wrong');
    const started = await dan.post('/api/me/mfa/app/start', { password: STRONG_PASSWORD, code: dan.totp() });
    expect(started.statusCode, started.body).toBe(200);
    const fresh = (started.json() as { secret: string }).secret;
    t.advance(30_000);
    // Signing in meanwhile: the old app's code still passes.
    const a = t.agent();
    expect((await a.login('dan', STRONG_PASSWORD)).json()).toMatchObject({ stage: 'mfa' });
    expectError(await a.post('/api/auth/mfa/verify', { code: codeFor(fresh) }), 400, 'mfa_invalid');
    expect((await a.post('/api/auth/mfa/verify', { code: codeFor(old) })).json()).toMatchObject({ stage: 'full' });
    t.advance(30_000);
    expect((await dan.post('/api/me/mfa/app/confirm', { code: codeFor(fresh) })).statusCode).toBe(200);
    t.advance(30_000);
    const b = t.agent();
    await b.login('dan', STRONG_PASSWORD);
    expectError(await b.post('/api/auth/mfa/verify', { code: codeFor(old) }), 400, 'mfa_invalid');
    expect((await b.post('/api/auth/mfa/verify', { code: codeFor(fresh) })).json()).toMatchObject({ stage: 'full' });
    dan.mfaSecret = fresh;
    t.advance(30_000);
  });

  it('the per-class rule: only the security administrator changes it; a required factor is not removed', async () => {
    const sec = await t.admin('secadmin');
    const sys = await t.admin('sysadmin');
    const cur = (await sec.get('/api/settings/mfa-requirement')).json() as { version: number; rule: object };
    expect(cur.rule).toEqual({ core: 'none', important: 'none', general: 'none', unclassified: 'none' });
    const rule = { core: 'any', important: 'any', general: 'none', unclassified: 'any' };
    expectError(await sys.put('/api/settings/mfa-requirement', { version: cur.version, rule }), 403, 'forbidden');
    expectError(await dan.get('/api/settings/mfa-requirement'), 403, 'forbidden');
    expectError(
      await sec.put('/api/settings/mfa-requirement', { version: cur.version, rule: { ...rule, core: 'sometimes' } }),
      400,
      'validation_failed',
    );
    const saved = await sec.put('/api/settings/mfa-requirement', { version: cur.version, rule });
    expect(saved.json()).toMatchObject({ rule, version: cur.version + 1 });
    expectError(await sec.put('/api/settings/mfa-requirement', { version: cur.version, rule }), 409, 'stale_version');
    const last = await dan.post('/api/me/factors/remove', { kind: 'app', id: 'app', password: STRONG_PASSWORD });
    expectError(last, 409, 'conflict');
    expect(problemOf(last)).toBe('last_factor_required');
    // A person of a class that requires a factor and has none is sent to enrolment at sign-in.
    const eve = await t.employee('eve');
    expect((await eve.get('/api/auth/me')).json()).toMatchObject({ stage: 'mfa_enrol' });
    expect((await eve.get('/api/auth/mfa/methods')).json()).toMatchObject({ requirement: 'any', app: false });
    const enrol = await eve.post('/api/auth/mfa/enrol/start');
    eve.mfaSecret = (enrol.json() as { secret: string }).secret;
    expect((await eve.post('/api/auth/mfa/enrol/confirm', { code: eve.totp() })).json()).toMatchObject({
      stage: 'full',
    });
    // Without the rule, the last factor may go.
    await sec.put('/api/settings/mfa-requirement', {
      version: cur.version + 1,
      rule: { ...rule, unclassified: 'none' },
    });
    expect(
      (await dan.post('/api/me/factors/remove', { kind: 'app', id: 'app', password: STRONG_PASSWORD })).statusCode,
    ).toBe(200);
    expect((await dan.get('/api/auth/me')).json()).toMatchObject({ user: { mfaEnabled: false } });
    expectError(
      await dan.post('/api/me/factors/remove', { kind: 'app', id: 'app', password: STRONG_PASSWORD }),
      404,
      'not_found',
    );
  });
  it('a pending app secret this server cannot open is audited and answered with a problem, not a bare 500', async () => {
    const ivy = await t.employee('ivy');
    const started = await ivy.post('/api/me/mfa/app/start', { password: STRONG_PASSWORD });
    expect(started.statusCode, started.body).toBe(200);
    const stranger = new MasterKeys([{ kid: '1', key: crypto.randomBytes(32), source: 'another instance' }]);
    const sealed = seal(stranger, Buffer.from('JBSWY3DPEHPK3PXP'), appSealContext(ivy.userId));
    await t.ctx.db.updateTable('users').set({ mfa_pending_secret: sealed }).where('id', '=', ivy.userId).execute();
    const before = await t.auditHead();
    const res = await ivy.post('/api/me/mfa/app/confirm', { code: '123456' });
    expectError(res, 503, 'unavailable');
    expect(problemOf(res)).toBe('mfa_secret_unreadable');
    expect((await auditRowsAfter(t, before)).map((e) => [e.action, e.result, e.target_id])).toContainEqual([
      'auth.mfa_secret_unreadable',
      'failure',
      ivy.userId,
    ]);
    // Nothing changed: the pending secret is still there, no app is enrolled.
    expect((await ivy.get('/api/me/factors')).json()).toMatchObject({ items: [], pendingApp: true });
  });
});
