/**
 * The carriers' daily jobs, called directly with the test clock moved (CAR-13, CAR-05, CAR-12, CAR-14): reminders
 * before a loan is due and once it is overdue, overdue circulations and carry-outs, and the periodic 文电 clean-up
 * notice. Each notice names its movement and day in a dedupe key: running a job twice tells nobody twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { json } from '../../helpers/people.js';
import { notificationsOf, signInAll } from '../../helpers/classification-org.js';
import { registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { carryOutBy, circulateTo, lendTo } from '../../helpers/carrier-flows.js';
import { dayFromToday, setLeaderInCharge } from '../../helpers/carrier-requests.js';
import { move } from '../../helpers/carrier-movements.js';
import type { CarrierDetail, CarrierSettings } from '../../../src/modules/carriers/contracts/carriers.js';
import type { NotificationName } from '../../../src/platform/contracts/notifications.js';
import { carrierJobs } from '../../../src/modules/carriers/jobs.js';
import { todayOf } from '../../../src/platform/organisation.js';
import { doneStates } from '../../helpers/notifications.js';

const DAY = 86_400_000;

describe.each(DB_KINDS)('carrier jobs on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;
  let loan: CarrierDetail; // 秘密, lent to insider.a, due in 3 days
  let circulated: CarrierDetail; // read by insider.a (not yet) and member.suba (signed), due tomorrow
  let carried: CarrierDetail; // carried out by officer.a, back in 2 days
  let startDay: string;

  const run = async (name: string) => {
    const job = carrierJobs().find((j) => j.name === name);
    if (!job) throw new Error(`no job ${name}`);
    return job.run(t.ctx);
  };
  /** How many notices of a kind a person has, and their dedupe keys. */
  const notices = async (who: { userId: string }, notice: NotificationName) =>
    (await notificationsOf(t, who.userId, notice)).map((n) => n.dedupe_key);
  /** Runs the reminders twice on the day `days` after the start (a restart or a second instance). */
  const remindOnDay = async (days: number) => {
    const now = await todayOf(t.ctx);
    const want = new Date(Date.parse(`${startDay}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
    const step = Math.round((Date.parse(`${want}T00:00:00Z`) - Date.parse(`${now}T00:00:00Z`)) / DAY);
    t.advance(step * DAY);
    expect(await todayOf(t.ctx)).toBe(want);
    await run('carriers.reminders');
    return run('carriers.reminders');
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
    await setLeaderInCharge(org, org.deptA, org.leader.userId);
    startDay = await todayOf(t.ctx);
    const [a, b, c] = await Promise.all([1, 2, 3].map(async () => (await registerCarrier(org))[0]!));
    loan = await lendTo(t, org.officerA, a!.id, org.insiderA, await dayFromToday(t, 3));
    circulated = await circulateTo(t, org.officerA, b!.id, [org.insiderA, org.memberSubA], await dayFromToday(t, 1));
    const signed = await move(t, org.memberSubA, b!.id, `/circulations/${circulated.circulation!.id}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    carried = await carryOutBy(t, org, org.officerA, c!.id, org.officerA, await dayFromToday(t, 2));
    // 文电: two kept by officer.a, one by head.b, and a paper document, all registered today.
    await registerCarrier(org, { kind: 'telegram', title: '关于加强保密管理的通知（密电）' });
    await registerCarrier(org, { kind: 'telegram', title: '上级机关来电' });
    await registerCarrier(
      org,
      {
        kind: 'telegram',
        title: '财务检查安排（密电）',
        departmentId: org.deptB,
        custodianId: org.headB.userId,
        locationId: org.safeB.id,
        scope: [],
      },
      org.headB,
    );
    // Clean-up every 30 days (the setting), so the test's clock moves a month, not a quarter.
    const s = json<{ settings: CarrierSettings; version: number }>(await org.sec.get('/api/carrier-settings'));
    const put = await org.sec.put('/api/carrier-settings', {
      version: s.version,
      settings: { ...s.settings, telegramCleanupDays: 30 },
    });
    expect(put.statusCode, put.body).toBe(200);
  });
  afterAll(() => t.close());

  it('registers its two daily jobs', () => {
    expect(carrierJobs().map((j) => [j.name, j.intervalMs])).toEqual([
      ['carriers.reminders', DAY],
      ['carriers.telegram_cleanup', DAY],
    ]);
  });

  it('[CAR-13][CAR-05][CAR-12] reminders before due and once overdue, each once a day, to the people concerned', async () => {
    // Day 0: the loan is due in 3 days (reminders come 2 days before), nothing is overdue.
    expect(await remindOnDay(0)).toBe(
      'loans due soon 0, loans overdue 0, circulations overdue 0, carry-outs overdue 0',
    );
    expect(await notices(org.insiderA, 'loanDueSoon')).toEqual([]);

    // Day 1: the loan is due in 2 days: the borrower hears once, however often the job runs.
    expect(await remindOnDay(1)).toBe(
      'loans due soon 1, loans overdue 0, circulations overdue 0, carry-outs overdue 0',
    );
    expect(await notices(org.insiderA, 'loanDueSoon')).toEqual([
      `carriers.loanDueSoon:${loan.loan!.id}:${await dayFromToday(t)}`,
    ]);
    expect(await notices(org.officerA, 'loanDueSoon')).toEqual([]);

    // Day 2: due tomorrow (another day's reminder); the circulation was due yesterday: the reader who has not signed
    // off and the custodian hear, not the reader who has.
    await remindOnDay(2);
    expect(await notices(org.insiderA, 'loanDueSoon')).toHaveLength(2);
    const circulationKey = `carriers.circulationOverdue:${circulated.circulation!.id}:${await dayFromToday(t)}`;
    expect(await notices(org.insiderA, 'circulationOverdue')).toEqual([circulationKey]);
    expect(await notices(org.officerA, 'circulationOverdue')).toEqual([circulationKey]);
    expect(await notices(org.memberSubA, 'circulationOverdue')).toEqual([]);

    // Day 3: the carry-out was due back yesterday: its bearer (here also the custodian) and the security office.
    expect(await remindOnDay(3)).toBe(
      'loans due soon 1, loans overdue 0, circulations overdue 1, carry-outs overdue 1',
    );
    const carryKey = `carriers.carryOutOverdue:${carried.carryOut!.id}:${await dayFromToday(t)}`;
    expect(await notices(org.officerA, 'carryOutOverdue')).toEqual([carryKey]);
    expect(await notices(org.sec, 'carryOutOverdue')).toEqual([carryKey]);
    expect(await notices(org.insiderA, 'carryOutOverdue')).toEqual([]);

    // Day 4: the loan is overdue: the borrower and the custodian, once each.
    expect(await remindOnDay(4)).toBe(
      'loans due soon 0, loans overdue 1, circulations overdue 1, carry-outs overdue 1',
    );
    const overdueKey = `carriers.loanOverdue:${loan.loan!.id}:${await dayFromToday(t)}`;
    expect(await notices(org.insiderA, 'loanOverdue')).toEqual([overdueKey]);
    expect(await notices(org.officerA, 'loanOverdue')).toEqual([overdueKey]);
    expect(await notices(org.insiderA, 'loanDueSoon')).toHaveLength(3);
    expect(await doneStates(t, org.insiderA.userId, 'loanOverdue')).toEqual([false]);

    // Returned: no more reminders about it.
    await signInAll(t, org.officerA);
    const back = await move(t, org.officerA, loan.id, `/loans/${loan.loan!.id}/return`, {
      pages: 12,
      quantity: 1,
      note: null,
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(await remindOnDay(5)).toBe(
      'loans due soon 0, loans overdue 0, circulations overdue 1, carry-outs overdue 1',
    );
    expect(await notices(org.insiderA, 'loanOverdue')).toHaveLength(1);
    expect(await notices(org.officerA, 'carryOutOverdue')).toHaveLength(3);
    // Back: every reminder of the loan is done, for the borrower and the custodian; the carry-out's still ask.
    expect(await doneStates(t, org.insiderA.userId, 'loanDueSoon')).toEqual([true, true, true]);
    for (const p of [org.insiderA, org.officerA]) expect(await doneStates(t, p.userId, 'loanOverdue')).toEqual([true]);
    expect(await doneStates(t, org.officerA.userId, 'carryOutOverdue')).toEqual([false, false, false]);
  });

  it('[CAR-14] telegrams in store past the clean-up interval: each custodian hears their count once per interval', async () => {
    await remindOnDay(29);
    expect(await run('carriers.telegram_cleanup')).toBe('0 telegrams to clear, 0 custodians told');
    await remindOnDay(31);
    expect(await run('carriers.telegram_cleanup')).toBe('3 telegrams to clear, 2 custodians told');
    await run('carriers.telegram_cleanup');
    const officer = await notificationsOf(t, org.officerA.userId, 'telegramCleanup');
    expect(officer.map((n) => JSON.parse(n.body) as unknown)).toEqual([{ count: 2 }]);
    expect((await notificationsOf(t, org.headB.userId, 'telegramCleanup')).map((n) => n.body)).toEqual([
      JSON.stringify({ count: 1 }),
    ]);
    expect(await notices(org.insiderA, 'telegramCleanup')).toEqual([]);
    // The next interval, a new notice.
    await remindOnDay(61);
    await run('carriers.telegram_cleanup');
    expect(await notices(org.officerA, 'telegramCleanup')).toHaveLength(2);
  });
});
