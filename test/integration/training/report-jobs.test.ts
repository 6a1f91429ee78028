/**
 * Training's daily jobs, called directly with the test clock moved: the reminder (TRN-01/02) — one digest per person
 * per day at most (due within the reminder window, overdue, expiring), in the inbox and by e-mail, however often it
 * runs — and the awareness messages (TRN-06) — each active message whose day has come goes once to the people its
 * audience takes in, and its next day moves on by its interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { json } from '../../helpers/people.js';
import { notificationsOf } from '../../helpers/classification-org.js';
import { advanceDays, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { signInAgain } from '../../helpers/people-report.js';
import { createPublished } from '../../helpers/training-course.js';
import { complete, dayFrom, setPersonFacts } from '../../helpers/training-report.js';
import { reminderJobs, trainingDigestKey } from '../../../src/modules/training/services/reminder-job.js';
import { awarenessJobs, awarenessKey } from '../../../src/modules/training/services/awareness-job.js';
import type { AwarenessDto } from '../../../src/modules/training/contracts/awareness.js';
import { todayOf } from '../../../src/platform/organisation.js';

const DAY = 86_400_000;

describe.each(DB_KINDS)('training jobs on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;

  const remind = () => reminderJobs()[0]!.run(t.ctx);
  const sendAwareness = () => awarenessJobs()[0]!.run(t.ctx);
  const digests = async (who: { userId: string }) =>
    (await notificationsOf(t, who.userId, 'trainingDigest')).map((n) => ({
      key: n.dedupe_key,
      params: JSON.parse(n.body) as unknown,
    }));
  const awareness = async (who: { userId: string }) =>
    (await notificationsOf(t, who.userId, 'trainingAwareness')).map((n) => n.dedupe_key);
  const mails = async (address: string) =>
    Number(
      (
        await t.ctx.db
          .selectFrom('email_outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('to_address', '=', address)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    await t.ctx.db
      .updateTable('users')
      .set({ email: 'tester.a@example.cn' })
      .where('id', '=', org.testerA.userId)
      .execute();
  });
  afterAll(() => t.close());

  it('registers its daily jobs', () => {
    expect([...reminderJobs(), ...awarenessJobs()].map((j) => [j.name, j.intervalMs])).toEqual([
      ['training.reminders', DAY],
      ['training.awareness', DAY],
    ]);
  });

  it('[TRN-01] due within the window, then overdue: one digest a day each, in the inbox and by e-mail', async () => {
    // Everyone in department A starts 10 days from now; onboarding due by then (30 days' grace ends later: day 30).
    const a = [org.headA, org.officerA, org.engineerA, org.testerA, org.memberSubA];
    await setPersonFacts(
      t,
      a.map((p) => p.userId),
      { hiredOn: await dayFrom(t, 10) },
    );
    const course = await createPublished(org, {
      title: '研发部入职培训',
      kind: 'onboarding',
      audience: [{ kind: 'department', departmentId: org.deptA }],
    });
    // Day 0: due on day 30 (the grace for a new course): nobody hears.
    expect(await remind()).toBe('0 people reminded: 0 due soon, 0 overdue, 0 expiring');
    // Day 23: due in 7 days (the window): the five hear once, however often the job runs.
    advanceDays(org, 23);
    const day23 = await todayOf(t.ctx);
    expect(await remind()).toBe('5 people reminded: 5 due soon, 0 overdue, 0 expiring');
    await remind();
    expect(await digests(org.testerA)).toEqual([
      { key: trainingDigestKey(org.testerA.userId, day23), params: { due: 1, overdue: 0, expiring: 0 } },
    ]);
    expect(await digests(org.clerkB)).toEqual([]);
    expect(await mails('tester.a@example.cn')).toBe(1);
    // engineer.a completes it; day 31: the others are overdue and hear again, engineer.a not.
    await complete(t, org.engineerA.userId, course.id, await todayOf(t.ctx));
    advanceDays(org, 8);
    const day31 = await todayOf(t.ctx);
    expect(await remind()).toBe('4 people reminded: 0 due soon, 4 overdue, 0 expiring');
    await remind();
    expect((await digests(org.testerA)).at(-1)).toEqual({
      key: trainingDigestKey(org.testerA.userId, day31),
      params: { due: 0, overdue: 1, expiring: 0 },
    });
    expect(await digests(org.testerA)).toHaveLength(2);
    expect(await digests(org.engineerA)).toHaveLength(1);
    expect(await mails('tester.a@example.cn')).toBe(2);
  });

  it('[TRN-06] an awareness message goes to its audience on its day, once, then every interval', async () => {
    await signInAgain(t, org.sec);
    const today = await todayOf(t.ctx);
    const m = json<AwarenessDto>(
      await org.sec.post('/api/training/awareness', {
        title: '下班前清理桌面',
        body: '**离开座位**时请锁屏，涉密文件入柜。',
        audience: [{ kind: 'department', departmentId: org.deptB }],
        intervalDays: 7,
        nextOn: today,
        active: true,
      }),
      201,
    );
    const off = json<AwarenessDto>(
      await org.sec.post('/api/training/awareness', {
        title: '停用的提醒',
        body: '不发送',
        audience: [{ kind: 'all' }],
        intervalDays: 1,
        nextOn: today,
        active: false,
      }),
      201,
    );
    expect(await sendAwareness()).toBe('1 awareness messages sent to 2 people');
    expect(await sendAwareness()).toBe('0 awareness messages sent to 0 people');
    for (const p of [org.headB, org.clerkB]) expect(await awareness(p)).toEqual([awarenessKey(m.id, today)]);
    expect(await awareness(org.headA)).toEqual([]);
    const [n] = await notificationsOf(t, org.clerkB.userId, 'trainingAwareness');
    expect(JSON.parse(n!.body)).toEqual({ title: '下班前清理桌面', body: '**离开座位**时请锁屏，涉密文件入柜。' });
    let after = json<AwarenessDto>(await org.sec.get(`/api/training/awareness/${m.id}`));
    expect([after.lastSentOn, after.nextOn]).toEqual([today, await dayFrom(t, 7)]);
    expect(json<AwarenessDto>(await org.sec.get(`/api/training/awareness/${off.id}`)).lastSentOn).toBe(null);

    // Day 6: nothing; day 9 (missed day 7): sent once, next day 14 from the first.
    advanceDays(org, 6);
    expect(await sendAwareness()).toBe('0 awareness messages sent to 0 people');
    advanceDays(org, 3);
    expect(await sendAwareness()).toBe('1 awareness messages sent to 2 people');
    expect(await awareness(org.clerkB)).toHaveLength(2);
    await signInAgain(t, org.sec);
    after = json<AwarenessDto>(await org.sec.get(`/api/training/awareness/${m.id}`));
    expect([after.lastSentOn, after.nextOn]).toEqual([await todayOf(t.ctx), await dayFrom(t, 5)]);
  });
});
