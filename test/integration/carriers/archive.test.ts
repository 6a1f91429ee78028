/**
 * Archiving a carrier (归档, CAR-13): its custodian asks once the leader has read it, the department head approves
 * through the engine, and the carrier is filed; while the request is under way the carrier stays where it is.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { carrier, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { problemOf, requestRow } from '../../helpers/classification-org.js';
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

describe.each(DB_KINDS)('archiving a carrier on %s', (kind) => {
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
  const ask = (overrides: Record<string, unknown> = {}, as = org.officerA) =>
    as.post(`/api/carriers/${c.id}/archive-request`, { version: c.version, reason: '领导已批阅', ...overrides });

  it('[CAR-13] the custodian asks, the department head approves, the carrier is archived', async () => {
    const h = await t.auditHead();
    const sub = submittedOf(await ask());
    expect(sub.status).toBe('pending');
    expect(await chainOf(t, sub.requestId)).toEqual([[org.headA.userId]]);
    const seen = await requestDetail(org.headA, sub.requestId);
    expect(seen.targetTitle).toBe(c.title);
    expect((seen.targetDetails as CarrierRequestDetails).carrier).toMatchObject({ id: c.id, pages: 12 });
    expect((await decide(t, org.headA, sub.requestId, 'approve')).statusCode).toBe(200);
    const d = await carrier(org.officerA, c.id);
    expect(d).toMatchObject({ status: 'archived', pendingRequest: null, locationId: org.safeA.id });
    expect((await eventsOf(t, c.id)).map((e) => e.event)).toEqual(['produced', 'archive_requested', 'archived']);
    expect((await auditRowsAfter(t, h)).map((e) => e.action)).toEqual([
      'approval.submit',
      'carrier.request_archive',
      'approval.decide',
      'carrier.archive',
    ]);
  });

  it('while the request is under way the carrier stays: no carry-out, no second archive request (409)', async () => {
    submittedOf(await ask());
    const h = await t.auditHead();
    const again = await ask();
    await expectRefusedQuietly(t, h, again, 409, 'conflict');
    expect(problemOf(again)).toBe('carrier_pending_request');
    const out = await org.officerA.post(`/api/carriers/${c.id}/carry-outs`, {
      version: c.version,
      bearerId: org.officerA.userId,
      destination: '上级机关',
      purpose: '汇报',
      returnOn: await dayFromToday(t, 1),
    });
    expectError(out, 409, 'conflict');
    expect(problemOf(out)).toBe('carrier_pending_request');
  });

  it('a carrier that moved meanwhile cannot be archived: the approval no longer applies (409)', async () => {
    const sub = submittedOf(await ask());
    // Nothing in Baomi moves it while the request is pending; a repair of the register by hand could.
    await t.ctx.db.updateTable('carriers').set({ status: 'on_loan' }).where('id', '=', c.id).execute();
    const r = await decide(t, org.headA, sub.requestId, 'approve');
    expectError(r, 409, 'conflict');
    expect(problemOf(r)).toBe('wrong_status');
    expect((await requestRow(t, sub.requestId)).status).toBe('pending');
    await t.ctx.db.updateTable('carriers').set({ status: 'in_store' }).where('id', '=', c.id).execute();
  });

  it('a rejected request leaves the carrier in its location', async () => {
    const sub = submittedOf(await ask());
    expect((await decide(t, org.headA, sub.requestId, 'reject')).statusCode).toBe(200);
    expect(await carrier(org.officerA, c.id)).toMatchObject({ status: 'in_store', pendingRequest: null });
  });

  it('refusals: not the custodian (403), out of scope (404), stale version (409), bad input (400); nothing changes', async () => {
    let h = await t.auditHead();
    await expectDenied(t, h, await ask({}, org.insiderA), {
      action: 'carrier.request_archive',
      actorName: 'insider.a',
      targetId: c.id,
    });
    h = await t.auditHead();
    expectError(await ask({}, org.outsiderB), 404, 'not_found');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([
      ['carrier.request_archive', 'denied'],
    ]);
    h = await t.auditHead();
    await expectRefusedQuietly(t, h, await ask({ version: c.version + 1 }), 409, 'stale_version');
    await expectRefusedQuietly(t, h, await ask({ reason: '' }), 400, 'validation_failed');
    await expectRefusedQuietly(t, h, await ask({ reason: 'ok', extra: true }), 400, 'validation_failed');
    expect((await carrier(org.officerA, c.id)).pendingRequest).toBeNull();
  });
});
