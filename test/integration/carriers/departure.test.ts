/**
 * Departure (离岗离职) and the register (CAR-11, PER-07): a leaver holds carriers only as custodian or on a
 * registered movement, and cannot depart while holding one — custody is handed over (a transfer, kept in its
 * location), a loan is returned first. Through identity's holdings, hand-over and departure routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { expectError, randomId } from '../../helpers/abuse.js';
import { json, type Person } from '../../helpers/people.js';
import { addPerson, setStatus } from '../../helpers/classification-org.js';
import { carrier, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { detail, move, problemOf } from '../../helpers/carrier-movements.js';
import type { Holdings } from '../../../src/modules/identity/contracts/departure.js';
import type { CarrierSummary } from '../../../src/modules/carriers/contracts/carriers.js';
import { newId } from '../../../src/platform/context.js';
import { todayOf } from '../../../src/platform/organisation.js';

describe.each(DB_KINDS)('carrier holdings at departure on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;
  let leaver: Person;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
    leaver = await addPerson(org, `leaver.${kind}`, { departmentId: org.deptA, clearance: 'important' });
  });
  afterAll(() => t.close());

  const carriersHeld = async (userId: string) =>
    json<Holdings>(await org.sec.get(`/api/users/${userId}/holdings`)).modules.find((m) => m.module === 'carriers')
      ?.holdings ?? [];
  const userVersion = async (userId: string) =>
    json<{ version: number }>(await org.sys.get(`/api/users/${userId}`)).version;
  const depart = async (userId: string) =>
    org.sys.post(`/api/users/${userId}/depart`, { version: await userVersion(userId), separationMonths: 6 });
  const handOver = (holdingIds: string[], toId = org.seniorA.userId) =>
    org.sec.post(`/api/users/${leaver.userId}/hand-over`, { module: 'carriers', toId, holdingIds });

  it('[CAR-11] a leaver holding a loan cannot depart until it is returned; custody is handed over, kept where it is', async () => {
    const [kept] = await registerCarrier(org, { custodianId: leaver.userId, locationId: org.cabinetA.id });
    const [lentOut] = await registerCarrier(org);
    const lent = detail(
      await move(t, org.officerA, lentOut!.id, '/loans', { borrowerId: leaver.userId, dueOn: null }),
      201,
    );
    expect(await carriersHeld(leaver.userId)).toEqual([
      {
        id: kept!.id,
        kind: 'custody',
        reference: kept!.number,
        level: 'confidential',
        blocking: true,
        transferable: true,
      },
      {
        id: lent.loan!.id,
        kind: 'loan',
        reference: lentOut!.number,
        level: 'confidential',
        blocking: true,
        transferable: false,
      },
    ]);

    let refused = await depart(leaver.userId);
    expectError(refused, 409, 'conflict');
    expect(refused.json().error.details).toMatchObject({ problem: 'holdings_remain', holdings: { carriers: 2 } });

    // A loan is not handed on, nor an id the register does not know.
    for (const ids of [[lent.loan!.id], [randomId()], [kept!.id, lent.loan!.id]]) {
      const h = await t.auditHead();
      expectError(await handOver(ids), 400, 'validation_failed');
      expect(await t.auditHead()).toBe(h);
    }
    expect((await carrier(org.sec, kept!.id)).custodianId).toBe(leaver.userId);

    const after = json<Holdings>(await handOver([kept!.id]));
    expect(after.modules.find((m) => m.module === 'carriers')!.holdings.map((h) => h.kind)).toEqual(['loan']);
    const handed = await carrier(org.sec, kept!.id);
    expect(handed).toMatchObject({ custodianId: org.seniorA.userId, locationId: org.cabinetA.id, status: 'in_store' });
    expect(handed.history.at(-1)).toMatchObject({ event: 'transferred', actorName: '安全保密管理员' });

    refused = await depart(leaver.userId);
    expect(refused.json().error.details).toMatchObject({ problem: 'holdings_remain', holdings: { carriers: 1 } });
    detail(
      await move(t, org.officerA, lentOut!.id, `/loans/${lent.loan!.id}/return`, {
        pages: 12,
        quantity: 1,
        note: null,
      }),
    );
    expect(await carriersHeld(leaver.userId)).toEqual([]);
    await setStatus(org, leaver.userId, 'depart');
  });

  it('[CAR-11] a transmission awaiting sign-for, a circulation to sign off and a carry-out out block a departure too', async () => {
    const holder = await addPerson(org, `holder.${kind}`, { departmentId: org.deptA, clearance: 'important' });
    const [a, b, c] = [
      (await registerCarrier(org))[0]!,
      (await registerCarrier(org))[0]!,
      (await registerCarrier(org))[0]!,
    ];
    const sent = detail(
      await move(t, org.officerA, a.id, '/transmissions', {
        channel: 'by_hand',
        recipientId: holder.userId,
        note: null,
      }),
      201,
    );
    const today = await todayOf(t.ctx);
    const read = detail(
      await move(t, org.officerA, b.id, '/circulations', { readerIds: [holder.userId], dueOn: '2999-01-01' }),
      201,
    );
    // A carry-out on its way back (its request and approval are the carry-out's own tests).
    const carryOutId = newId();
    await t.ctx.db
      .insertInto('carrier_carry_outs')
      .values({
        id: carryOutId,
        carrier_id: c.id,
        bearer_id: holder.userId,
        requested_by: org.officerA.userId,
        destination: '上级单位会议室',
        purpose: '汇报',
        return_on: today,
        request_id: null,
        status: 'out',
        requested_at: new Date().toISOString(),
        departed_at: new Date().toISOString(),
        returned_at: null,
        received_by: null,
        return_note: null,
        version: 1,
      })
      .execute();
    const held = await carriersHeld(holder.userId);
    expect(held.map((h) => [h.kind, h.id, h.blocking, h.transferable]).sort()).toEqual(
      [
        ['carry_out', carryOutId, true, false],
        ['circulation', read.circulation!.id, true, false],
        ['sign_for', sent.dispatch!.id, true, false],
      ].sort(),
    );
    const refused = await depart(holder.userId);
    expect(problemOf(refused)).toBe('holdings_remain');
    // Signing for it makes the holder its custodian: custody then, still to hand over.
    detail(
      await move(t, holder, a.id, `/transmissions/${sent.dispatch!.id}/sign`, { locationId: org.safeA.id, note: null }),
    );
    expect((await carriersHeld(holder.userId)).map((h) => h.kind).sort()).toEqual([
      'carry_out',
      'circulation',
      'custody',
    ]);
  });

  it('PER-07: the carriers holdings name references and levels, never titles', async () => {
    const [c] = await registerCarrier(org, { custodianId: org.lowA.userId, title: '不应出现的载体标题' });
    const r = await org.sys.get(`/api/users/${org.lowA.userId}/holdings`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(c!.number);
    expect(r.body).not.toContain('不应出现的载体标题');
    const list = json<{ items: CarrierSummary[] }>(await org.lowA.get('/api/carriers?ledger=personal'));
    expect(list.items.map((i) => i.id)).toContain(c!.id);
  });
});
