/**
 * The sign-in hold (PER-01, PER-02): once a person's grace period has passed without the NDA and the responsibility
 * letter signed, signing in leads to the "sign now" stage (`agreements`): only their agreements, the text, signing,
 * who they are and signing out answer; every other API route answers 403 `agreements_required`. Administrators are
 * no exception. Signing both lifts the hold.
 */
import crypto from 'node:crypto';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { Agent, STRONG_PASSWORD, startTestApp, type TestApp } from '../../helpers/api.js';
import { expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { problemOf } from '../../helpers/classification-org.js';
import { advanceDays, createAndPublish, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import type { PublishResult } from '../../../src/modules/people/contracts/templates.js';

/** The routes a held session may use (besides the public ones). */
const OPEN_WHEN_HELD = [
  'GET /api/auth/me',
  'POST /api/auth/logout',
  'PATCH /api/me',
  'GET /api/agreements/mine',
  'GET /api/agreements/mine/:templateId/text',
  'POST /api/agreements/sign',
  // Signing with a security key asks for a challenge first (identity's re-authentication).
  'POST /api/me/webauthn/confirm-options',
  'GET /api/agreements/signatures/:id',
  'GET /api/agreements/signatures/:id/pdf',
  'GET /api/agreement-templates/:id/versions/:versionId',
  'GET /api/agreement-settings',
];

describe.each(DB_KINDS)('the sign-in hold on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let nda: PublishResult;
  let letterA: PublishResult;
  const routes: { method: string; url: string; auth: unknown }[] = [];
  /** The security administrator, signed in again once the grace period has passed (and their NDA signed). */
  let sec: Agent;

  beforeAll(async () => {
    const seen: RouteOptions[] = [];
    t = await startTestApp(kind, { onRoute: (r) => seen.push(r) });
    for (const r of seen) {
      const config = r.config as { surface?: string; auth?: unknown } | undefined;
      if (config?.surface === 'web' || config?.surface === 'docs' || config?.auth === 'public') continue;
      if (r.method === 'HEAD' || (Array.isArray(r.method) && r.method.includes('HEAD'))) continue;
      for (const method of [r.method].flat()) routes.push({ method, url: r.url, auth: config?.auth });
    }
    org = await setupPeopleOrg(t);
    nda = await createAndPublish(org, { title: '员工保密协议' });
    letterA = await createAndPublish(org, {
      kind: 'responsibility',
      title: '研发部保密责任书',
      departmentId: org.deptA,
      body: '# 保密责任书\n\n{{name}}',
      duties: '保管好载体',
    });
  });
  afterAll(() => t.close());

  const signIn = async (username: string) => {
    const a = new Agent({ app: t.app, ctx: t.ctx });
    const r = await a.login(username, STRONG_PASSWORD);
    expect(r.statusCode, r.body).toBe(200);
    return { a, stage: (r.json() as { stage: string }).stage };
  };

  it('[PER-01] within the grace period nobody is held', async () => {
    advanceDays(org, 13);
    const { stage } = await signIn('tester.a');
    expect(stage).toBe('full');
  });

  it('[PER-01] [PER-02] after the grace period signing in is held: only the agreements answer, until both are signed', async () => {
    advanceDays(org, 2); // 15 days after publishing: the 14 days of grace have passed
    const { a, stage } = await signIn('tester.a');
    expect(stage).toBe('agreements');
    const me = json<{ stage: string; abilities: Record<string, boolean> }>(await a.get('/api/auth/me'));
    expect(me.stage).toBe('agreements');
    expect(Object.values(me.abilities).some(Boolean)).toBe(false);

    const held = json<{ held: boolean; items: { kind: string; state: string }[] }>(await a.get('/api/agreements/mine'));
    expect(held.held).toBe(true);
    expect(held.items.map((o) => [o.kind, o.state])).toEqual([
      ['nda', 'overdue'],
      ['responsibility', 'overdue'],
    ]);

    // Every other API route: 403 agreements_required, before anything is read or written.
    const id = crypto.randomUUID();
    let checked = 0;
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      if (OPEN_WHEN_HELD.includes(key)) continue;
      const url = r.url.replace(/:[A-Za-z]+/g, id).replace(/\*$/, 'x');
      const res = await a.request(r.method, url, r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      expect({ key, status: res.statusCode, problem: problemOf(res) }).toEqual({
        key,
        status: 403,
        problem: 'agreements_required',
      });
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    // The routes the held page needs are open to the held session (and to a full one).
    for (const key of OPEN_WHEN_HELD) {
      const r = routes.find((x) => `${x.method} ${x.url}` === key);
      expect(r, key).toBeDefined();
      expect(r!.auth, key).toEqual(expect.arrayContaining(['agreements', 'full']));
    }

    const text = await a.get(`/api/agreements/mine/${nda.template.id}/text`);
    expect(text.statusCode).toBe(200);
    const first = await a.post('/api/agreements/sign', { versionId: nda.version.id, password: STRONG_PASSWORD });
    expect(first.statusCode, first.body).toBe(201);
    expect((first.json() as { stage: string }).stage).toBe('agreements');
    expect(problemOf(await a.get('/api/workbench'))).toBe('agreements_required');

    const second = await a.post('/api/agreements/sign', { versionId: letterA.version.id, password: STRONG_PASSWORD });
    expect(second.statusCode, second.body).toBe(201);
    expect((second.json() as { stage: string }).stage).toBe('full');
    expect((await a.get('/api/workbench')).statusCode).toBe(200);
    expect(json<{ stage: string }>(await a.get('/api/auth/me')).stage).toBe('full');
    // And the next sign-in is not held.
    expect((await signIn('tester.a')).stage).toBe('full');
  });

  it('[PER-01] administrators are no exception: held after their second factor', async () => {
    const a = new Agent({ app: t.app, ctx: t.ctx });
    a.mfaSecret = org.sec.mfaSecret;
    const r = await a.login('secadmin', STRONG_PASSWORD);
    expect((r.json() as { stage: string }).stage).toBe('mfa');
    t.advance(60_000);
    const v = await a.post('/api/auth/mfa/verify', { code: a.totp() });
    expect((v.json() as { stage: string }).stage).toBe('agreements');
    const refused = await a.get('/api/agreement-templates');
    expectError(refused, 403, 'forbidden');
    expect(problemOf(refused)).toBe('agreements_required');
    // The security administrator has only the NDA to sign (not the department's letter).
    t.advance(30_000);
    const s = await a.post('/api/agreements/sign', {
      versionId: nda.version.id,
      password: STRONG_PASSWORD,
      totpCode: a.totp(),
    });
    expect(s.statusCode, s.body).toBe(201);
    expect((s.json() as { stage: string }).stage).toBe('full');
    expect((await a.get('/api/agreement-templates')).statusCode).toBe(200);
    sec = a;
  });

  it('[PER-01] only the NDA and responsibility letter hold: other overdue agreements do not', async () => {
    // clerk.b (department B) must sign the NDA only; an `other` agreement overdue does not hold them.
    const other = await sec.post('/api/agreement-templates', {
      kind: 'other',
      title: '其他承诺',
      departmentId: null,
      post: null,
      validityMonths: null,
      graceDays: null,
      body: '# 其他承诺\n\n{{name}}',
      duties: null,
    });
    expect(other.statusCode, other.body).toBe(201);
    const id = (other.json() as { id: string; version: number }).id;
    const version = (other.json() as { version: number }).version;
    expect((await sec.post(`/api/agreement-templates/${id}/publish`, { version })).statusCode).toBe(200);
    advanceDays(org, 30);
    const { a, stage } = await signIn('clerk.b');
    expect(stage).toBe('agreements');
    const s = await a.post('/api/agreements/sign', { versionId: nda.version.id, password: STRONG_PASSWORD });
    expect((s.json() as { stage: string }).stage).toBe('full');
    const mine = json<{ held: boolean; items: { kind: string; state: string }[] }>(await a.get('/api/agreements/mine'));
    expect(mine.items.find((o) => o.kind === 'other')!.state).toBe('overdue');
    expect(mine.held).toBe(false);
    expect((await signIn('clerk.b')).stage).toBe('full');
  });
});
