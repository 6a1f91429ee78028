import type { Actor } from '../../kernel/actor.js';
import type { Trx } from '../audit/audit-repo.js';
import type { AppContext } from '../context.js';
import { findUserById, toActor } from '../modules.js';
import { accessProfileOf } from '../organisation.js';
import { notifyUsers, type NotificationInput } from './notification-service.js';

/**
 * A notice's recipient as the policy sees them (with their access profile), read in the sending transaction so
 * a change made by the same transaction (a move, a new custodian) counts. Null for an unknown id.
 */
export async function recipientViewer(trx: Trx, ctx: AppContext, userId: string): Promise<Actor | null> {
  const row = await findUserById(trx, userId);
  if (!row) return null;
  const actor = toActor(row);
  return { ...actor, access: await accessProfileOf(ctx, trx, actor) };
}

/**
 * Sends a notice whose parameters differ by recipient — a title named only to those whose `can` lets them
 * know the thing — one recipient at a time, in the caller's transaction. Duplicate ids are sent once.
 */
export async function notifyEach(
  trx: Trx,
  ctx: AppContext,
  userIds: readonly string[],
  build: (viewer: Actor) => Promise<NotificationInput>,
): Promise<void> {
  for (const userId of new Set(userIds)) {
    const viewer = await recipientViewer(trx, ctx, userId);
    if (viewer) await notifyUsers(trx, ctx, [userId], await build(viewer));
  }
}
