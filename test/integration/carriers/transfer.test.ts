/**
 * Transfer of custody (移交, CAR-02, CAR-09, CAR-11): the department's head or officer, or the security office,
 * hands a carrier to an active person cleared for its level, into a registered location allowed to hold it; the
 * carrier joins the new custodian's department; both custodians are told. Refusals change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { expectDenied, randomId } from '../../helpers/abuse.js';
import { notificationsOf } from '../../helpers/classification-org.js';
import { carrier, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { auditActionsSince, detail, expectRefusal, move } from '../../helpers/carrier-movements.js';

describe.each(DB_KINDS)('carrier transfer on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
  });
  afterAll(() => t.close());

  const transfer = (id: string, custodianId: string, extra: Record<string, unknown> = {}, as = org.headA) =>
    move(t, as, id, '/transfer', { custodianId, locationId: org.safeA.id, reason: '岗位调整', ...extra });
  const secret = { level: 'secret', period: { value: 10, unit: 'years' } };

  it('[CAR-02] the department head hands a carrier to a colleague; both are told and the history names them', async () => {
    const [c] = await registerCarrier(org);
    const head = await t.auditHead();
    const moved = detail(await transfer(c!.id, org.insiderA.userId));
    expect(moved).toMatchObject({
      custodianId: org.insiderA.userId,
      departmentId: org.deptA,
      locationId: org.safeA.id,
      status: 'in_store',
    });
    expect(moved.history.at(-1)).toMatchObject({
      event: 'transferred',
      actorName: 'head.a',
      details: { fromName: 'officer.a', toName: 'insider.a', reason: '岗位调整' },
    });
    expect(await auditActionsSince(t, head)).toEqual(['carrier.transfer']);
    for (const p of [org.officerA, org.insiderA])
      expect(await notificationsOf(t, p.userId, 'carrierHandedOver')).toHaveLength(1);
    // The new custodian keeps it: they see it in their personal ledger and may lend it.
    expect((await carrier(org.insiderA, c!.id)).abilities['carrier.lend']).toBe(true);
  });

  it('[CAR-02] the security office hands a carrier to another department, into that department’s safe', async () => {
    const [c] = await registerCarrier(org, secret);
    const moved = detail(await transfer(c!.id, org.headB.userId, { locationId: org.safeB.id }, org.sec));
    expect(moved).toMatchObject({ custodianId: org.headB.userId, departmentId: org.deptB, locationId: org.safeB.id });
    // The new department's ledger lists it.
    expect((await carrier(org.headB, c!.id)).custodianName).toBe('head.b');
  });

  it('[CAR-02] a head who hands a carrier out of their ledger and scope no longer sees it (204)', async () => {
    const [c] = await registerCarrier(org, { scope: [] });
    const r = await transfer(c!.id, org.outsiderB.userId, { locationId: org.safeB.id });
    expect(r.statusCode, r.body).toBe(204);
    const row = await t.ctx.db
      .selectFrom('carriers')
      .select(['custodian_id', 'department_id'])
      .where('id', '=', c!.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ custodian_id: org.outsiderB.userId, department_id: org.deptB });
    expect((await org.headA.get(`/api/carriers/${c!.id}`)).statusCode).toBe(404);
  });

  it('[CAR-02][CAR-11] only heads, officers and the security office transfer, and only a carrier at rest (audited)', async () => {
    const [c] = await registerCarrier(org);
    let h = await t.auditHead();
    await expectDenied(t, h, await transfer(c!.id, org.memberSubA.userId, {}, org.insiderA), {
      action: 'carrier.transfer',
      actorName: 'insider.a',
    });
    h = await t.auditHead();
    expect((await transfer(c!.id, org.memberSubA.userId, {}, org.headB)).statusCode).toBe(404);
    expect(await auditActionsSince(t, h)).toEqual(['carrier.transfer:denied']);
    // On loan: it comes back first.
    detail(await move(t, org.officerA, c!.id, '/loans', { borrowerId: org.insiderA.userId, dueOn: null }), 201);
    h = await t.auditHead();
    await expectDenied(t, h, await transfer(c!.id, org.memberSubA.userId), {
      action: 'carrier.transfer',
      actorName: 'head.a',
    });
  });

  it('[CAR-02][CAR-09][CAR-11] a cleared, active custodian and a registered location allowed to hold it, or nothing', async () => {
    const [c] = await registerCarrier(org, secret);
    const refuse = (custodianId: string, problem: string, extra: Record<string, unknown> = {}) =>
      expectRefusal(t, c!.id, () => transfer(c!.id, custodianId, extra), 400, 'validation_failed', problem);
    await refuse(org.lowA.userId, 'custodian_not_cleared');
    await refuse(org.aud.userId, 'custodian_not_cleared');
    await refuse(randomId(), 'custodian_inactive');
    await refuse(org.officerA.userId, 'same_custodian');
    // Never to a person's keeping: a location that is not registered, or one not allowed to hold 机密.
    await refuse(org.insiderA.userId, 'location_unknown', { locationId: randomId() });
    await refuse(org.insiderA.userId, 'location_level_cap', { locationId: org.cabinetA.id });
    await expectRefusal(t, c!.id, () => transfer(c!.id, org.insiderA.userId, { reason: '' }), 400, 'validation_failed');
    await expectRefusal(t, c!.id, () => transfer(c!.id, org.insiderA.userId, { version: 3 }), 409, 'stale_version');
    expect((await carrier(org.officerA, c!.id)).custodianId).toBe(org.officerA.userId);
  });
});
