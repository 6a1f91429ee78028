/**
 * Security keys (FIDO2/WebAuthn) as a second factor, through the real verification with a software authenticator:
 * registration from the profile (password re-entered) and at the enrolment step, sign-in with a key, re-authentication
 * with a key, renaming and removing; and the refusals: a wrong password, a replayed challenge or response, the wrong
 * origin, a counter that went back, someone else's key, a challenge another session asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { STRONG_PASSWORD, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { expectError } from '../../helpers/abuse.js';
import { SoftAuthenticator } from '../../helpers/soft-authenticator.js';
import { cleanupSessions } from '../../../src/modules/identity/jobs.js';

type Options = { challenge: string; rpId?: string; rp?: { id: string } };
const optionsOf = (r: { json(): unknown }) => (r.json() as { options: Options }).options;
const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error: { details?: { problem?: string } } }).error.details?.problem;

async function registerKey(a: Agent, key: SoftAuthenticator, name = 'Key 1', proof: Record<string, unknown> = {}) {
  const o = await a.post('/api/me/webauthn/register/options', { password: STRONG_PASSWORD, ...proof });
  expect(o.statusCode, o.body).toBe(200);
  const r = await a.post('/api/me/webauthn/register/verify', { response: key.register(optionsOf(o)), name });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { factor: { id: string } }).factor.id;
}

/** Signs in with the password; answers the agent at stage `mfa`. */
async function toMfaStep(t: TestApp, username: string): Promise<Agent> {
  const a = t.agent();
  const r = await a.login(username, STRONG_PASSWORD);
  expect(r.json()).toMatchObject({ stage: 'mfa' });
  return a;
}

