import { audit, SYSTEM_CONTEXT, tx, type AppContext } from '../../platform/context.js';
import type { JobDef } from '../../platform/jobs/scheduler.js';
import { notifyUsers } from '../../platform/notifications/notification-service.js';
import { passwordTaskKey } from './services/notice-tasks.js';
import { getAccountPolicy } from './services/settings-service.js';
import { pruneSignInCounters } from './services/sign-in-throttle.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Sessions ended (expired or revoked) longer ago than this are deleted. */
export const SESSION_RETENTION_MS = 7 * DAY;
/** Cleared users are reminded this long before their password expires. */
export const PASSWORD_REMINDER_MS = 7 * DAY;

export async function cleanupSessions(ctx: AppContext): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - SESSION_RETENTION_MS).toISOString();
  return tx(ctx, async (trx) => {
    const r = await trx
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<', cutoff),
          eb.and([eb('revoked_at', 'is not', null), eb('revoked_at', '<', cutoff)]),
        ]),
      )
      .executeTakeFirst();
    const n = Number(r.numDeletedRows);
    // Security-key challenges nobody answered: dead once expired (a sign-in abandoned, a page closed).
    await trx.deleteFrom('webauthn_challenges').where('expires_at', '<=', ctx.now().toISOString()).execute();
    if (n > 0)
      await audit(trx, ctx, SYSTEM_CONTEXT, {
        action: 'system.sessions_cleanup',
        targetType: 'session',
        details: { deleted: n, endedBefore: cutoff },
      });
    return n;
  });
}

/**
 * Reminds active cleared users whose password expires within 7 days (rotationDaysCleared of the account
 * policy). Idempotent: one reminder per user and password (dedupe key includes password_changed_at).
 */
export async function remindPasswordExpiry(ctx: AppContext): Promise<number> {
  const { policy } = await getAccountPolicy(ctx);
  const days = policy.rotationDaysCleared;
  if (!days) return 0;
  const now = ctx.now().getTime();
  const rotation = days * DAY;
  // Expires at changed + rotation; wanted: now < expires <= now + 7 days.
  const changedAfter = new Date(now - rotation).toISOString();
  const changedAtOrBefore = new Date(now - rotation + PASSWORD_REMINDER_MS).toISOString();
  return tx(ctx, async (trx) => {
    const users = await trx
      .selectFrom('users')
      .select(['id', 'password_changed_at'])
      .where('status', '=', 'active')
      .where('clearance_class', 'is not', null)
      .where('password_changed_at', '>', changedAfter)
      .where('password_changed_at', '<=', changedAtOrBefore)
      .execute();
    for (const u of users) {
      const expiresAt = new Date(Date.parse(u.password_changed_at) + rotation);
      await notifyUsers(trx, ctx, [u.id], {
        notice: 'passwordExpiring',
        params: {
          expiresAt: expiresAt.toISOString(),
          daysLeft: Math.max(0, Math.ceil((expiresAt.getTime() - now) / DAY)),
        },
        link: '/profile',
        dedupeKey: `pwexpiry:${u.id}:${u.password_changed_at}`,
        taskKey: passwordTaskKey(u.id),
        email: true,
      });
    }
    return users.length;
  });
}

/** Identity's scheduled jobs. */
export function identityJobs(): JobDef[] {
  return [
    { name: 'sessions.cleanup', intervalMs: DAY, run: async (c) => `deleted ${await cleanupSessions(c)}` },
    { name: 'sign-in.counters-cleanup', intervalMs: DAY, run: async (c) => `deleted ${await pruneSignInCounters(c)}` },
    {
      name: 'password.expiry-reminder',
      intervalMs: DAY,
      run: async (c) => `reminded ${await remindPasswordExpiry(c)}`,
    },
  ];
}
