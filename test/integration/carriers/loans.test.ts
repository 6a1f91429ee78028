/**
 * Lending and returning (CAR-13, CAR-11): a carrier is lent only to an active, cleared person who may already
 * know it, for at most the policy's period; the return is counted against the register. Refusals change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { expectDenied } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { approveAll, classify, notificationsOf, signInAll } from '../../helpers/classification-org.js';
import { carrier, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { auditActionsSince, detail, expectRefusal, move } from '../../helpers/carrier-movements.js';
import { addDays } from '../../../src/modules/carriers/domain/movement-rules.js';
import { todayOf } from '../../../src/platform/organisation.js';
import type { CarrierSummary } from '../../../src/modules/carriers/contracts/carriers.js';

const DAY = 86_400_000;

describe.each(DB_KINDS)('carrier loans on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
  });
  afterAll(() => t.close());

  const lend = (id: string, borrowerId: string, extra: Record<string, unknown> = {}, as = org.officerA) =>
    move(t, as, id, '/loans', { borrowerId, dueOn: null, ...extra });
  const giveBack = (id: string, loanId: string, extra: Record<string, unknown> = {}, as = org.officerA) =>
    move(t, as, id, `/loans/${loanId}/return`, { pages: 12, quantity: 1, note: null, ...extra });

  it('[CAR-13] the custodian lends a carrier to a colleague in its scope for the policy period, and takes it back', async () => {
    const [c] = await registerCarrier(org);
    const today = await todayOf(t.ctx);
    const head = await t.auditHead();
    const lent = detail(await lend(c!.id, org.insiderA.userId), 201);
    expect(lent).toMatchObject({ status: 'on_loan', holderName: 'insider.a', dueOn: addDays(today, 14) });
    expect(lent.loan).toMatchObject({ borrowerId: org.insiderA.userId, dueOn: addDays(today, 14), overdue: false });
    expect(await auditActionsSince(t, head)).toEqual(['carrier.lend']);
    expect(await notificationsOf(t, org.insiderA.userId, 'carrierLent')).toHaveLength(1);
    // The borrower finds it in their personal ledger while they hold it.
    const mine = json<{ items: CarrierSummary[] }>(await org.insiderA.get('/api/carriers?ledger=personal'));
    expect(mine.items.map((i) => i.id)).toContain(c!.id);

    const back = detail(await giveBack(c!.id, lent.loan!.id));
    expect(back).toMatchObject({ status: 'in_store', loan: null, holderName: null });
    expect(back.history.map((e) => e.event)).toEqual(['produced', 'lent', 'returned']);
    expect(back.history[2]!.details).toMatchObject({ late: false, differs: false });
    const after = json<{ items: CarrierSummary[] }>(await org.insiderA.get('/api/carriers?ledger=personal'));
    expect(after.items.map((i) => i.id)).not.toContain(c!.id);
  });

  it('[CAR-13] a shorter loan may be asked for, never a longer one or one due in the past (机密: 7 days)', async () => {
    const [c] = await registerCarrier(org, { level: 'secret', period: { value: 10, unit: 'years' } });
    const today = await todayOf(t.ctx);
    await expectRefusal(
      t,
      c!.id,
      () => lend(c!.id, org.insiderA.userId, { dueOn: addDays(today, 8) }),
      400,
      'validation_failed',
      'due_beyond_policy',
    );
    await expectRefusal(
      t,
      c!.id,
      () => lend(c!.id, org.insiderA.userId, { dueOn: addDays(today, -1) }),
      400,
      'validation_failed',
      'due_in_past',
    );
    const ok = detail(await lend(c!.id, org.insiderA.userId, { dueOn: addDays(today, 7) }), 201);
    expect(ok.loan!.dueOn).toBe(addDays(today, 7));
  });

  it('[CAR-11] no loan to someone who may not know the carrier (out of scope, not cleared, inactive, its custodian)', async () => {
    const [c] = await registerCarrier(org, { level: 'secret', period: { value: 10, unit: 'years' } });
    await expectRefusal(t, c!.id, () => lend(c!.id, org.outsiderB.userId), 409, 'conflict', 'borrower_not_in_scope');
    await expectRefusal(t, c!.id, () => lend(c!.id, org.lowA.userId), 400, 'validation_failed', 'person_not_cleared');
    await expectRefusal(t, c!.id, () => lend(c!.id, org.plainA.userId), 400, 'validation_failed', 'person_not_cleared');
    await expectRefusal(t, c!.id, () => lend(c!.id, org.aud.userId), 400, 'validation_failed', 'person_not_cleared');
    await expectRefusal(
      t,
      c!.id,
      () => lend(c!.id, org.officerA.userId),
      400,
      'validation_failed',
      'recipient_is_custodian',
    );
    await expectRefusal(t, c!.id, () => lend(c!.id, t.rootDepartmentId), 400, 'validation_failed', 'person_not_active');
    expect((await carrier(org.officerA, c!.id)).status).toBe('in_store');
  });

  it('[CAR-13][CAR-11] a carrier holding a secret item is lent once the borrower has access through the catalogue', async () => {
    const item = await classify(org, org.officerA, { level: 'confidential' });
    const [c] = await registerCarrier(org, {
      itemId: item.id,
      level: null,
      period: null,
      declassifyCondition: null,
      scope: [],
    });
    const refused = await expectRefusal(t, c!.id, () => lend(c!.id, org.outsiderB.userId), 409, 'conflict');
    expect(refused.json().error.details).toMatchObject({ problem: 'needs_item_access', itemId: item.id });
    // The existing grant flow: the borrower asks the catalogue for access, the chain approves.
    const { requestId } = json<{ requestId: string }>(
      await org.outsiderB.post('/api/access-requests', {
        itemId: item.id,
        actions: ['read'],
        days: 30,
        reason: '借阅载体',
      }),
      201,
    );
    await approveAll(org, requestId);
    const lent = detail(await lend(c!.id, org.outsiderB.userId), 201);
    expect(lent.loan!.borrowerId).toBe(org.outsiderB.userId);
    // The borrower now sees the carrier they hold.
    expect((await carrier(org.outsiderB, c!.id)).status).toBe('on_loan');
  });

  it('[CAR-13] only the custodian or the department’s officers lend and take back (refusals audited)', async () => {
    const [c] = await registerCarrier(org, { custodianId: org.insiderA.userId });
    let head = await t.auditHead();
    await expectDenied(t, head, await lend(c!.id, org.memberSubA.userId, {}, org.lowA), {
      action: 'carrier.lend',
      actorName: 'low.a',
      targetId: c!.id,
    });
    // Someone who may not even see it: 404, audited.
    head = await t.auditHead();
    const hidden = await lend(c!.id, org.memberSubA.userId, {}, org.outsiderB);
    expect(hidden.statusCode).toBe(404);
    expect(await auditActionsSince(t, head)).toEqual(['carrier.lend:denied']);
    // The department's officer may lend the custodian's carrier.
    const lent = detail(await lend(c!.id, org.memberSubA.userId, {}, org.seniorA), 201);
    head = await t.auditHead();
    await expectDenied(t, head, await giveBack(c!.id, lent.loan!.id, {}, org.memberSubA), {
      action: 'carrier.return',
      actorName: 'member.suba',
    });
    // Lending what is on loan already.
    head = await t.auditHead();
    await expectDenied(t, head, await lend(c!.id, org.lowA.userId, {}, org.insiderA), {
      action: 'carrier.lend',
      actorName: 'insider.a',
    });
    expect(detail(await giveBack(c!.id, lent.loan!.id, {}, org.insiderA)).status).toBe('in_store');
  });

  it('[CAR-13] bad input and stale versions change nothing', async () => {
    const [c] = await registerCarrier(org);
    await expectRefusal(
      t,
      c!.id,
      () => org.officerA.post(`/api/carriers/${c!.id}/loans`, { version: 1, borrowerId: 'nobody', dueOn: null }),
      400,
      'validation_failed',
    );
    await expectRefusal(
      t,
      c!.id,
      () => org.officerA.post(`/api/carriers/${c!.id}/loans`, { version: 1, borrowerId: org.insiderA.userId }),
      400,
      'validation_failed',
    );
    await expectRefusal(t, c!.id, () => lend(c!.id, org.insiderA.userId, { version: 99 }), 409, 'stale_version');
    const lent = detail(await lend(c!.id, org.insiderA.userId), 201);
    await expectRefusal(t, c!.id, () => giveBack(c!.id, lent.loan!.id, { version: 1 }), 409, 'stale_version');
    await expectRefusal(t, c!.id, () => giveBack(c!.id, c!.id), 404, 'not_found');
  });

  it('[CAR-13] a return that does not match the register needs a note, and the security office is told', async () => {
    const [c] = await registerCarrier(org);
    const lent = detail(await lend(c!.id, org.insiderA.userId), 201);
    await expectRefusal(
      t,
      c!.id,
      () => giveBack(c!.id, lent.loan!.id, { pages: 11 }),
      400,
      'validation_failed',
      'pages_mismatch',
    );
    await expectRefusal(
      t,
      c!.id,
      () => giveBack(c!.id, lent.loan!.id, { quantity: 0 }),
      400,
      'validation_failed',
      'quantity_mismatch',
    );
    const before = (await notificationsOf(t, org.sec.userId, 'returnDiscrepancy')).length;
    const back = detail(await giveBack(c!.id, lent.loan!.id, { pages: 11, note: '缺第12页' }));
    expect(back.status).toBe('in_store');
    expect(back.history.at(-1)).toMatchObject({ event: 'returned', details: { differs: true, note: '缺第12页' } });
    expect(await notificationsOf(t, org.sec.userId, 'returnDiscrepancy')).toHaveLength(before + 1);
    const loan = await t.ctx.db
      .selectFrom('carrier_loans')
      .selectAll()
      .where('id', '=', lent.loan!.id)
      .executeTakeFirstOrThrow();
    expect(loan).toMatchObject({ status: 'returned', received_by: org.officerA.userId, return_note: '缺第12页' });
  });

  it('[CAR-13] a loan past its due date is overdue in the ledger and its return is recorded late', async () => {
    const [c] = await registerCarrier(org);
    const lent = detail(await lend(c!.id, org.insiderA.userId), 201);
    t.advance(15 * DAY);
    await signInAll(t, org.officerA, org.insiderA);
    const now = await carrier(org.officerA, c!.id);
    expect(now).toMatchObject({ overdue: true, loan: { overdue: true } });
    const overdue = json<{ items: CarrierSummary[] }>(await org.officerA.get('/api/carriers?overdue=true'));
    expect(overdue.items.map((i) => i.id)).toContain(c!.id);
    const back = detail(await giveBack(c!.id, lent.loan!.id));
    expect(back.history.at(-1)).toMatchObject({ event: 'returned', details: { late: true } });
  });
});
