/**
 * The departure contract through the API (issue 12, ADR 0019): `GET /api/users/:id/holdings` lists what a person
 * holds in each module (references and levels, never titles) to whoever records departures or hands things
 * over; `POST /api/users/:id/hand-over` passes a hand-over to the module (classification: custody transfers by
 * the security administrator); the departure itself revokes grants and ends pending requests. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly, randomId } from '../../helpers/abuse.js';
import { json, type Person } from '../../helpers/people.js';
import {
  addPerson,
  approveAll,
  classify,
  problemOf,
  requestRow,
  setStatus,
  setupOrg,
  type Org,
} from '../../helpers/classification-org.js';
import type { Holdings } from '../../../src/modules/identity/contracts/departure.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';

describe.each(DB_KINDS)('departure holdings and hand-over on %s', (kind) => {
  let t: TestApp;
  let org: Org;
  /** Keeps one secret item (custody) and holds a read grant on another. */
  let leaver: Person;
  let kept: ItemDetail;
  let other: ItemDetail;
  let grantId: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    leaver = await addPerson(org, `leaver.${kind}`, { departmentId: org.deptB, clearance: 'important' });
    kept = await classify(org, org.officerA, {
      level: 'secret',
      title: '离岗人员保管的事项',
      custodianId: leaver.userId,
    });
    other = await classify(org, org.officerA, { level: 'confidential', title: '授权查阅的事项' });
    grantId = await grant(leaver, other.id);
  });
  afterAll(() => t.close());

  async function grant(p: Person, itemId: string): Promise<string> {
    const { requestId } = json<{ requestId: string }>(
      await p.post('/api/access-requests', { itemId, actions: ['read'], days: 30, reason: '工作需要' }),
      201,
    );
    await approveAll(org, requestId);
    return (
      await t.ctx.db
        .selectFrom('access_grants')
        .select('id')
        .where('request_id', '=', requestId)
        .executeTakeFirstOrThrow()
    ).id;
  }
  const holdings = async (a: Org['sec'], userId: string) =>
    json<Holdings>(await a.get(`/api/users/${userId}/holdings`));
  const handOver = (a: Org['sec'], fromId: string, body: Record<string, unknown>) =>
    a.post(`/api/users/${fromId}/hand-over`, body);
  const custodianOf = async (id: string) =>
    (await t.ctx.db.selectFrom('secret_items').select('custodian_id').where('id', '=', id).executeTakeFirstOrThrow())
      .custodian_id;

  it('[PER-07] lists what a custodian and a grantee hold, by module: references and levels, never titles', async () => {
    for (const a of [org.sys, org.sec]) {
      const r = await a.get(`/api/users/${leaver.userId}/holdings`);
      expect(json<Holdings>(r)).toEqual({
        modules: [
          {
            module: 'classification',
            holdings: [
              {
                id: kept.id,
                kind: 'custody',
                reference: kept.number,
                level: 'secret',
                blocking: false,
                transferable: true,
              },
              {
                id: grantId,
                kind: 'grant',
                reference: other.number,
                level: 'confidential',
                blocking: false,
                transferable: false,
              },
            ],
          },
        ],
      });
      expect(r.body).not.toContain('离岗人员保管的事项');
      expect(r.body).not.toContain('授权查阅的事项');
    }
    // Someone holding nothing: no module.
    expect(await holdings(org.sys, org.plainA.userId)).toEqual({ modules: [] });
  });

  it('refuses whoever neither records departures nor hands over: 404 for the read, 403 for the hand-over, audited', async () => {
    for (const [a, name] of [
      [org.insiderA, 'insider.a'],
      [org.aud, 'auditor'],
      [leaver, leaver.username],
    ] as const) {
      const h = await t.auditHead();
      expectError(await a.get(`/api/users/${leaver.userId}/holdings`), 404, 'not_found');
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => [e.action, e.result, e.actor_name, e.target_id])).toEqual([
        ['user.view_holdings', 'denied', name, leaver.userId],
      ]);
      expect(JSON.parse(ev[0]!.details)).toMatchObject({ reason: 'not_found_or_no_access' });
    }
    // The security administrator is not asked about its own holdings this way.
    expectError(await org.sec.get(`/api/users/${org.sec.userId}/holdings`), 404, 'not_found');
    // An unknown person is not found either.
    const h0 = await t.auditHead();
    expectError(await org.sys.get(`/api/users/${randomId()}/holdings`), 404, 'not_found');
    expect(await t.auditHead()).toBe(h0);

    const body = { module: 'classification', toId: org.seniorA.userId, holdingIds: [kept.id] };
    for (const [a, name] of [
      [org.insiderA, 'insider.a'],
      [org.sys, 'sysadmin'],
    ] as const) {
      const h = await t.auditHead();
      await expectDenied(t, h, await handOver(a, leaver.userId, body), {
        action: 'user.hand_over',
        actorName: name,
        targetId: leaver.userId,
      });
    }
    expect(await custodianOf(kept.id)).toBe(leaver.userId);
  });

  it('refuses a bad hand-over with 400 and changes nothing', async () => {
    const disabled = await addPerson(org, `disabled.${kind}`, { departmentId: org.deptA, clearance: 'important' });
    await setStatus(org, disabled.userId, 'disable');
    const ok = { module: 'classification', toId: org.seniorA.userId, holdingIds: [kept.id] };
    const bad: [Record<string, unknown>, string?][] = [
      [{ ...ok, extra: 1 }],
      [{ module: 'classification', toId: org.seniorA.userId }],
      [{ ...ok, holdingIds: [] }],
      [{ ...ok, holdingIds: Array.from({ length: 201 }, () => randomId()) }],
      [{ ...ok, holdingIds: [kept.id, kept.id] }],
      [{ ...ok, holdingIds: ['no spaces'] }],
      [{ ...ok, toId: 'someone' }],
      [{ ...ok, module: 'Classification' }],
      // A module that holds nothing (or does not exist).
      [{ ...ok, module: 'carriers' }],
      [{ ...ok, module: 'audit' }],
      // To oneself, to nobody, to someone no longer active.
      [{ ...ok, toId: leaver.userId }],
      [{ ...ok, toId: randomId() }],
      [{ ...ok, toId: disabled.userId }, 'person_not_active'],
      // Holdings the module does not know as this person's custody: unknown, someone else's, a grant.
      [{ ...ok, holdingIds: [randomId()] }],
      [{ ...ok, holdingIds: [other.id] }],
      [{ ...ok, holdingIds: [grantId] }],
      [{ ...ok, holdingIds: [kept.id, randomId()] }],
    ];
    for (const [b, problem] of bad) {
      const h = await t.auditHead();
      const r = await handOver(org.sec, leaver.userId, b);
      await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
      if (problem) expect(problemOf(r)).toBe(problem);
    }
    // The module's own refusal passes through: the colleague must be cleared for the level.
    const r = await handOver(org.sec, leaver.userId, { ...ok, toId: org.lowA.userId });
    expectError(r, 400, 'validation_failed');
    expect(problemOf(r)).toBe('custodian_not_cleared');
    expect(await custodianOf(kept.id)).toBe(leaver.userId);
  });

  it('[CAR-02] the security administrator hands an item over: custody moves, audited as a custody transfer; the answer is what remains', async () => {
    const keeper = await addPerson(org, `keeper.${kind}`, { departmentId: org.deptB, clearance: 'important' });
    const item = await classify(org, org.officerA, { level: 'secret', custodianId: keeper.userId });
    const h = await t.auditHead();
    const after = json<Holdings>(
      await handOver(org.sec, keeper.userId, {
        module: 'classification',
        toId: org.seniorA.userId,
        holdingIds: [item.id],
      }),
    );
    expect(after).toEqual({ modules: [] });
    expect(await custodianOf(item.id)).toBe(org.seniorA.userId);
    const ev = await auditRowsAfter(t, h);
    expect(ev.map((e) => [e.action, e.result, e.actor_name, e.target_id])).toEqual([
      ['item.transfer_custody', 'success', 'secadmin', item.id],
    ]);
    expect(JSON.parse(ev[0]!.details)).toMatchObject({ from: keeper.userId, to: org.seniorA.userId });
    // Handed over already: a second attempt names a holding that is no longer this person's.
    expectError(
      await handOver(org.sec, keeper.userId, {
        module: 'classification',
        toId: org.seniorA.userId,
        holdingIds: [item.id],
      }),
      400,
      'validation_failed',
    );
  });

  it('[PER-07] the departure revokes the grants and ends the pending requests (audited); what was kept is handed over afterwards', async () => {
    const third = await classify(org, org.officerA, { level: 'confidential' });
    const { requestId } = json<{ requestId: string }>(
      await leaver.post('/api/access-requests', { itemId: third.id, actions: ['read'], days: 3, reason: '工作需要' }),
      201,
    );
    const h = await t.auditHead();
    await setStatus(org, leaver.userId, 'depart');
    org.byId.delete(leaver.userId);
    const ev = await auditRowsAfter(t, h);
    const revoked = ev.filter((e) => e.action === 'grant.revoke');
    expect(revoked.map((e) => [e.target_id, JSON.parse(e.details).reason])).toEqual([[grantId, 'departed']]);
    expect(ev.filter((e) => e.action === 'approval.expire').map((e) => e.target_id)).toEqual([requestId]);
    expect(await requestRow(t, requestId)).toMatchObject({ status: 'expired' });
    const g = await t.ctx.db
      .selectFrom('access_grants')
      .select(['revoked_at'])
      .where('id', '=', grantId)
      .executeTakeFirstOrThrow();
    expect(g.revoked_at).not.toBeNull();
    // The item kept does not block a departure: it is still listed, and handed over afterwards.
    expect(await holdings(org.sys, leaver.userId)).toEqual({
      modules: [
        {
          module: 'classification',
          holdings: [
            {
              id: kept.id,
              kind: 'custody',
              reference: kept.number,
              level: 'secret',
              blocking: false,
              transferable: true,
            },
          ],
        },
      ],
    });
    expect(
      json<Holdings>(
        await handOver(org.sec, leaver.userId, {
          module: 'classification',
          toId: org.seniorA.userId,
          holdingIds: [kept.id],
        }),
      ),
    ).toEqual({ modules: [] });
    expect(await custodianOf(kept.id)).toBe(org.seniorA.userId);
  });
});
