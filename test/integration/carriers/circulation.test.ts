/**
 * Circulation (传阅, CAR-05): the custodian circulates a carrier to named readers within its scope; each signs
 * off, the last signature puts it back in store; anyone outside the scope is refused (the show-outside request
 * is the way); an open circulation past its due date is overdue. Refusals change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { expectDenied } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { notificationsOf, signInAll } from '../../helpers/classification-org.js';
import { doneStates } from '../../helpers/notifications.js';
import { carrier, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { auditActionsSince, detail, expectRefusal, move } from '../../helpers/carrier-movements.js';
import { todayOf } from '../../../src/platform/organisation.js';
import { addDays } from '../../../src/modules/carriers/domain/movement-rules.js';
import type { CarrierSummary } from '../../../src/modules/carriers/contracts/carriers.js';

const DAY = 86_400_000;

describe.each(DB_KINDS)('carrier circulation on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
  });
  afterAll(() => t.close());

  const circulate = async (id: string, readerIds: string[], extra: Record<string, unknown> = {}, as = org.officerA) =>
    move(t, as, id, '/circulations', { readerIds, dueOn: addDays(await todayOf(t.ctx), 3), ...extra });
  const signOff = (id: string, circulationId: string, as: typeof org.officerA, extra: Record<string, unknown> = {}) =>
    move(t, as, id, `/circulations/${circulationId}/sign`, extra);

  it('[CAR-05] readers in the scope read and sign off; the last signature puts the carrier back in store', async () => {
    const [c] = await registerCarrier(org);
    const head = await t.auditHead();
    const started = detail(await circulate(c!.id, [org.insiderA.userId, org.memberSubA.userId]), 201);
    expect(started.status).toBe('circulating');
    expect(started.circulation).toMatchObject({
      status: 'open',
      overdue: false,
      readers: [
        { id: org.insiderA.userId, signedAt: null },
        { id: org.memberSubA.userId, signedAt: null },
      ],
    });
    for (const r of [org.insiderA, org.memberSubA])
      expect(await notificationsOf(t, r.userId, 'circulationStarted')).toHaveLength(1);
    const circulationId = started.circulation!.id;

    const one = detail(await signOff(c!.id, circulationId, org.insiderA));
    expect(one.status).toBe('circulating');
    // The reader who signed off is done with 「请传阅」; the other is still asked.
    expect(await doneStates(t, org.insiderA.userId, 'circulationStarted')).toEqual([true]);
    expect(await doneStates(t, org.memberSubA.userId, 'circulationStarted')).toEqual([false]);
    expect(one.circulation!.readers[0]!.signedAt).not.toBeNull();
    // Signed off already: no longer a reader to sign.
    let h = await t.auditHead();
    await expectDenied(t, h, await signOff(c!.id, circulationId, org.insiderA), {
      action: 'carrier.sign_circulation',
      actorName: 'insider.a',
    });
    // Someone who may know the carrier but is not a reader.
    h = await t.auditHead();
    await expectDenied(t, h, await signOff(c!.id, circulationId, org.lowA), {
      action: 'carrier.sign_circulation',
      actorName: 'low.a',
    });

    const done = detail(await signOff(c!.id, circulationId, org.memberSubA));
    expect(done).toMatchObject({ status: 'in_store', circulation: null });
    expect(await doneStates(t, org.memberSubA.userId, 'circulationStarted')).toEqual([true]);
    expect(done.history.map((e) => e.event)).toEqual([
      'produced',
      'circulated',
      'circulation_signed',
      'circulation_signed',
    ]);
    expect(done.history.at(-1)!.details).toMatchObject({ closed: true });
    const closed = await t.ctx.db
      .selectFrom('carrier_circulations')
      .select(['status', 'closed_at'])
      .where('id', '=', circulationId)
      .executeTakeFirstOrThrow();
    expect(closed.status).toBe('closed');
    expect((await auditActionsSince(t, head)).filter((a) => !a.endsWith(':denied'))).toEqual([
      'carrier.circulate',
      'carrier.sign_circulation',
      'carrier.sign_circulation',
    ]);
  });

  it('[CAR-05] a reader outside the scope is refused, naming them (the show-outside request is the way)', async () => {
    const [c] = await registerCarrier(org);
    const r = await expectRefusal(
      t,
      c!.id,
      () => circulate(c!.id, [org.insiderA.userId, org.outsiderB.userId, org.headB.userId]),
      409,
      'conflict',
      'reader_outside_scope',
    );
    expect(r.json().error.details.personIds).toEqual([org.outsiderB.userId, org.headB.userId]);
    expect(await notificationsOf(t, org.insiderA.userId, 'circulationStarted')).toHaveLength(1);
  });

  it('[CAR-05] readers are active and cleared; due in the past, bad input and stale versions change nothing', async () => {
    const [c] = await registerCarrier(org, { level: 'secret', period: { value: 10, unit: 'years' } });
    await expectRefusal(
      t,
      c!.id,
      () => circulate(c!.id, [org.insiderA.userId, org.lowA.userId]),
      400,
      'validation_failed',
      'person_not_cleared',
    );
    await expectRefusal(
      t,
      c!.id,
      async () => circulate(c!.id, [org.insiderA.userId], { dueOn: addDays(await todayOf(t.ctx), -1) }),
      400,
      'validation_failed',
      'due_in_past',
    );
    await expectRefusal(t, c!.id, () => circulate(c!.id, []), 400, 'validation_failed');
    await expectRefusal(t, c!.id, () => circulate(c!.id, [org.insiderA.userId], { version: 5 }), 409, 'stale_version');
    const started = detail(await circulate(c!.id, [org.insiderA.userId]), 201);
    await expectRefusal(
      t,
      c!.id,
      () => signOff(c!.id, started.circulation!.id, org.insiderA, { version: 1 }),
      409,
      'stale_version',
    );
  });

  it('[CAR-05] only the custodian circulates (audited)', async () => {
    const [c] = await registerCarrier(org);
    for (const [a, name] of [
      [org.insiderA, 'insider.a'],
      [org.headA, 'head.a'],
    ] as const) {
      const h = await t.auditHead();
      await expectDenied(t, h, await circulate(c!.id, [org.memberSubA.userId], {}, a), {
        action: 'carrier.circulate',
        actorName: name,
      });
    }
  });

  it('[CAR-05] a circulation past its due date is flagged overdue in the detail and the ledger', async () => {
    const [c] = await registerCarrier(org);
    const today = await todayOf(t.ctx);
    detail(await circulate(c!.id, [org.insiderA.userId], { dueOn: today }), 201);
    t.advance(2 * DAY);
    await signInAll(t, org.officerA);
    expect((await carrier(org.officerA, c!.id)).circulation).toMatchObject({ overdue: true, dueOn: today });
    const overdue = json<{ items: CarrierSummary[] }>(await org.officerA.get('/api/carriers?overdue=true'));
    expect(overdue.items.find((i) => i.id === c!.id)).toMatchObject({ overdue: true, status: 'circulating' });
  });
});
