import { tx, type AppContext } from '../../../platform/context.js';
import type { JobDef } from '../../../platform/jobs/scheduler.js';
import { todayOf } from '../../../platform/organisation.js';
import { notifyUsers } from '../../../platform/notifications/notification-service.js';
import { digestOf } from '../domain/dues.js';
import { trainingSettings } from './training-settings.js';
import { duesOfPeople } from './training-facts.js';

/**
 * Training's daily reminder (TRN-01/02/10): one digest per person per day at most — training due within the
 * reminder window, overdue, or completed but expiring — in the inbox and by e-mail, through the platform's
 * notifications. Who gets one is the pure rule `digestOf` over the dues every active person has (`duesOfPeople`);
 * the notice's dedupe key names the person and the organisation's day, so a second run that day (a restart, a
 * second instance) tells nobody twice.
 */
const DAY = 86_400_000;
/** Notices written per transaction. */
const CHUNK = 200;

/** The dedupe key of a person's digest on a day. */
export const trainingDigestKey = (userId: string, day: string) => `training-digest:${userId}:${day}`;

export interface DigestSummary {
  people: number;
  dueSoon: number;
  overdue: number;
  expiring: number;
}

export async function remindTraining(ctx: AppContext): Promise<DigestSummary> {
  const today = await todayOf(ctx);
  const { reminderDays } = await trainingSettings(ctx);
  const everyone = await duesOfPeople(ctx, ctx.db, {}, today);
  const digests = everyone
    .map((p) => ({ userId: p.person.facts.id, digest: digestOf(p.dues, today, reminderDays) }))
    .filter((d): d is { userId: string; digest: NonNullable<typeof d.digest> } => d.digest !== null);
  for (let i = 0; i < digests.length; i += CHUNK) {
    await tx(ctx, async (trx) => {
      for (const { userId, digest } of digests.slice(i, i + CHUNK))
        await notifyUsers(trx, ctx, [userId], {
          notice: 'trainingDigest',
          params: { due: digest.dueSoon, overdue: digest.overdue, expiring: digest.expiring },
          link: '/training',
          dedupeKey: trainingDigestKey(userId, today),
          email: true,
        });
    });
  }
  const out: DigestSummary = { people: 0, dueSoon: 0, overdue: 0, expiring: 0 };
  for (const { digest } of digests) {
    out.people++;
    out.dueSoon += digest.dueSoon;
    out.overdue += digest.overdue;
    out.expiring += digest.expiring;
  }
  return out;
}

export function reminderJobs(): JobDef[] {
  return [
    {
      name: 'training.reminders',
      intervalMs: DAY,
      run: async (c) => {
        const r = await remindTraining(c);
        return `${r.people} people reminded: ${r.dueSoon} due soon, ${r.overdue} overdue, ${r.expiring} expiring`;
      },
    },
  ];
}
