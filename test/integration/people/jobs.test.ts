/**
 * The agreements' daily reminder job, called directly with the test clock moved (PER-01/02): one digest per person
 * per day at most — agreements due within three days, overdue, or expiring on a reminder day — in the inbox and,
 * for a person with an address, by e-mail; running it twice on a day tells nobody twice; a person who has signed
 * hears nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { json } from '../../helpers/people.js';
import { notificationsOf } from '../../helpers/classification-org.js';
import {
  advanceDays,
  createAndPublish,
  setupPeopleOrg,
  type Admin,
  type PeopleOrg,
  type Person,
} from '../../helpers/people-org.js';
import { signVersion } from '../../helpers/people-report.js';
import { peopleJobs } from '../../../src/modules/people/jobs.js';
import { digestKey } from '../../../src/modules/people/domain/reminders.js';
import { todayOf } from '../../../src/platform/organisation.js';

const DAY = 86_400_000;

describe.each(DB_KINDS)('agreement reminders on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let ndaVersion = '';

  const run = async () => {
    const job = peopleJobs().find((j) => j.name === 'people.agreement_reminders');
    if (!job) throw new Error('no reminder job');
    return job.run(t.ctx);
  };
  const digests = async (who: { userId: string }) =>
    (await notificationsOf(t, who.userId, 'agreementDigest')).map((n) => ({
      key: n.dedupe_key,
      params: JSON.parse(n.body) as unknown,
    }));
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
  const sign = (p: Person | Admin, versionId: string) => signVersion(t, p, versionId);

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    await t.ctx.db
      .updateTable('users')
      .set({ email: 'tester.a@example.cn' })
      .where('id', '=', org.testerA.userId)
      .execute();
    // The NDA for everyone (14 days' grace); a commitment letter valid one month, for cleared people.
    ndaVersion = (await createAndPublish(org)).version.id;
  });
  afterAll(() => t.close());

  it('registers its daily job', () => {
    expect(peopleJobs().map((j) => [j.name, j.intervalMs])).toEqual([['people.agreement_reminders', DAY]]);
  });

  it('[PER-01] due within three days, then overdue: one digest a day each, in the inbox and by e-mail', async () => {
    const start = await todayOf(t.ctx);
    // Day 0: due in 14 days: nobody hears.
    expect(await run()).toBe('0 people reminded: 0 due soon, 0 overdue, 0 expiring');
    expect(await digests(org.testerA)).toEqual([]);

    // Day 11: due in 3 days: everyone who must sign (the administrators too), once however often the job runs.
    advanceDays(org, 11);
    const day11 = await todayOf(t.ctx);
    expect(day11 > start).toBe(true);
    const people = org.byId.size;
    const mailed = await mails('tester.a@example.cn'); // the notice of the publication
    expect(await run()).toBe(`${people} people reminded: ${people} due soon, 0 overdue, 0 expiring`);
    await run();
    for (const p of [org.testerA, org.sec, org.headB])
      expect(await digests(p)).toEqual([
        { key: digestKey(p.userId, day11), params: { due: 1, overdue: 0, expiring: 0 } },
      ]);
    expect(await mails('tester.a@example.cn')).toBe(mailed + 1);

    // clerk.b signs; the next day the others hear again, clerk.b not.
    await sign(org.clerkB, ndaVersion);
    advanceDays(org, 1);
    expect(await run()).toBe(`${people - 1} people reminded: ${people - 1} due soon, 0 overdue, 0 expiring`);
    expect(await digests(org.testerA)).toHaveLength(2);
    expect(await digests(org.clerkB)).toHaveLength(1);
    expect(await mails('tester.a@example.cn')).toBe(mailed + 2);

    // Day 15: past the grace period: overdue, every day until signed.
    advanceDays(org, 3);
    const day15 = await todayOf(t.ctx);
    await run();
    await run();
    const mine = await digests(org.testerA);
    expect(mine.at(-1)).toEqual({
      key: digestKey(org.testerA.userId, day15),
      params: { due: 0, overdue: 1, expiring: 0 },
    });
    expect(mine.filter((d) => d.key === digestKey(org.testerA.userId, day15))).toHaveLength(1);
    await sign(org.testerA, ndaVersion);
    advanceDays(org, 1);
    await run();
    expect(await digests(org.testerA)).toHaveLength(mine.length);
    expect(await digests(org.engineerA)).toHaveLength(mine.length + 1);
  });

  it('[PER-02] a signature about to expire reminds on the first day of the window, weekly, then each of the last days', async () => {
    // A commitment letter valid one month, for cleared people (head.a, officer.a, engineer.a); a 7-day window.
    await sign(org.sec, ndaVersion);
    const s = json<{ version: number; settings: Record<string, number> }>(await org.sec.get('/api/agreement-settings'));
    const put = await org.sec.put('/api/agreement-settings', {
      version: s.version,
      settings: { ...s.settings, expiryReminderDays: 7 },
    });
    expect(put.statusCode, put.body).toBe(200);
    const commitment = await createAndPublish(org, { kind: 'commitment', title: '保密承诺书', validityMonths: 1 });
    await sign(org.engineerA, ndaVersion);
    await sign(org.engineerA, commitment.version.id);
    const signedOn = await todayOf(t.ctx);
    const expiresOn = new Date(Date.parse(`${signedOn}T00:00:00Z`));
    expiresOn.setUTCMonth(expiresOn.getUTCMonth() + 1);
    const daysToExpiry = Math.round((expiresOn.getTime() - Date.parse(`${signedOn}T00:00:00Z`)) / DAY);
    const before = (await digests(org.engineerA)).length;

    let elapsed = 0;
    /** Runs the job on the day `left` days before the signature's validity ends. */
    const onDay = async (left: number) => {
      advanceDays(org, daysToExpiry - left - elapsed);
      elapsed = daysToExpiry - left;
      await run();
      return digests(org.engineerA);
    };
    expect(await onDay(8)).toHaveLength(before); // outside the window
    const first = await onDay(7); // the window's first day (and a whole week)
    expect(first).toHaveLength(before + 1);
    expect(first.at(-1)!.params).toEqual({ due: 0, overdue: 0, expiring: 1 });
    expect(await onDay(5)).toHaveLength(before + 1);
    expect(await onDay(3)).toHaveLength(before + 2);
    expect(await onDay(1)).toHaveLength(before + 3);
  });
});
