/**
 * A longer loan (续借, CAR-13): the borrower asks, the custodian approves through the engine; the new due date is
 * later by at most one more loan period of the level; one request at a time; a loan returned meanwhile has nothing
 * left to extend.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { carrier, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { notificationsOf, problemOf, requestRow } from '../../helpers/classification-org.js';
import {
  chainOf,
  decide,
  eventsOf,
  requestDetail,
  setLeaderInCharge,
  submittedOf,
} from '../../helpers/carrier-requests.js';
import { addDays } from '../../../src/modules/carriers/domain/movement-rules.js';
import type { CarrierDetail } from '../../../src/modules/carriers/contracts/carriers.js';
import type { CarrierRequestDetails } from '../../../src/modules/carriers/contracts/requests.js';

describe.each(DB_KINDS)('a longer loan on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
    await setLeaderInCharge(org, org.deptA, org.leader.userId);
  });
  afterAll(() => t.close());

  /** A confidential carrier kept by officer.a, lent to insider.a for the policy's 14 days. */
  let c: CarrierDetail;
  beforeEach(async () => {
    const [u] = await registerCarrier(org);
    const d = await carrier(org.officerA, u!.id);
    c = json<CarrierDetail>(
      await org.officerA.post(`/api/carriers/${d.id}/loans`, {
        version: d.version,
        borrowerId: org.insiderA.userId,
        dueOn: null,
      }),
      201,
    );
    expect(c.loan?.status).toBe('active');
  });
  const ask = (dueOn: string, overrides: Record<string, unknown> = {}, as = org.insiderA) =>
    as.post(`/api/carriers/${c.id}/loans/${c.loan!.id}/extension`, {
      version: c.version,
      dueOn,
      reason: '评审尚未结束',
      ...overrides,
    });

  it('the borrower asks, the custodian approves, the loan is due later and the borrower is told', async () => {
    const asked = addDays(c.loan!.dueOn, 7);
    const h = await t.auditHead();
    const sub = submittedOf(await ask(asked));
    expect(await chainOf(t, sub.requestId)).toEqual([[org.officerA.userId]]);
    const seen = await requestDetail(org.officerA, sub.requestId);
    expect((seen.targetDetails as CarrierRequestDetails).loan).toMatchObject({
      borrowerName: 'insider.a',
      dueOn: c.loan!.dueOn,
      askedDueOn: asked,
      extensions: 0,
    });
    expect((await decide(t, org.officerA, sub.requestId, 'approve')).statusCode).toBe(200);
    const d = await carrier(org.insiderA, c.id);
    expect(d).toMatchObject({ status: 'on_loan', dueOn: asked, loan: { dueOn: asked, extensions: 1 } });
    expect((await notificationsOf(t, org.insiderA.userId, 'loanExtended')).length).toBeGreaterThan(0);
    expect((await eventsOf(t, c.id)).map((e) => e.event).slice(-2)).toEqual(['extension_requested', 'loan_extended']);
    expect((await auditRowsAfter(t, h)).map((e) => e.action)).toEqual([
      'approval.submit',
      'carrier.request_extension',
      'approval.decide',
      'carrier.extend_loan',
    ]);
  });

  it('the new date is later, by at most one more loan period (nothing recorded otherwise)', async () => {
    const h = await t.auditHead();
    const same = await ask(c.loan!.dueOn);
    await expectRefusedQuietly(t, h, same, 400, 'validation_failed');
    expect(problemOf(same)).toBe('extension_not_later');
    const far = await ask(addDays(c.loan!.dueOn, 15));
    await expectRefusedQuietly(t, h, far, 400, 'validation_failed');
    expect(problemOf(far)).toBe('extension_too_long');
    expect((await ask(addDays(c.loan!.dueOn, 14))).statusCode).toBe(201);
  });

  it('one request at a time (409)', async () => {
    submittedOf(await ask(addDays(c.loan!.dueOn, 3)));
    const h = await t.auditHead();
    const again = await ask(addDays(c.loan!.dueOn, 5));
    await expectRefusedQuietly(t, h, again, 409, 'conflict');
    expect(problemOf(again)).toBe('carrier_pending_request');
  });

  it('a loan returned meanwhile has nothing left to extend: the return ends the request', async () => {
    const sub = submittedOf(await ask(addDays(c.loan!.dueOn, 3)));
    const back = await org.officerA.post(`/api/carriers/${c.id}/loans/${c.loan!.id}/return`, {
      version: c.version,
      pages: 12,
      quantity: 1,
      note: null,
    });
    expect(back.statusCode, back.body).toBe(200);
    expect((await requestRow(t, sub.requestId)).status).not.toBe('pending');
    expectError(await decide(t, org.officerA, sub.requestId, 'approve'), 409, 'conflict');
    expect((await carrier(org.officerA, c.id)).status).toBe('in_store');
  });

  it('refusals: not the borrower (403), out of scope (404), another loan (404), stale version (409), bad input (400)', async () => {
    const asked = addDays(c.loan!.dueOn, 3);
    let h = await t.auditHead();
    await expectDenied(t, h, await ask(asked, {}, org.officerA), {
      action: 'carrier.request_extension',
      actorName: 'officer.a',
      targetId: c.id,
    });
    h = await t.auditHead();
    expectError(await ask(asked, {}, org.outsiderB), 404, 'not_found');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([
      ['carrier.request_extension', 'denied'],
    ]);
    h = await t.auditHead();
    const other = await org.insiderA.post(`/api/carriers/${c.id}/loans/${crypto.randomUUID()}/extension`, {
      version: c.version,
      dueOn: asked,
      reason: 'x',
    });
    await expectRefusedQuietly(t, h, other, 404, 'not_found');
    await expectRefusedQuietly(t, h, await ask(asked, { version: c.version + 1 }), 409, 'stale_version');
    await expectRefusedQuietly(t, h, await ask('2026-13-40'), 400, 'validation_failed');
    await expectRefusedQuietly(t, h, await ask(asked, { reason: '' }), 400, 'validation_failed');
    expect((await carrier(org.insiderA, c.id)).pendingRequest).toBeNull();
  });
});
