import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import {
  addPerson,
  approveAll,
  classify,
  count,
  proposal,
  propose,
  notificationsOf,
  problemOf,
  requestRow,
  setStatus,
  setupOrg,
  visibleIds,
  type Org,
} from '../../helpers/classification-org.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';

/** POST /api/items/:id/custody: the confidentiality office hands an item to a new custodian (移交保管). */
describe.each(DB_KINDS)('custody of secret items on %s', (kind) => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
  });
  afterAll(() => t.close());

  const transfer = (
    a: Org['sec'],
    item: { id: string; version: number },
    custodianId: string,
    extra: Record<string, unknown> = {},
  ) =>
    a.post(`/api/items/${item.id}/custody`, { version: item.version, custodianId, reason: '原保管人调岗', ...extra });
  const detail = async (a: Org['sec'], id: string) => json<ItemDetail>(await a.get(`/api/items/${id}`));

  it('[CAR-02] the security administrator hands the item over: the new custodian keeps it, the old one no longer does; both are told; history and trail say so', async () => {
    const keeper = await addPerson(org, `keeper.b.${kind}`, { departmentId: org.deptB, clearance: 'important' });
    const item = await classify(org, org.officerA, { level: 'secret', title: '移交事项' });
    expect(await visibleIds(keeper)).not.toContain(item.id);
    const h = await t.auditHead();
    const d = json<ItemDetail>(await transfer(org.sec, item, keeper.userId));
    expect(d).toMatchObject({ custodianId: keeper.userId, custodianName: keeper.username, version: item.version + 1 });
    const ev = await auditRowsAfter(t, h);
    expect(ev.map((e) => [e.action, e.actor_name, e.target_id])).toEqual([
      ['item.transfer_custody', 'secadmin', item.id],
    ]);
    expect(JSON.parse(ev[0]!.details)).toEqual({
      from: org.officerA.userId,
      to: keeper.userId,
      reason: '原保管人调岗',
    });
    // The new custodian knows, reads and keeps it; the old one still knows it through the scope, but keeps it no more.
    expect(await visibleIds(keeper)).toContain(item.id);
    expect((await detail(keeper, item.id)).abilities).toMatchObject({
      'item.edit': true,
      'item.manage_grants': true,
      'item.transfer_custody': false,
    });
    json(await keeper.get(`/api/items/${item.id}/content`));
    expectError(
      await org.officerA.patch(`/api/items/${item.id}`, { version: d.version, title: '改名' }),
      403,
      'forbidden',
    );
    for (const p of [keeper, org.officerA])
      expect((await notificationsOf(t, p.userId, 'custodyTransferred')).map((n) => JSON.parse(n.body))).toContainEqual({
        number: item.number,
        title: '移交事项',
      });
    const hist = json<{ items: { event: string; details: unknown }[] }>(
      await keeper.get(`/api/items/${item.id}/history`),
    );
    expect(hist.items.at(-1)).toMatchObject({
      event: 'custody_transferred',
      details: { from: org.officerA.userId, to: keeper.userId },
    });
  });

  it('when the custodian has left: requests waiting for them end (asked again, they reach the new one); open review tasks follow the item', async () => {
    const leaver = await addPerson(org, `leaver.a.${kind}`, { departmentId: org.deptA, clearance: 'important' });
    const item = await classify(org, org.officerA, { level: 'secret', custodianId: leaver.userId });
    const { requestId } = json<{ requestId: string }>(
      await org.outsiderB.post('/api/access-requests', {
        itemId: item.id,
        actions: ['read'],
        days: 3,
        reason: '联合评审',
      }),
      201,
    );
    const c = json<{ id: string }>(
      await org.sec.post('/api/review-campaigns', { kind: 'annual', title: `移交 ${kind}`, dueOn: '2027-11-23' }),
      201,
    );
    const task = await t.ctx.db
      .selectFrom('review_tasks')
      .select(['id', 'reviewer_id', 'version'])
      .where('campaign_id', '=', c.id)
      .where('item_id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(task.reviewer_id).toBe(leaver.userId);
    await setStatus(org, leaver.userId, 'depart');
    org.byId.delete(leaver.userId);
    // The office finds what the leaver keeps: the catalogue filtered by custodian (list, count and export agree).
    const kept = `custodianId=${leaver.userId}`;
    expect(await visibleIds(org.sec, kept)).toEqual([item.id]);
    expect(await count(org.sec, kept)).toBe(1);
    const csv = await org.sec.get(`/api/items/export?format=csv&${kept}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n').filter((l) => l.trim()).length).toBe(2); // header and the one item
    // The filter narrows what one may see, never widens it.
    expect(await visibleIds(org.outsiderB, kept)).toEqual([]);
    const h0 = await t.auditHead();
    await expectRefusedQuietly(t, h0, await org.sec.get('/api/items?custodianId=nobody'), 400, 'validation_failed');

    json(await transfer(org.sec, await detail(org.sec, item.id), org.seniorA.userId, { reason: '原保管人离岗' }));
    expect(await requestRow(t, requestId)).toMatchObject({ status: 'expired' });
    expect(await visibleIds(org.sec, kept)).toEqual([]);
    expect(await visibleIds(org.sec, `custodianId=${org.seniorA.userId}`)).toContain(item.id);
    const ended = (await notificationsOf(t, org.outsiderB.userId, 'requestEnded'))
      .map((n) => JSON.parse(n.body))
      .filter((b) => b.cause === 'custodian_changed');
    expect(ended).toHaveLength(1);
    expect(
      await t.ctx.db
        .selectFrom('review_tasks')
        .select(['reviewer_id', 'version'])
        .where('id', '=', task.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ reviewer_id: org.seniorA.userId, version: task.version + 1 });
    // Asked again, the request goes to the new custodian.
    const { requestId: again } = json<{ requestId: string }>(
      await org.outsiderB.post('/api/access-requests', {
        itemId: item.id,
        actions: ['read'],
        days: 3,
        reason: '联合评审',
      }),
      201,
    );
    expect(
      (JSON.parse((await requestRow(t, again)).chain) as { group: string; approvers: string[] }[])[0],
    ).toMatchObject({ group: 'custodian', approvers: [org.seniorA.userId] });
  });

  it('[CAR-02] refuses others (403 where they know the item, 404 where not; audited), an unfit new custodian (400), the same one, stale versions and bad bodies, changing nothing', async () => {
    const item = await classify(org, org.officerA, { level: 'secret' });
    for (const a of [org.officerA, org.headA, org.seniorA]) {
      const h = await t.auditHead();
      await expectDenied(t, h, await transfer(a, item, org.seniorA.userId), {
        action: 'item.transfer_custody',
        actorName: a.username,
        targetId: item.id,
      });
    }
    for (const a of [org.outsiderB, org.sys, org.aud]) {
      const h = await t.auditHead();
      expectError(await transfer(a, item, org.seniorA.userId), 404, 'not_found');
      expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([
        ['item.transfer_custody', 'denied'],
      ]);
    }
    const h = await t.auditHead();
    // low.a is cleared for confidential only, plain.a not at all; the sysadmin never keeps classified items.
    for (const [who, problem] of [
      [org.lowA.userId, 'custodian_not_cleared'],
      [org.plainA.userId, 'custodian_not_cleared'],
      [org.sys.userId, 'custodian_not_cleared'],
      [org.officerA.userId, 'same_custodian'],
    ] as const) {
      const r = await transfer(org.sec, item, who);
      await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
      expect(problemOf(r)).toBe(problem);
    }
    await expectRefusedQuietly(
      t,
      h,
      await transfer(org.sec, { id: item.id, version: item.version + 5 }, org.seniorA.userId),
      409,
      'stale_version',
    );
    await expectRefusedQuietly(
      t,
      h,
      await transfer(org.sec, item, org.seniorA.userId, { reason: '  ' }),
      400,
      'validation_failed',
    );
    await expectRefusedQuietly(
      t,
      h,
      await transfer(org.sec, item, org.seniorA.userId, { note: 'x' }),
      400,
      'validation_failed',
    );
    await expectRefusedQuietly(t, h, await transfer(org.sec, item, 'not-a-uuid'), 400, 'validation_failed');
    expect(await detail(org.officerA, item.id)).toMatchObject({
      custodianId: org.officerA.userId,
      version: item.version,
    });
  });

  it('a proposal or a declassified item has no custody to hand over (403, audited)', async () => {
    const { item: proposed } = await propose(org.officerA, proposal(org));
    const h0 = await t.auditHead();
    await expectDenied(t, h0, await transfer(org.sec, proposed, org.seniorA.userId), {
      action: 'item.transfer_custody',
      actorName: 'secadmin',
    });
    const item = await classify(org, org.officerA, { level: 'confidential' });
    const { requestId } = json<{ requestId: string }>(
      await org.officerA.post(`/api/items/${item.id}/changes`, {
        type: 'declassify',
        reason: '已公开',
        declassifyReason: 'decision',
      }),
      201,
    );
    await approveAll(org, requestId);
    const h = await t.auditHead();
    await expectDenied(t, h, await transfer(org.sec, await detail(org.sec, item.id), org.seniorA.userId), {
      action: 'item.transfer_custody',
      actorName: 'secadmin',
    });
  });
});
