import { tx, type AppContext } from '../../platform/context.js';
import type { JobDef } from '../../platform/jobs/scheduler.js';
import { todayOf } from '../../platform/organisation.js';
import { notifyUsers } from '../../platform/notifications/notification-service.js';
import { digestKey, digestOf } from './domain/reminders.js';
import { agreementSettings } from './services/agreement-settings.js';
import { obligationsOfPeople } from './services/people-facts.js';

/**
 * The agreements' daily job (PER-01/02/04): one reminder digest per person per day at most — what is due within
 * three days, overdue, or (on its reminder days) expiring — in the inbox and by e-mail, through the platform's
 * notifications. Who gets one is the pure rule of `domain/reminders.ts` over the obligations the who-must-sign
 * rule computes for every active person; the notice's dedupe key names the person and the organisation's day, so
 * a second run that day (a restart, a second instance) tells nobody twice.
 */
const DAY = 86_400_000;
/** Notices written per transaction. */
const CHUNK = 200;

export interface DigestSummary {
  people: number;
  dueSoon: number;
  overdue: number;
  expiring: number;
}

export async function remindAgreements(ctx: AppContext): Promise<DigestSummary> {
  const today = await todayOf(ctx);
  const { expiryReminderDays } = await agreementSettings(ctx);
  const everyone = await obligationsOfPeople(ctx, ctx.db, {}, today);
  const out: DigestSummary = { people: 0, dueSoon: 0, overdue: 0, expiring: 0 };
  const digests = everyone
    .map((p) => ({ userId: p.person.facts.id, digest: digestOf(p.obligations, today, expiryReminderDays) }))
    .filter((d) => d.digest !== null);
  for (let i = 0; i < digests.length; i += CHUNK) {
    await tx(ctx, async (trx) => {
      for (const { userId, digest } of digests.slice(i, i + CHUNK)) {
        await notifyUsers(trx, ctx, [userId], {
          notice: 'agreementDigest',
          params: { due: digest!.dueSoon, overdue: digest!.overdue, expiring: digest!.expiring },
          link: '/agreements',
          dedupeKey: digestKey(userId, today),
          email: true,
        });
      }
    });
  }
  for (const { digest } of digests) {
    out.people++;
    out.dueSoon += digest!.dueSoon;
    out.overdue += digest!.overdue;
    out.expiring += digest!.expiring;
  }
  return out;
}

export function peopleJobs(): JobDef[] {
  return [
    {
      name: 'people.agreement_reminders',
      intervalMs: DAY,
      run: async (c) => {
        const r = await remindAgreements(c);
        return `${r.people} people reminded: ${r.dueSoon} due soon, ${r.overdue} overdue, ${r.expiring} expiring`;
      },
    },
  ];
}
