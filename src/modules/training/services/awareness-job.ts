import type { AudienceRule } from '../../../kernel/training.js';
import { tx, type AppContext } from '../../../platform/context.js';
import type { JobDef } from '../../../platform/jobs/scheduler.js';
import { todayOf } from '../../../platform/organisation.js';
import { notifyUsers } from '../../../platform/notifications/notification-service.js';
import { addDays } from '../domain/audiences.js';
import { dueAwareness, markSent } from '../repositories/awareness-repo.js';
import { audienceOf } from './awareness-service.js';

/**
 * The awareness messages' daily job (定期保密知识提醒, TRN-06): each active message whose next day has come goes to
 * the active people its audience takes in that day (inbox and e-mail), and its next day moves on by its interval
 * (past today: a message missed for days goes once, not once per missed day). One notice per person per message per
 * day: the dedupe key names the message and the day, so a second run (a restart, a second instance) sends nothing
 * again.
 */
const DAY = 86_400_000;
/** The most of a message's body a notice carries (the rest is on the page it links to). */
const EXCERPT = 500;

export const awarenessKey = (messageId: string, day: string) => `training-awareness:${messageId}:${day}`;

/** The next day after `today`, stepping from `from` by `interval` days. */
export function nextAfter(from: string, interval: number, today: string): string {
  let next = from;
  while (next <= today) next = addDays(next, interval);
  return next;
}

export async function sendAwareness(ctx: AppContext): Promise<{ messages: number; notices: number }> {
  const today = await todayOf(ctx);
  const out = { messages: 0, notices: 0 };
  for (const m of await dueAwareness(ctx.db, today)) {
    const people = await audienceOf(ctx, ctx.db, JSON.parse(m.audience) as AudienceRule[], today);
    const body = m.body.length > EXCERPT ? `${m.body.slice(0, EXCERPT)}…` : m.body;
    await tx(ctx, async (trx) => {
      if (!(await markSent(trx, m.id, today, nextAfter(m.next_on, m.interval_days, today), m.next_on))) return;
      await notifyUsers(
        trx,
        ctx,
        people.map((p) => p.facts.id),
        {
          notice: 'trainingAwareness',
          params: { title: m.title, body },
          link: '/training',
          dedupeKey: awarenessKey(m.id, today),
          email: true,
        },
      );
      out.messages++;
      out.notices += people.length;
    });
  }
  return out;
}

export function awarenessJobs(): JobDef[] {
  return [
    {
      name: 'training.awareness',
      intervalMs: DAY,
      run: async (c) => {
        const r = await sendAwareness(c);
        return `${r.messages} awareness messages sent to ${r.notices} people`;
      },
    },
  ];
}
