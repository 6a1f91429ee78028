/**
 * Two people racing on one carrier (CAR-11, CAR-04, CAR-05, CAR-13): whatever the interleaving, exactly one
 * movement happens and the other person gets 409, with nothing of theirs recorded. Each race runs a few times
 * on both databases (SQLite serialises writers; PostgreSQL locks the carrier's row).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { auditActionsSince, detail, expectRefusal, move, versionOf } from '../../helpers/carrier-movements.js';
import { dayFromToday, decide, setLeaderInCharge, submittedOf } from '../../helpers/carrier-requests.js';

const ROUNDS = 3;

describe.each(DB_KINDS)('carrier races on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
    // The leader in charge approves carry-outs of department A.
    await setLeaderInCharge(org, org.deptA, org.leader.userId);
  });
  afterAll(() => t.close());

  /** Sends both at once on the same version; answers which one won (0 or 1) after checking the loser got 409. */
  async function race(
    id: string,
    a: (version: number) => Promise<LightMyRequestResponse>,
    b: (version: number) => Promise<LightMyRequestResponse>,
  ): Promise<{ winner: 0 | 1; actions: string[] }> {
    const version = await versionOf(t, id);
    const head = await t.auditHead();
    const res = await Promise.all([a(version), b(version)]);
    const ok = res.map((r) => r.statusCode < 300);
    expect(ok.filter(Boolean), res.map((r) => r.body).join('\n')).toHaveLength(1);
    const loser = res[ok[0] ? 1 : 0]!;
    // Changed meanwhile (the version moved), or reserved meanwhile (a request that keeps the version).
    expect(loser.statusCode, loser.body).toBe(409);
    expect(['stale_version', 'conflict']).toContain(loser.json().error.code);
    return { winner: ok[0] ? 0 : 1, actions: await auditActionsSince(t, head) };
  }

  const lend = (id: string, borrowerId: string) => (version: number) =>
    org.officerA.post(`/api/carriers/${id}/loans`, { version, borrowerId, dueOn: null });
  const activeLoans = async (id: string) =>
    (
      await t.ctx.db
        .selectFrom('carrier_loans')
        .select('borrower_id')
        .where('carrier_id', '=', id)
        .where('status', '=', 'active')
        .execute()
    ).map((l) => l.borrower_id);

  it('[CAR-13] two loans of one carrier at once — one is lent, the other gets 409', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const [c] = await registerCarrier(org);
      const { winner, actions } = await race(
        c!.id,
        lend(c!.id, org.insiderA.userId),
        lend(c!.id, org.memberSubA.userId),
      );
      expect(await activeLoans(c!.id)).toEqual([[org.insiderA.userId, org.memberSubA.userId][winner]]);
      expect(actions).toEqual(['carrier.lend']);
    }
  });

  it('[CAR-11][CAR-13] a loan against a transfer — the carrier is lent or handed over, never both', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const [c] = await registerCarrier(org);
      const transfer = (version: number) =>
        org.headA.post(`/api/carriers/${c!.id}/transfer`, {
          version,
          custodianId: org.seniorA.userId,
          locationId: org.safeA.id,
          reason: '岗位调整',
        });
      const { winner, actions } = await race(c!.id, lend(c!.id, org.insiderA.userId), transfer);
      const row = await t.ctx.db
        .selectFrom('carriers')
        .select(['custodian_id', 'status'])
        .where('id', '=', c!.id)
        .executeTakeFirstOrThrow();
      if (winner === 0) {
        expect(row).toEqual({ custodian_id: org.officerA.userId, status: 'on_loan' });
        expect(actions).toEqual(['carrier.lend']);
      } else {
        expect(row).toEqual({ custodian_id: org.seniorA.userId, status: 'in_store' });
        expect(await activeLoans(c!.id)).toEqual([]);
        expect(actions).toEqual(['carrier.transfer']);
      }
    }
  });

  it('[CAR-04] a dispatch against a transmission — one record, one status', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const [c] = await registerCarrier(org);
      const dispatch = (version: number) =>
        org.officerA.post(`/api/carriers/${c!.id}/dispatches`, {
          version,
          channel: 'confidential_courier',
          counterpart: '协作单位',
          copies: 1,
          note: null,
        });
      const transmit = (version: number) =>
        org.officerA.post(`/api/carriers/${c!.id}/transmissions`, {
          version,
          channel: 'by_hand',
          recipientId: org.insiderA.userId,
          note: null,
        });
      const { winner } = await race(c!.id, dispatch, transmit);
      const records = await t.ctx.db
        .selectFrom('carrier_dispatches')
        .select(['direction', 'status'])
        .where('carrier_id', '=', c!.id)
        .execute();
      expect(records).toEqual([{ direction: winner === 0 ? 'outgoing' : 'internal', status: 'awaiting' }]);
      const status = (await t.ctx.db.selectFrom('carriers').select('status').where('id', '=', c!.id).execute())[0]!
        .status;
      expect(status).toBe(winner === 0 ? 'dispatched' : 'in_transit');
    }
  });

  it('[CAR-13] two returns of one loan at once — returned once', async () => {
    const [c] = await registerCarrier(org);
    const lent = detail(
      await move(t, org.officerA, c!.id, '/loans', { borrowerId: org.insiderA.userId, dueOn: null }),
      201,
    );
    const giveBack = (as: typeof org.officerA) => (version: number) =>
      as.post(`/api/carriers/${c!.id}/loans/${lent.loan!.id}/return`, { version, pages: 12, quantity: 1, note: null });
    const { actions } = await race(c!.id, giveBack(org.officerA), giveBack(org.seniorA));
    expect(actions).toEqual(['carrier.return']);
    expect(await activeLoans(c!.id)).toEqual([]);
  });

  it('[CAR-05] two readers signing off at once — one signs, the other reloads and signs', async () => {
    const [c] = await registerCarrier(org);
    const started = detail(
      await move(t, org.officerA, c!.id, '/circulations', {
        readerIds: [org.insiderA.userId, org.memberSubA.userId],
        dueOn: '2999-12-31',
      }),
      201,
    );
    const sign = (as: typeof org.officerA) => (version: number) =>
      as.post(`/api/carriers/${c!.id}/circulations/${started.circulation!.id}/sign`, { version });
    const { winner } = await race(c!.id, sign(org.insiderA), sign(org.memberSubA));
    const late = [org.insiderA, org.memberSubA][winner === 0 ? 1 : 0]!;
    const done = detail(await move(t, late, c!.id, `/circulations/${started.circulation!.id}/sign`));
    expect(done).toMatchObject({ status: 'in_store', circulation: null });
  });

  const carryOut = (id: string) => async (version: number) =>
    org.officerA.post(`/api/carriers/${id}/carry-outs`, {
      version,
      bearerId: org.officerA.userId,
      destination: '上级机关保密办公室',
      purpose: '汇报工作',
      returnOn: await dayFromToday(t, 2),
    });

  it('[CAR-04][CAR-12] a dispatch against a carry-out request — it leaves one way only', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const [c] = await registerCarrier(org);
      const dispatch = (version: number) =>
        org.officerA.post(`/api/carriers/${c!.id}/dispatches`, {
          version,
          channel: 'confidential_courier',
          counterpart: '协作单位',
          copies: 1,
          note: null,
        });
      const { winner, actions } = await race(c!.id, dispatch, carryOut(c!.id));
      const carryOuts = await t.ctx.db
        .selectFrom('carrier_carry_outs')
        .select('id')
        .where('carrier_id', '=', c!.id)
        .execute();
      const dispatches = await t.ctx.db
        .selectFrom('carrier_dispatches')
        .select('id')
        .where('carrier_id', '=', c!.id)
        .execute();
      expect([dispatches.length, carryOuts.length]).toEqual(winner === 0 ? [1, 0] : [0, 1]);
      expect(actions).toEqual(winner === 0 ? ['carrier.dispatch'] : ['approval.submit', 'carrier.request_carry_out']);
    }
  });

  it('[CAR-12] a carrier promised to a carry-out — asked or approved — is neither lent, sent, circulated nor handed over', async () => {
    const [c] = await registerCarrier(org);
    const sub = submittedOf(await carryOut(c!.id)(await versionOf(t, c!.id)));
    const attempts = [
      () => move(t, org.officerA, c!.id, '/loans', { borrowerId: org.insiderA.userId, dueOn: null }),
      () =>
        move(t, org.officerA, c!.id, '/dispatches', {
          channel: 'by_hand',
          counterpart: '协作单位',
          copies: 1,
          note: null,
        }),
      () =>
        move(t, org.officerA, c!.id, '/transmissions', {
          channel: 'by_hand',
          recipientId: org.insiderA.userId,
          note: null,
        }),
      () => move(t, org.officerA, c!.id, '/circulations', { readerIds: [org.insiderA.userId], dueOn: '2999-01-01' }),
      () =>
        move(t, org.headA, c!.id, '/transfer', {
          custodianId: org.seniorA.userId,
          locationId: org.safeA.id,
          reason: '岗位调整',
        }),
    ];
    for (const attempt of attempts) await expectRefusal(t, c!.id, attempt, 409, 'conflict', 'carrier_pending_request');
    expect((await decide(t, org.leader, sub.requestId, 'approve')).statusCode).toBe(200);
    // Approved, not yet gone: its bearer holds it already.
    for (const attempt of attempts) await expectRefusal(t, c!.id, attempt, 409, 'conflict', 'wrong_status');
  });
});
