/**
 * Re-authentication with a security key where a sensitive operation asks for it (`confirmIdentity`): a person whose
 * only second factor is a key signs an agreement with their password and the key's assertion; without it, or with an
 * assertion to another challenge, the signature is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { STRONG_PASSWORD, startTestApp, type TestApp } from '../../helpers/api.js';
import { expectError } from '../../helpers/abuse.js';
import { problemOf } from '../../helpers/classification-org.js';
import { createAndPublish, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import type { PublishResult } from '../../../src/modules/people/contracts/templates.js';
import { SoftAuthenticator } from '../../helpers/soft-authenticator.js';

const optionsOf = (r: { json(): unknown }) => (r.json() as { options: { challenge: string } }).options;

describe.each(DB_KINDS)('signing with a security key [%s]', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let nda: PublishResult;
  const key = new SoftAuthenticator();

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    nda = await createAndPublish(org, { title: '员工保密协议' });
    const a = org.testerA;
    const o = await a.post('/api/me/webauthn/register/options', { password: STRONG_PASSWORD });
    const r = await a.post('/api/me/webauthn/register/verify', { response: key.register(optionsOf(o)), name: 'K' });
    expect(r.statusCode, r.body).toBe(200);
    // A whole organisation with agreements is set up first: generous on a loaded machine.
  }, 180_000);
  afterAll(async () => t?.close());

  it('[PER-01] the password and the key sign; no assertion or one for another challenge is refused', async () => {
    const a = org.testerA;
    const sign = (extra: Record<string, unknown>) =>
      a.post('/api/agreements/sign', { versionId: nda.version.id, password: STRONG_PASSWORD, ...extra });
    const missing = await sign({});
    expectError(missing, 400, 'validation_failed');
    expect(problemOf(missing)).toBe('wrong_totp');
    // An assertion to a sign-in challenge (never issued for confirming) does not confirm.
    const stray = key.assert({ challenge: Buffer.from('not-issued-for-this').toString('base64url') });
    expect(problemOf(await sign({ assertion: stray }))).toBe('wrong_totp');
    const o = await a.post('/api/me/webauthn/confirm-options');
    expect(o.statusCode, o.body).toBe(200);
    const r = await sign({ assertion: key.assert(optionsOf(o)) });
    expect(r.statusCode, r.body).toBe(201);
  });
});
