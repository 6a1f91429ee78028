/**
 * Carrying a carrier out (外出携带, CAR-12, CAR-03, CAR-11): the leader in charge of its department approves through
 * the engine; a designated handler cleared for it carries it, never home; it comes back to its own department and
 * location, counted, and a late return is flagged. Refusals change nothing; two requests racing: one wins.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { carrier, designate, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { notificationsOf, problemOf, requestRow, signInAll } from '../../helpers/classification-org.js';
import {
  chainOf,
  dayFromToday,
  decide,
  eventsOf,
  requestDetail,
  setLeaderInCharge,
  submittedOf,
} from '../../helpers/carrier-requests.js';
import type { CarrierDetail } from '../../../src/modules/carriers/contracts/carriers.js';
import type { CarrierRequestDetails } from '../../../src/modules/carriers/contracts/requests.js';
import { json } from '../../helpers/people.js';

describe.each(DB_KINDS)('carrying a carrier out on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
    await setLeaderInCharge(org, org.deptA, org.leader.userId);
    // insider.a carries out for department A too; low.a is designated but cleared for 秘密 only.
    await designate(org, org.headA, org.deptA, org.insiderA.userId, 'carry_out');
    await designate(org, org.headA, org.deptA, org.lowA.userId, 'carry_out');
  });
  afterAll(() => t.close());

  let c: CarrierDetail;
  beforeEach(async () => {
    const [u] = await registerCarrier(org);
    c = await carrier(org.officerA, u!.id);
  });

  const body = async (overrides: Record<string, unknown> = {}) => ({
    version: c.version,
    bearerId: org.insiderA.userId,
    destination: '上级机关保密办公室',
    purpose: '汇报工作',
    returnOn: await dayFromToday(t, 2),
    ...overrides,
  });
  const ask = async (overrides: Record<string, unknown> = {}, as = org.officerA) =>
    as.post(`/api/carriers/${c.id}/carry-outs`, await body(overrides));

  it('[CAR-12] the leader in charge approves, the bearer carries it out and the department receives it back', async () => {
    const h = await t.auditHead();
    const sub = submittedOf(await ask());
    expect(sub.status).toBe('pending');
    expect(await chainOf(t, sub.requestId)).toEqual([[org.leader.userId]]);
    const waiting = await carrier(org.officerA, c.id);
    expect(waiting.pendingRequest).toMatchObject({ id: sub.requestId, type: 'carriers.carry_out' });
    expect(waiting.carryOut).toMatchObject({ status: 'requested', bearerId: org.insiderA.userId });
    expect((await auditRowsAfter(t, h)).map((e) => e.action)).toEqual(['approval.submit', 'carrier.request_carry_out']);

    // The leader is outside the carrier's scope but decides on it: they see what they decide on.
    const seen = await requestDetail(org.leader, sub.requestId);
    expect(seen.targetTitle).toBe(c.title);
    const facts = seen.targetDetails as CarrierRequestDetails;
    expect(facts.carrier.number).toBe(c.number);
    expect(facts.carryOut).toMatchObject({ destination: '上级机关保密办公室', bearerName: 'insider.a' });
    expectError(await org.leader.get(`/api/carriers/${c.id}`), 404, 'not_found');
    // The department head is no approver of a carry-out.
    expectError(await decide(t, org.headA, sub.requestId, 'approve'), 404, 'not_found');

    const approved = await decide(t, org.leader, sub.requestId, 'approve');
    expect(approved.statusCode, approved.body).toBe(200);
    const ready = await carrier(org.insiderA, c.id);
    expect(ready).toMatchObject({ status: 'in_store', carryOut: { status: 'approved' }, pendingRequest: null });
    expect((await notificationsOf(t, org.insiderA.userId, 'carryOutApproved')).length).toBe(1);
    expect((await notificationsOf(t, org.officerA.userId, 'carryOutApproved')).length).toBe(1);

    const out = json<CarrierDetail>(
      await org.insiderA.post(`/api/carriers/${c.id}/carry-outs/${ready.carryOut!.id}/depart`, {
        version: ready.version,
      }),
    );
    expect(out).toMatchObject({ status: 'carried_out', holderName: 'insider.a', carryOut: { status: 'out' } });

    // The bearer does not receive it back alone: the department does.
    let h2 = await t.auditHead();
    const back = { version: out.version, pages: 12, quantity: 1, note: null };
    await expectDenied(
      t,
      h2,
      await org.insiderA.post(`/api/carriers/${c.id}/carry-outs/${out.carryOut!.id}/return`, back),
      {
        action: 'carrier.carry_out_return',
        actorName: 'insider.a',
      },
    );
    h2 = await t.auditHead();
    const home = json<CarrierDetail>(
      await org.officerA.post(`/api/carriers/${c.id}/carry-outs/${out.carryOut!.id}/return`, back),
    );
    expect(home).toMatchObject({
      status: 'in_store',
      locationId: org.safeA.id,
      departmentId: org.deptA,
      carryOut: null,
    });
    const audit = await auditRowsAfter(t, h2);
    expect(audit.map((e) => e.action)).toEqual(['carrier.carry_out_return']);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ late: false, differs: false });
    expect((await eventsOf(t, c.id)).map((e) => e.event)).toEqual([
      'produced',
      'carry_out_requested',
      'carry_out_approved',
      'carried_out',
      'carried_back',
    ]);
    // The bearer holds it no more.
    const holders = await t.ctx.db
      .selectFrom('carrier_access as a')
      .innerJoin('carriers as c', 'c.seq', 'a.seq')
      .select('a.ref')
      .where('c.id', '=', c.id)
      .where('a.kind', '=', 'holder')
      .execute();
    expect(holders).toEqual([]);
  });

  it('[CAR-03] the bearer must be a designated carry-out handler of the department (nothing recorded)', async () => {
    const h = await t.auditHead();
    const r = await ask({ bearerId: org.memberSubA.userId });
    await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
    expect(problemOf(r)).toBe('bearer_not_designated');
  });

  it('[CAR-11] a home or a public place is never a destination', async () => {
    const h = await t.auditHead();
    for (const destination of ['张三家中', 'my home']) {
      const r = await ask({ destination });
      await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
      expect(problemOf(r)).toBe('private_destination');
    }
  });

  it('[CAR-12] the return date is today or later and within the longest trip the settings allow', async () => {
    const h = await t.auditHead();
    const far = await ask({ returnOn: await dayFromToday(t, 31) });
    await expectRefusedQuietly(t, h, far, 400, 'validation_failed');
    expect(problemOf(far)).toBe('return_too_far');
    const past = await ask({ returnOn: await dayFromToday(t, -1) });
    await expectRefusedQuietly(t, h, past, 400, 'validation_failed');
    expect(problemOf(past)).toBe('return_in_past');
  });

  it('the bearer must be cleared for the level', async () => {
    const [u] = await registerCarrier(org, { level: 'secret', period: { value: 10, unit: 'years' } });
    c = await carrier(org.officerA, u!.id);
    const h = await t.auditHead();
    const r = await ask({ bearerId: org.lowA.userId });
    await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
    expect(problemOf(r)).toBe('person_not_cleared');
  });

  it('refusals: out of scope (404), wrong role (403), stale version (409), bad input (400); nothing changes', async () => {
    let h = await t.auditHead();
    await expectDenied(t, h, await ask({}, org.memberSubA), {
      action: 'carrier.request_carry_out',
      actorName: 'member.suba',
      targetId: c.id,
    });
    h = await t.auditHead();
    expectError(await ask({}, org.outsiderB), 404, 'not_found');
    const ev = await auditRowsAfter(t, h);
    expect(ev.map((e) => [e.action, e.result])).toEqual([['carrier.request_carry_out', 'denied']]);
    h = await t.auditHead();
    await expectRefusedQuietly(t, h, await ask({ version: c.version + 1 }), 409, 'stale_version');
    await expectRefusedQuietly(t, h, await ask({ destination: '' }), 400, 'validation_failed');
    await expectRefusedQuietly(t, h, await ask({ returnOn: 'tomorrow' }), 400, 'validation_failed');
    await expectRefusedQuietly(t, h, await ask({ extra: 1 }), 400, 'validation_failed');
    expect((await carrier(org.officerA, c.id)).carryOut).toBeNull();
  });

  it('a department without a leader in charge cannot carry out: nobody can approve (409, nothing changes)', async () => {
    const [u] = await registerCarrier(
      org,
      { departmentId: org.deptB, custodianId: org.headB.userId, locationId: org.safeB.id, scope: [] },
      org.headB,
    );
    const b = await carrier(org.headB, u!.id);
    const h = await t.auditHead();
    const r = await org.headB.post(`/api/carriers/${b.id}/carry-outs`, {
      ...(await body({ bearerId: org.headB.userId })),
      version: b.version,
    });
    await expectRefusedQuietly(t, h, r, 409, 'conflict');
    expect(problemOf(r)).toBe('no_approver');
  });

  it('a rejected carry-out is refused and the carrier is free again', async () => {
    const sub = submittedOf(await ask());
    expectError(await ask(), 409, 'conflict');
    expect((await decide(t, org.leader, sub.requestId, 'reject')).statusCode).toBe(200);
    const after = await carrier(org.officerA, c.id);
    expect(after.carryOut).toBeNull();
    expect(after.pendingRequest).toBeNull();
    const row = await t.ctx.db
      .selectFrom('carrier_carry_outs')
      .select('status')
      .where('request_id', '=', sub.requestId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('refused');
    c = after;
    expect((await ask()).statusCode).toBe(201);
  });

  it('a bearer who lost the designation meanwhile: the approval no longer applies (409) and the request stays', async () => {
    const [u] = await registerCarrier(org);
    c = await carrier(org.officerA, u!.id);
    const sub = submittedOf(await ask({ bearerId: org.lowA.userId }));
    const gone = await org.headA.delete(`/api/departments/${org.deptA}/carrier-handlers/${org.lowA.userId}/carry_out`);
    expect(gone.statusCode, gone.body).toBe(200);
    const r = await decide(t, org.leader, sub.requestId, 'approve');
    expectError(r, 409, 'conflict');
    expect(problemOf(r)).toBe('bearer_not_designated');
    expect((await requestRow(t, sub.requestId)).status).toBe('pending');
    expect((await carrier(org.officerA, c.id)).carryOut?.status).toBe('requested');
    await designate(org, org.headA, org.deptA, org.lowA.userId, 'carry_out');
  });

  it('[CAR-12] a late return is flagged; a count that differs is noted and told to the security office', async () => {
    const sub = submittedOf(await ask({ returnOn: await dayFromToday(t, 0) }));
    await decide(t, org.leader, sub.requestId, 'approve');
    let d = await carrier(org.officerA, c.id);
    d = json<CarrierDetail>(
      await org.officerA.post(`/api/carriers/${c.id}/carry-outs/${d.carryOut!.id}/depart`, { version: d.version }),
    );
    t.advance(2 * 86_400_000);
    await signInAll(t, org.officerA, org.insiderA);
    const url = `/api/carriers/${c.id}/carry-outs/${d.carryOut!.id}/return`;
    const h = await t.auditHead();
    const short = await org.officerA.post(url, { version: d.version, pages: 11, quantity: 1, note: null });
    await expectRefusedQuietly(t, h, short, 400, 'validation_failed');
    expect(problemOf(short)).toBe('pages_mismatch');
    const back = json<CarrierDetail>(
      await org.officerA.post(url, { version: d.version, pages: 11, quantity: 1, note: '第 7 页缺失' }),
    );
    expect(back.status).toBe('in_store');
    const last = (await eventsOf(t, c.id)).at(-1)!;
    expect(last).toMatchObject({ event: 'carried_back', details: { late: true, differs: true, note: '第 7 页缺失' } });
    const audit = (await auditRowsAfter(t, h)).find((e) => e.action === 'carrier.carry_out_return')!;
    expect(JSON.parse(audit.details)).toMatchObject({ late: true, differs: true });
    expect((await notificationsOf(t, org.sec.userId, 'returnDiscrepancy')).length).toBeGreaterThan(0);
  });

  it('an approved carry-out reserves the carrier until it leaves or is cancelled; cancelling frees it', async () => {
    // Earlier tests may have moved the clock past the sessions' lifetime.
    await signInAll(t, org.officerA, org.leader);
    const sub = submittedOf(await ask());
    expect((await decide(t, org.leader, sub.requestId, 'approve')).statusCode).toBe(200);
    const ready = await carrier(org.officerA, c.id);
    // Reserved: no loan meanwhile.
    const lend = await org.officerA.post(`/api/carriers/${c.id}/loans`, {
      version: ready.version,
      borrowerId: org.lowA.userId,
      dueOn: null,
    });
    expectError(lend, 409, 'conflict');
    // Only an approved one that has not left is cancelled; the bearer then holds it no more.
    const h = await t.auditHead();
    const cancelled = json<CarrierDetail>(
      await org.officerA.post(`/api/carriers/${c.id}/carry-outs/${ready.carryOut!.id}/cancel`, {
        version: ready.version,
      }),
    );
    expect(cancelled).toMatchObject({ status: 'in_store', carryOut: null });
    expect((await auditRowsAfter(t, h)).map((e) => e.action)).toEqual(['carrier.carry_out_cancel']);
    expect((await eventsOf(t, c.id)).at(-1)?.event).toBe('carry_out_cancelled');
    const again = await org.officerA.post(`/api/carriers/${c.id}/carry-outs/${ready.carryOut!.id}/cancel`, {
      version: cancelled.version,
    });
    expectError(again, 409, 'conflict');
    const free = await org.officerA.post(`/api/carriers/${c.id}/loans`, {
      version: cancelled.version,
      borrowerId: org.insiderA.userId,
      dueOn: null,
    });
    expect(free.statusCode, free.body).toBe(201);
  });

  it('racing: two carry-out requests on one carrier at once → exactly one 201 and one 409', async () => {
    const [a, b] = await Promise.all([ask(), ask({ bearerId: org.officerA.userId })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const open = await t.ctx.db.selectFrom('carrier_carry_outs').select('id').where('carrier_id', '=', c.id).execute();
    expect(open.length).toBe(1);
  });
});
