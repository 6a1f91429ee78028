import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { expectOk, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError, randomId } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { classify, problemOf, setPolicy, setupOrg, type Org } from '../../helpers/classification-org.js';
import { DEFAULT_ACCOUNT_POLICY } from '../../../src/kernel/account-policy.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';

type Options = { requestAccess: boolean; emergencyAccess: boolean };
const NONE: Options = { requestAccess: false, emergencyAccess: false };
const BOTH: Options = { requestAccess: true, emergencyAccess: true };

/**
 * Issue 18, "offer only what is allowed; no fetch of what the user may not read":
 * GET /api/auth/password-rules (public), GET /api/items/:id/access-options, and the refusals of
 * POST /api/access-requests, /api/emergency-access and /api/items/:id/emergency-access that follow from the
 * asker's own role or clearance (they say why, and say the same whatever item was asked for).
 */
describe.each(DB_KINDS)('abilities and what pages may ask for on %s', (kind) => {
  let t: TestApp;
  let org: Org;
  let secretA: ItemDetail; // 机密, scope department A
  let confB: ItemDetail; // 秘密, scope department B

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    secretA = await classify(org, org.officerA, { level: 'secret', title: '甲部机密' });
    confB = await classify(org, org.headB, {
      level: 'confidential',
      title: '乙部秘密',
      scope: [{ kind: 'department', ref: org.deptB }],
    });
  });
  afterAll(() => t.close());

  describe('GET /api/auth/password-rules', () => {
    it('answers anyone, signed in or not, with lengths and character classes only, and records nothing', async () => {
      const h = await t.auditHead();
      const expected = { minLength: 10, maxLength: 256, minClasses: 3, classes: ['lower', 'upper', 'digit', 'symbol'] };
      expect(json(await t.agent().get('/api/auth/password-rules'))).toEqual(expected);
      expect(json(await org.lowA.get('/api/auth/password-rules'))).toEqual(expected);
      expect(json(await org.aud.get('/api/auth/password-rules'))).toEqual(expected);
      expect(await t.auditHead()).toBe(h);
    });

    it('follows the account policy, and a session that must change its password may read it', async () => {
      const current = json<{ version: number }>(await org.sys.get('/api/settings/account-policy'));
      await expectOk(
        await org.sys.put('/api/settings/account-policy', {
          version: current.version,
          policy: { ...DEFAULT_ACCOUNT_POLICY, passwordMinLength: 12, passwordMinClasses: 4 },
        }),
      );
      const created = json<{ user: { id: string }; oneTimePassword: string }>(
        await org.sys.post('/api/users', { username: 'new.joiner', displayName: '新同事', departmentId: org.deptA }),
        201,
      );
      const joiner: Agent = t.agent();
      expect(json<{ stage: string }>(await joiner.login('new.joiner', created.oneTimePassword)).stage).toBe(
        'password_change',
      );
      const h = await t.auditHead();
      expect(json(await joiner.get('/api/auth/password-rules'))).toMatchObject({ minLength: 12, minClasses: 4 });
      // The account policy itself stays the administrators'.
      expectError(await joiner.get('/api/settings/account-policy'), 403, 'password_change_required');
      expect(await t.auditHead()).toBe(h);
    });
  });

  describe('GET /api/users: each row says what the reader may do to that account', () => {
    type Row = { username: string; abilities?: { manage: boolean; security: boolean; handOver: boolean } };
    const rows = async (a: Agent) =>
      new Map(
        json<{ items: Row[] }>(await a.get('/api/users?pageSize=100')).items.map((r) => [r.username, r.abilities]),
      );

    it('the sysadmin manages ordinary accounts only; the secadmin sets roles and hands over, not on itself', async () => {
      const bySys = await rows(org.sys);
      const admins = [...bySys.keys()].filter((u) => ['sysadmin', 'secadmin', 'auditor'].some((r) => u.includes(r)));
      expect(admins.length).toBeGreaterThanOrEqual(3);
      for (const u of admins) expect(bySys.get(u)?.manage, u).toBe(false);
      expect(bySys.get('low.a')).toEqual({ manage: true, security: false, handOver: false });
      const bySec = await rows(org.sec);
      expect(bySec.get('low.a')).toEqual({ manage: false, security: true, handOver: true });
      const self = [...bySec.keys()].find((u) => u.includes('secadmin'))!;
      expect(bySec.get(self)).toEqual({ manage: false, security: false, handOver: false });
      expect(new Set([...(await rows(org.lowA)).values()].flatMap((a) => Object.values(a ?? {})))).toEqual(
        new Set([false]),
      );
    });
  });

  describe('GET /api/items/:id/access-options', () => {
    const options = async (a: Agent, id: string) => json<Options>(await a.get(`/api/items/${id}/access-options`));

    it('offers a request and emergency access only where they can succeed; otherwise the same "nothing"', async () => {
      const h = await t.auditHead();
      // Cleared for the level, not in scope: may ask, or take emergency access.
      expect(await options(org.lowA, confB.id)).toEqual(BOTH);
      expect(await options(org.outsiderB, secretA.id)).toEqual(BOTH);
      // Above the person's clearance, unknown, or asked by someone who may never ask: nothing, alike.
      expect(await options(org.lowA, secretA.id)).toEqual(NONE);
      expect(await options(org.lowA, randomId())).toEqual(NONE);
      for (const a of [org.plainA, org.aud, org.sys]) expect(await options(a, confB.id)).toEqual(NONE);
      expect(await t.auditHead()).toBe(h); // a read: nothing recorded, no denied event
      expectError(await org.lowA.get('/api/items/not-an-id/access-options'), 400, 'validation_failed');
    });

    it('follows the emergency-access setting', async () => {
      await setPolicy(org, { emergencyEnabled: false });
      expect(await options(org.lowA, confB.id)).toEqual({ requestAccess: true, emergencyAccess: false });
      await setPolicy(org, { emergencyEnabled: true });
    });
  });

  describe('asking for access: a refusal that follows from the asker says why, and nothing about the item', () => {
    const reason = '值班期间紧急处置需要查看';
    const asks = (a: Agent, number: string) => [
      () => a.post('/api/access-requests', { itemNumber: number, actions: ['read'], days: 5, reason }),
      () => a.post('/api/emergency-access', { itemNumber: number, reason }),
    ];

    it.each([
      ['the security auditor', 'access_role_excluded', 'aud'],
      ['the system administrator', 'access_role_excluded', 'sys'],
      ['a person without clearance', 'no_clearance', 'plainA'],
    ] as const)('%s is told %s, for a real number as for an unknown one', async (_who, problem, key) => {
      const a = org[key];
      for (const number of [confB.number, 'BM-2026-999999']) {
        for (const ask of asks(a, number)) {
          const h = await t.auditHead();
          const r = await ask();
          expectError(r, 403, 'forbidden');
          expect(problemOf(r)).toBe(problem);
          const events = await auditRowsAfter(t, h);
          expect(events.map((e) => [e.result, e.target_id, JSON.parse(e.details).reason])).toEqual([
            ['denied', null, problem],
          ]);
        }
      }
      const r = await a.post(`/api/items/${confB.id}/emergency-access`, { reason });
      expectError(r, 403, 'forbidden');
      expect(problemOf(r)).toBe(problem);
    });
  });
});
