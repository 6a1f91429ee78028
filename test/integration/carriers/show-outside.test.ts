/**
 * Showing a carrier outside its scope (CAR-05: 不经领导许可,不向他人出示): the custodian asks a leader's permission
 * through the engine for named people who may not know it yet; approved, they join its scope by name. The people
 * it would be shown to never approve it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { carrier, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { notificationsOf, problemOf, setClearance } from '../../helpers/classification-org.js';
import {
  chainOf,
  decide,
  eventsOf,
  requestDetail,
  setLeaderInCharge,
  submittedOf,
} from '../../helpers/carrier-requests.js';
import type { CarrierDetail } from '../../../src/modules/carriers/contracts/carriers.js';
import type { CarrierRequestDetails } from '../../../src/modules/carriers/contracts/requests.js';

describe.each(DB_KINDS)('showing a carrier outside its scope on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
    await setLeaderInCharge(org, org.deptA, org.leader.userId);
  });
  afterAll(() => t.close());

  let c: CarrierDetail;
  beforeEach(async () => {
    const [u] = await registerCarrier(org);
    c = await carrier(org.officerA, u!.id);
  });
  const ask = (personIds: string[], overrides: Record<string, unknown> = {}, as = org.officerA) =>
    as.post(`/api/carriers/${c.id}/show-outside`, { version: c.version, personIds, reason: '联合评审', ...overrides });

  it('[CAR-05] the department head permits; the person joins the scope by name and may know it', async () => {
    expectError(await org.outsiderB.get(`/api/carriers/${c.id}`), 404, 'not_found');
    const h = await t.auditHead();
    const sub = submittedOf(await ask([org.outsiderB.userId]));
    expect(await chainOf(t, sub.requestId)).toEqual([[org.headA.userId]]);
    // The person it would be shown to learns nothing of the request until it is decided.
    expectError(await org.outsiderB.get(`/api/requests/${sub.requestId}`), 404, 'not_found');
    const seen = await requestDetail(org.headA, sub.requestId);
    expect((seen.targetDetails as CarrierRequestDetails).people).toEqual([
      { id: org.outsiderB.userId, displayName: 'outsider.b', departmentName: '财务部' },
    ]);
    expect((await decide(t, org.headA, sub.requestId, 'approve')).statusCode).toBe(200);
    const d = await carrier(org.outsiderB, c.id);
    expect(d.title).toBe(c.title);
    expect(d.scope.map((s) => [s.kind, s.ref])).toEqual([
      ['department', org.deptA],
      ['user', org.outsiderB.userId],
    ]);
    expect((await notificationsOf(t, org.outsiderB.userId, 'carrierShown')).length).toBe(1);
    expect((await eventsOf(t, c.id)).map((e) => e.event)).toEqual([
      'produced',
      'show_outside_requested',
      'shown_outside',
    ]);
    // (besides the outsider's refused look at the request)
    expect((await auditRowsAfter(t, h)).filter((e) => e.result === 'success').map((e) => e.action)).toEqual([
      'approval.submit',
      'carrier.request_show_outside',
      'approval.decide',
      'carrier.show_outside',
    ]);
  });

  it('the people it would be shown to never approve it: the leader as the only approver leaves nobody (409)', async () => {
    // A 机密 carrier is shown outside its scope with the leader in charge's permission; showing it to them leaves nobody.
    const [u] = await registerCarrier(org, { level: 'secret', period: { value: 10, unit: 'years' } });
    c = await carrier(org.officerA, u!.id);
    const h = await t.auditHead();
    const r = await ask([org.leader.userId]);
    await expectRefusedQuietly(t, h, r, 409, 'conflict');
    expect(problemOf(r)).toBe('no_approver');
    const ok = submittedOf(await ask([org.outsiderB.userId]));
    expect(await chainOf(t, ok.requestId)).toEqual([[org.leader.userId]]);
  });

  it('each person is cleared, active and outside the scope; nothing is recorded otherwise', async () => {
    const h = await t.auditHead();
    const inScope = await ask([org.insiderA.userId]);
    await expectRefusedQuietly(t, h, inScope, 400, 'validation_failed');
    expect(problemOf(inScope)).toBe('already_in_scope');
    const uncleared = await ask([org.plainA.userId]);
    await expectRefusedQuietly(t, h, uncleared, 400, 'validation_failed');
    expect(problemOf(uncleared)).toBe('person_not_cleared');
    const admin = await ask([org.sys.userId]);
    await expectRefusedQuietly(t, h, admin, 400, 'validation_failed');
    expect(problemOf(admin)).toBe('person_not_cleared');
    const nobody = await ask([crypto.randomUUID()]);
    await expectRefusedQuietly(t, h, nobody, 400, 'validation_failed');
    expect(problemOf(nobody)).toBe('person_not_active');
  });

  it('a person who lost their clearance meanwhile: the permission no longer applies (409)', async () => {
    const extra = await registerCarrier(org);
    c = await carrier(org.officerA, extra[0]!.id);
    const sub = submittedOf(await ask([org.headB.userId]));
    await setClearance(org, org.headB.userId, null);
    const r = await decide(t, org.headA, sub.requestId, 'approve');
    expectError(r, 409, 'conflict');
    expect(problemOf(r)).toBe('person_not_cleared');
    expect((await carrier(org.officerA, c.id)).scope).toHaveLength(1);
    await setClearance(org, org.headB.userId, 'important');
  });

  it('refusals: wrong role (403), out of scope (404), stale version (409), bad input (400); nothing changes', async () => {
    let h = await t.auditHead();
    await expectDenied(t, h, await ask([org.outsiderB.userId], {}, org.insiderA), {
      action: 'carrier.request_show_outside',
      actorName: 'insider.a',
      targetId: c.id,
    });
    h = await t.auditHead();
    expectError(await ask([org.insiderA.userId], {}, org.outsiderB), 404, 'not_found');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([
      ['carrier.request_show_outside', 'denied'],
    ]);
    h = await t.auditHead();
    await expectRefusedQuietly(
      t,
      h,
      await ask([org.outsiderB.userId], { version: c.version + 1 }),
      409,
      'stale_version',
    );
    await expectRefusedQuietly(t, h, await ask([]), 400, 'validation_failed');
    await expectRefusedQuietly(t, h, await ask(['not-a-uuid']), 400, 'validation_failed');
    await expectRefusedQuietly(t, h, await ask([org.outsiderB.userId], { reason: '' }), 400, 'validation_failed');
    expect((await carrier(org.officerA, c.id)).pendingRequest).toBeNull();
  });
});