describe.each(DB_KINDS)('security keys [%s]', (kind) => {
  let t: TestApp;
  let ann: Agent & { userId: string };
  let bob: Agent & { userId: string };
  const annKey = new SoftAuthenticator();
  const bobKey = new SoftAuthenticator();
  let annKeyId = '';

  beforeAll(async () => {
    t = await startTestApp(kind);
    ann = await t.employee('ann');
    bob = await t.employee('bob');
  });
  afterAll(async () => t?.close());

  it('registers a key from the profile after the password; a wrong password or a replayed response is refused', async () => {
    expect((await ann.get('/api/me/factors')).json()).toEqual({ items: [], requirement: 'none', pendingApp: false });
    const wrong = await ann.post('/api/me/webauthn/register/options', { password: 'not-the-password' });
    expectError(wrong, 403, 'forbidden');
    expect(problemOf(wrong)).toBe('reauth_wrong_password');
    const o = await ann.post('/api/me/webauthn/register/options', { password: STRONG_PASSWORD });
    expect(optionsOf(o)).toMatchObject({ rp: { id: 'localhost' }, attestation: 'none' });
    // Answered for another origin: refused, and the challenge is spent.
    const elsewhere = annKey.register(optionsOf(o), { origin: 'http://evil.example' });
    expectError(
      await ann.post('/api/me/webauthn/register/verify', { response: elsewhere, name: 'x' }),
      400,
      'mfa_invalid',
    );
    const o2 = await ann.post('/api/me/webauthn/register/options', { password: STRONG_PASSWORD });
    const response = annKey.register(optionsOf(o2));
    const ok = await ann.post('/api/me/webauthn/register/verify', { response, name: 'Desk key' });
    expect(ok.statusCode, ok.body).toBe(200);
    annKeyId = (ok.json() as { factor: { id: string } }).factor.id;
    expectError(await ann.post('/api/me/webauthn/register/verify', { response, name: 'again' }), 400, 'mfa_invalid');
    const mine = (await ann.get('/api/me/factors')).json() as { items: { kind: string; label: string }[] };
    expect(mine.items).toEqual([expect.objectContaining({ kind: 'security_key', id: annKeyId, label: 'Desk key' })]);
    expect((await ann.get('/api/auth/me')).json()).toMatchObject({ user: { mfaEnabled: true } });
  });

  it('signs in with the key; a replayed assertion, a wrong origin, a counter gone back and a stranger’s key are refused', async () => {
    const a = await toMfaStep(t, 'ann');
    expect((await a.get('/api/auth/mfa/methods')).json()).toEqual({
      app: false,
      token: false,
      securityKey: true,
      requirement: 'none',
    });
    // Someone else's key answering ann's challenge.
    await registerKey(bob, bobKey, 'Bob key');
    let o = optionsOf(await a.post('/api/auth/webauthn/sign-in/options'));
    expectError(await a.post('/api/auth/webauthn/sign-in/verify', { response: bobKey.assert(o) }), 400, 'mfa_invalid');
    // The wrong origin.
    o = optionsOf(await a.post('/api/auth/webauthn/sign-in/options'));
    const phished = annKey.assert(o, { origin: 'http://evil.example' });
    expectError(await a.post('/api/auth/webauthn/sign-in/verify', { response: phished }), 400, 'mfa_invalid');
    // The right one passes, once.
    o = optionsOf(await a.post('/api/auth/webauthn/sign-in/options'));
    const good = annKey.assert(o);
    const passed = await a.post('/api/auth/webauthn/sign-in/verify', { response: good });
    expect(passed.json()).toMatchObject({ stage: 'full' });
    const again = await toMfaStep(t, 'ann');
    await again.post('/api/auth/webauthn/sign-in/options');
    expectError(await again.post('/api/auth/webauthn/sign-in/verify', { response: good }), 400, 'mfa_invalid');
    // A clone replaying an old counter.
    o = optionsOf(await again.post('/api/auth/webauthn/sign-in/options'));
    const cloned = annKey.assert(o, { counter: 1 });
    expectError(await again.post('/api/auth/webauthn/sign-in/verify', { response: cloned }), 400, 'mfa_invalid');
    // A challenge asked for by one sign-in does not serve another sign-in of the same person.
    const asked = optionsOf(await again.post('/api/auth/webauthn/sign-in/options'));
    const other = await toMfaStep(t, 'ann');
    expectError(
      await other.post('/api/auth/webauthn/sign-in/verify', { response: annKey.assert(asked) }),
      400,
      'mfa_invalid',
    );
    // Options only at the second step.
    expect((await ann.post('/api/auth/webauthn/sign-in/options')).statusCode).toBe(403);
    // The failures were recorded as failed second steps.
    const failures = await t.ctx.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'auth.mfa_verify')
      .where('result', '=', 'failure')
      .execute();
    expect(failures.length).toBeGreaterThanOrEqual(5);
    t.advance(60_000);
  });

  it('re-authenticates with the key to add an app; without a factor proof the profile refuses', async () => {
    const a = await toMfaStep(t, 'ann');
    const o = optionsOf(await a.post('/api/auth/webauthn/sign-in/options'));
    expect((await a.post('/api/auth/webauthn/sign-in/verify', { response: annKey.assert(o) })).statusCode).toBe(200);
    const missing = await a.post('/api/me/mfa/app/start', { password: STRONG_PASSWORD });
    expectError(missing, 403, 'forbidden');
    expect(problemOf(missing)).toBe('reauth_factor_required');
    const c = optionsOf(await a.post('/api/me/webauthn/confirm-options'));
    // A sign-in challenge does not confirm, nor does a confirm challenge answered twice.
    const assertion = annKey.assert(c);
    const started = await a.post('/api/me/mfa/app/start', { password: STRONG_PASSWORD, assertion });
    expect(started.statusCode, started.body).toBe(200);
    const replay = await a.post('/api/me/mfa/app/start', { password: STRONG_PASSWORD, assertion });
    expect(problemOf(replay)).toBe('reauth_factor_wrong');
  });

  it('renames only one’s own key and removes it after the password', async () => {
    expect((await ann.patch(`/api/me/webauthn/${annKeyId}`, { name: 'Blue key' })).statusCode).toBe(200);
    expectError(await bob.patch(`/api/me/webauthn/${annKeyId}`, { name: 'Mine now' }), 404, 'not_found');
    expectError(await ann.patch(`/api/me/webauthn/${annKeyId}`, { name: '' }), 400, 'validation_failed');
    const wrong = await ann.post('/api/me/factors/remove', {
      kind: 'security_key',
      id: annKeyId,
      password: 'nope-nope',
    });
    expect(problemOf(wrong)).toBe('reauth_wrong_password');
    expectError(
      await bob.post('/api/me/factors/remove', { kind: 'security_key', id: annKeyId, password: STRONG_PASSWORD }),
      404,
      'not_found',
    );
    expect(
      (await ann.post('/api/me/factors/remove', { kind: 'security_key', id: annKeyId, password: STRONG_PASSWORD }))
        .statusCode,
    ).toBe(200);
    expect((await ann.get('/api/me/factors')).json()).toMatchObject({ items: [] });
    expect((await ann.get('/api/auth/me')).json()).toMatchObject({ user: { mfaEnabled: false } });
  });

  it('a class that requires a key enrols one at sign-in instead of an app, and keeps its last key', async () => {
    const sec = await t.admin('secadmin');
    const cur = (await sec.get('/api/settings/mfa-requirement')).json() as { version: number };
    const rule = { core: 'security_key', important: 'any', general: 'none', unclassified: 'security_key' };
    expect((await sec.put('/api/settings/mfa-requirement', { version: cur.version, rule })).statusCode).toBe(200);
    const carl = await t.employee('carl');
    expect((await carl.get('/api/auth/me')).json()).toMatchObject({ stage: 'mfa_enrol' });
    const app = await carl.post('/api/auth/mfa/enrol/start');
    expectError(app, 403, 'forbidden');
    expect(problemOf(app)).toBe('security_key_required');
    const key = new SoftAuthenticator();
    const o = optionsOf(await carl.post('/api/auth/webauthn/enrol/options'));
    const r = await carl.post('/api/auth/webauthn/enrol/verify', { response: key.register(o), name: 'Carl key' });
    expect(r.json()).toMatchObject({ stage: 'full' });
    const factors = (await carl.get('/api/me/factors')).json() as { items: { id: string }[]; requirement: string };
    expect(factors.requirement).toBe('security_key');
    const last = await carl.post('/api/me/factors/remove', {
      kind: 'security_key',
      id: factors.items[0]!.id,
      password: STRONG_PASSWORD,
    });
    expectError(last, 409, 'conflict');
    expect(problemOf(last)).toBe('last_factor_required');
    expect(
      (
        await sec.put('/api/settings/mfa-requirement', {
          version: cur.version + 1,
          rule: { ...rule, unclassified: 'none' },
        })
      ).statusCode,
    ).toBe(200);
  });
  it('challenges nobody answered are deleted by the session clean-up once expired', async () => {
    const open = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('webauthn_challenges')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await open()).toBeGreaterThan(0);
    await cleanupSessions(t.ctx);
    expect(await open()).toBeGreaterThan(0);
    t.advance(10 * 60_000);
    await cleanupSessions(t.ctx);
    expect(await open()).toBe(0);
  });
});
