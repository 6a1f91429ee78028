/**
 * Helpers of the agreements report, card and job tests: signing in again after the test clock moved (a person
 * overdue is held on the agreements page; an administrator answers the TOTP) and signing an agreement's version
 * electronically with the password (and the TOTP where enrolled).
 */
import { expect } from 'vitest';
import { STRONG_PASSWORD, type TestApp } from './api.js';
import type { Admin, Person } from './people-org.js';

type Agent = Person | Admin;

/** Signs in again; answers 'full' or 'agreements' (held). */
export async function signInAgain(t: TestApp, a: Agent): Promise<string> {
  let r = await a.login(a.username, STRONG_PASSWORD);
  expect(r.statusCode, r.body).toBe(200);
  if ((r.json() as { stage: string }).stage === 'mfa') {
    r = await a.post('/api/auth/mfa/verify', { code: a.totp() });
    expect(r.statusCode, r.body).toBe(200);
    t.advance(30_000);
  }
  const { stage } = r.json() as { stage: string };
  expect(['full', 'agreements']).toContain(stage);
  return stage;
}

/** Signs the version as the agent (signed in again first); returns the signature's id. */
export async function signVersion(t: TestApp, a: Agent, versionId: string): Promise<string> {
  await signInAgain(t, a);
  const mfa = a.mfaSecret ? { totpCode: a.totp() } : {};
  const r = await a.post('/api/agreements/sign', { versionId, password: STRONG_PASSWORD, ...mfa });
  expect(r.statusCode, r.body).toBe(201);
  t.advance(30_000);
  return (r.json() as { signature: { id: string } }).signature.id;
}
