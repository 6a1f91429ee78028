import type { Actor } from '../../../kernel/actor.js';
import { can } from '../../../policy/index.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { AppContext } from '../../../platform/context.js';
import { usersWithAdminRole, type NotificationInput } from '../../../platform/notifications/notification-service.js';
import { notifyEach } from '../../../platform/notifications/recipients.js';
import { findItemById, type ItemRow } from '../repositories/item-repo.js';
import { loadItemResource } from './item-access.js';

/**
 * The item's title as a notice may show it to `viewer`: only where the catalogue's own rule lets them know the
 * item (`item.view_metadata`, as the item page and the audit trail), judged on the item as the sending
 * transaction leaves it (declassified, upgraded, handed over). Null otherwise, or when the item is gone.
 */
export async function itemTitleFor(ctx: AppContext, trx: Trx, itemId: string, viewer: Actor): Promise<string | null> {
  const row = await findItemById(trx, itemId);
  if (!row) return null;
  const { resource } = await loadItemResource(ctx, trx, row, viewer);
  return can(viewer, 'item.view_metadata', resource) ? row.title : null;
}

/** A notice about an item: each recipient gets its number, and its title where they may know it. */
export async function notifyAboutItem(
  trx: Trx,
  ctx: AppContext,
  userIds: readonly string[],
  itemId: string,
  n: NotificationInput,
  /** The task key for this recipient, where the notice asks something of them (null: only informs). */
  taskFor?: (viewer: Actor) => string | null,
): Promise<void> {
  await notifyEach(trx, ctx, userIds, async (viewer) => {
    const title = await itemTitleFor(ctx, trx, itemId, viewer);
    const taskKey = taskFor ? taskFor(viewer) : (n.taskKey ?? null);
    // Each notice's parameters declare `title` (contracts/notifications.ts); the union cannot say so generically.
    return { ...n, params: { ...n.params, title }, taskKey } as NotificationInput;
  });
}

/**
 * 「保密期限即将届满」 asks the item's holders to act before the until-date: done once the date moved (an
 * extension or a reclassification) or the item was declassified, whoever did it.
 */
export function expiringTaskKey(itemId: string): string {
  return `classification.expiring:${itemId}`;
}

/** 「应急访问」 asks the confidentiality office to review the grant: done at its review, by any reviewer. */
export function emergencyReviewTaskKey(grantId: string): string {
  return `classification.emergency_review:${grantId}`;
}

/** The confidentiality office hears of every widening of a classified item's scope (edit of a proposal or approved request). */
export async function notifyScopeWidened(
  trx: Trx,
  ctx: AppContext,
  row: Pick<ItemRow, 'id' | 'number'>,
  added: number,
): Promise<void> {
  await notifyAboutItem(trx, ctx, await usersWithAdminRole(trx, ['secadmin']), row.id, {
    notice: 'scopeWidened',
    params: { number: row.number, added },
    link: `/items/${row.id}`,
  });
}
