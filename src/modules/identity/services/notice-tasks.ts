import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { AppContext } from '../../../platform/context.js';
import { holdingsOf } from '../../../platform/departure.js';
import { resolveTaskNotices } from '../../../platform/notifications/notification-service.js';

/**
 * The to-dos identity's notices ask for. 「密码即将过期」 asks its reader to change the password: done once it is
 * changed (by them, or replaced by an administrator's reset).
 */
export const passwordTaskKey = (userId: string): string => `identity.password:${userId}`;

/**
 * 「人员离岗」 asks the confidentiality office to arrange the hand-over of what the person held: done once they hold
 * nothing that can be handed over any more, by whichever office member did it.
 */
export const departureTaskKey = (userId: string): string => `identity.departure:${userId}`;

/** Whether the person still holds something the office can hand over (an unsigned departure NDA is not). */
export async function holdsAnythingToHandOver(trx: Trx, ctx: AppContext, userId: string): Promise<boolean> {
  const held = await holdingsOf(ctx, trx, userId);
  return held.some((m) => m.holdings.some((h) => h.transferable !== false));
}

/** After a hand-over: the departure's to-do is done when nothing is left to hand over. */
export async function settleDeparture(trx: Trx, ctx: AppContext, userId: string): Promise<void> {
  if (!(await holdsAnythingToHandOver(trx, ctx, userId)))
    await resolveTaskNotices(trx, departureTaskKey(userId), ctx.now().toISOString());
}
