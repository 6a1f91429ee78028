/**
 * Sending and receiving (收发, CAR-04) and internal transmission (传递) with their sign-for records, by designated
 * handlers only (CAR-03), never by an unsecured channel (CAR-21), always into a registered location (CAR-09,
 * CAR-11). Refusals change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { expectDenied, randomId } from '../../helpers/abuse.js';
import { notificationsOf } from '../../helpers/classification-org.js';
import { doneStates } from '../../helpers/notifications.js';
import { carrier, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { auditActionsSince, detail, expectRefusal, move } from '../../helpers/carrier-movements.js';
import { todayOf } from '../../../src/platform/organisation.js';
import { addDays } from '../../../src/modules/carriers/domain/movement-rules.js';

const UNSECURED = ['ordinary_mail', 'email', 'fax', 'phone', 'plain_telegram'] as const;

describe.each(DB_KINDS)('carrier dispatch and transmission on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
  });
  afterAll(() => t.close());

  const dispatch = (id: string, extra: Record<string, unknown> = {}, as = org.officerA) =>
    move(t, as, id, '/dispatches', {
      channel: 'confidential_mail',
      counterpart: '上级主管单位办公室',
      copies: 1,
      note: null,
      ...extra,
    });
  const receipt = (id: string, dispatchId: string, extra: Record<string, unknown> = {}, as = org.officerA) =>
    todayOf(t.ctx).then((today) =>
      move(t, as, id, `/dispatches/${dispatchId}/receipt`, { signedByName: '张收文', signedAt: today, ...extra }),
    );
  const transmit = (id: string, recipientId: string, extra: Record<string, unknown> = {}, as = org.officerA) =>
    move(t, as, id, '/transmissions', { channel: 'by_hand', recipientId, note: null, ...extra });
  const signFor = (id: string, dispatchId: string, as: typeof org.officerA, extra: Record<string, unknown> = {}) =>
    move(t, as, id, `/transmissions/${dispatchId}/sign`, { locationId: org.safeA.id, note: null, ...extra });

  it('[CAR-04] a designated handler dispatches a carrier outside the unit and records the receipt (回执)', async () => {
    const [c] = await registerCarrier(org);
    const head = await t.auditHead();
    const sent = detail(await dispatch(c!.id), 201);
    expect(sent.status).toBe('dispatched');
    expect(sent.dispatch).toMatchObject({
      direction: 'outgoing',
      channel: 'confidential_mail',
      counterpart: '上级主管单位办公室',
      handlerName: 'officer.a',
      copies: 1,
      status: 'awaiting',
    });
    const today = await todayOf(t.ctx);
    const signed = detail(await receipt(c!.id, sent.dispatch!.id));
    expect(signed.status).toBe('dispatched');
    expect(signed.dispatch).toMatchObject({ status: 'signed', signedByName: '张收文', signedAt: today });
    expect(signed.history.map((e) => e.event)).toEqual(['produced', 'dispatched', 'receipt_recorded']);
    expect(await auditActionsSince(t, head)).toEqual(['carrier.dispatch', 'carrier.record_receipt']);
    await expectRefusal(t, c!.id, () => receipt(c!.id, sent.dispatch!.id), 409, 'conflict', 'already_signed');
  });

  it('[CAR-21] an unsecured channel is refused for dispatch and transmission, whatever the channel', async () => {
    const [c] = await registerCarrier(org);
    for (const channel of UNSECURED) {
      await expectRefusal(t, c!.id, () => dispatch(c!.id, { channel }), 400, 'validation_failed', 'unsecured_channel');
      await expectRefusal(
        t,
        c!.id,
        () => transmit(c!.id, org.insiderA.userId, { channel }),
        400,
        'validation_failed',
        'unsecured_channel',
      );
    }
    expect((await carrier(org.officerA, c!.id)).status).toBe('in_store');
  });

  it('[CAR-03] only a designated handler dispatches or transmits — not the custodian, not the head (audited)', async () => {
    const [c] = await registerCarrier(org, { custodianId: org.insiderA.userId });
    for (const [a, name] of [
      [org.insiderA, 'insider.a'],
      [org.headA, 'head.a'],
    ] as const) {
      let head = await t.auditHead();
      await expectDenied(t, head, await dispatch(c!.id, {}, a), { action: 'carrier.dispatch', actorName: name });
      head = await t.auditHead();
      await expectDenied(t, head, await transmit(c!.id, org.memberSubA.userId, {}, a), {
        action: 'carrier.transmit',
        actorName: name,
      });
    }
    // A handler of another department is no handler here.
    const head = await t.auditHead();
    expect((await dispatch(c!.id, {}, org.headB)).statusCode).toBe(404);
    expect(await auditActionsSince(t, head)).toEqual(['carrier.dispatch:denied']);
  });

  it('[CAR-04] copies beyond the unit, bad input and stale versions change nothing', async () => {
    const [c] = await registerCarrier(org);
    await expectRefusal(t, c!.id, () => dispatch(c!.id, { copies: 2 }), 400, 'validation_failed', 'copies_exceed');
    await expectRefusal(t, c!.id, () => dispatch(c!.id, { channel: 'pigeon' }), 400, 'validation_failed');
    await expectRefusal(t, c!.id, () => dispatch(c!.id, { counterpart: '' }), 400, 'validation_failed');
    await expectRefusal(t, c!.id, () => dispatch(c!.id, { version: 7 }), 409, 'stale_version');
    const sent = detail(await dispatch(c!.id), 201);
    const today = await todayOf(t.ctx);
    await expectRefusal(
      t,
      c!.id,
      () => receipt(c!.id, sent.dispatch!.id, { signedAt: addDays(today, 1) }),
      400,
      'validation_failed',
      'signed_on_invalid',
    );
    await expectRefusal(t, c!.id, () => receipt(c!.id, sent.dispatch!.id, { version: 1 }), 409, 'stale_version');
    await expectRefusal(t, c!.id, () => receipt(c!.id, randomId()), 404, 'not_found');
  });

  it('[CAR-04] a receipt is recorded by the custodian or a dispatch handler only (audited)', async () => {
    const [c] = await registerCarrier(org);
    const sent = detail(await dispatch(c!.id), 201);
    const head = await t.auditHead();
    await expectDenied(t, head, await receipt(c!.id, sent.dispatch!.id, {}, org.insiderA), {
      action: 'carrier.record_receipt',
      actorName: 'insider.a',
    });
    // A received carrier's incoming record has no receipt to record.
    const [received] = await registerCarrier(org, {
      origin: 'received',
      received: { channel: 'confidential_courier', counterpart: '省厅机要室', note: null },
    });
    const incoming = await t.ctx.db
      .selectFrom('carrier_dispatches')
      .select('id')
      .where('carrier_id', '=', received!.id)
      .executeTakeFirstOrThrow();
    await expectRefusal(t, received!.id, () => receipt(received!.id, incoming.id), 409, 'conflict', 'not_outgoing');
  });

  it('[CAR-04] a transmission is signed for by its recipient, who keeps the carrier in a registered location', async () => {
    const [c] = await registerCarrier(org, { level: 'secret', period: { value: 10, unit: 'years' } });
    const head = await t.auditHead();
    const sent = detail(await transmit(c!.id, org.memberSubA.userId, { channel: 'classified_network' }), 201);
    expect(sent).toMatchObject({ status: 'in_transit', holderName: 'member.suba' });
    expect(sent.dispatch).toMatchObject({
      direction: 'internal',
      recipientId: org.memberSubA.userId,
      status: 'awaiting',
      channel: 'classified_network',
    });
    expect(await notificationsOf(t, org.memberSubA.userId, 'awaitingSignFor')).toHaveLength(1);
    expect(await doneStates(t, org.memberSubA.userId, 'awaitingSignFor')).toEqual([false]);
    // Only the recipient signs for it.
    let h = await t.auditHead();
    await expectDenied(t, h, await signFor(c!.id, sent.dispatch!.id, org.insiderA), {
      action: 'carrier.sign_for',
      actorName: 'insider.a',
    });
    // CAR-09/CAR-11: never into something that is not a registered location allowed to hold it.
    await expectRefusal(
      t,
      c!.id,
      () => signFor(c!.id, sent.dispatch!.id, org.memberSubA, { locationId: randomId() }),
      400,
      'validation_failed',
      'location_unknown',
    );
    await expectRefusal(
      t,
      c!.id,
      () => signFor(c!.id, sent.dispatch!.id, org.memberSubA, { locationId: org.cabinetA.id }),
      400,
      'validation_failed',
      'location_level_cap',
    );
    await expectRefusal(t, c!.id, () => signFor(c!.id, randomId(), org.memberSubA), 404, 'not_found');
    const signed = detail(await signFor(c!.id, sent.dispatch!.id, org.memberSubA));
    // Signed for: the recipient's 「待签收」 is done.
    expect(await doneStates(t, org.memberSubA.userId, 'awaitingSignFor')).toEqual([true]);
    expect(signed).toMatchObject({
      status: 'in_store',
      custodianId: org.memberSubA.userId,
      departmentId: org.subA,
      locationId: org.safeA.id,
    });
    expect(signed.dispatch).toMatchObject({ status: 'signed', signedByName: 'member.suba', direction: 'internal' });
    expect(signed.history.at(-1)).toMatchObject({
      event: 'signed_for',
      details: { fromName: 'officer.a', toName: 'member.suba' },
    });
    h = await t.auditHead();
    expect(h).toBeGreaterThan(head);
    const actions = await auditActionsSince(t, head);
    expect(actions.filter((a) => !a.endsWith(':denied'))).toEqual(['carrier.transmit', 'carrier.sign_for']);
  });

  it('[CAR-04] a transmission goes to an active, cleared colleague in its scope other than its custodian', async () => {
    const [c] = await registerCarrier(org, { level: 'secret', period: { value: 10, unit: 'years' } });
    await expectRefusal(
      t,
      c!.id,
      () => transmit(c!.id, org.officerA.userId),
      400,
      'validation_failed',
      'recipient_is_custodian',
    );
    await expectRefusal(
      t,
      c!.id,
      () => transmit(c!.id, org.lowA.userId),
      400,
      'validation_failed',
      'person_not_cleared',
    );
    await expectRefusal(t, c!.id, () => transmit(c!.id, randomId()), 400, 'validation_failed', 'person_not_active');
    // A transmission never widens who knows it: outsider.b is cleared but outside its scope (department A).
    await expectRefusal(
      t,
      c!.id,
      () => transmit(c!.id, org.outsiderB.userId),
      409,
      'conflict',
      'recipient_not_in_scope',
    );
    await expectRefusal(t, c!.id, () => transmit(c!.id, org.insiderA.userId, { version: 9 }), 409, 'stale_version');
    // While in transit it is neither dispatched nor transmitted again.
    const sent = detail(await transmit(c!.id, org.insiderA.userId), 201);
    const head = await t.auditHead();
    await expectDenied(t, head, await dispatch(c!.id), { action: 'carrier.dispatch', actorName: 'officer.a' });
    expect(sent.status).toBe('in_transit');
  });
});
