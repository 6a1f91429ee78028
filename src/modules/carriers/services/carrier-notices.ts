import type { Actor } from '../../../kernel/actor.js';
import { can } from '../../../policy/index.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { AppContext } from '../../../platform/context.js';
import { resolveTaskNotices, type NotificationInput } from '../../../platform/notifications/notification-service.js';
import { notifyEach } from '../../../platform/notifications/recipients.js';
import { findCarrierById } from '../repositories/carrier-repo.js';
import { loadCarrierResource } from './carrier-access.js';
import { carrierSettings } from './carrier-settings.js';

const DAY = 86_400_000;

/**
 * The carrier's title as a notice may show it to `viewer`: only where the register's own rule lets them know the
 * carrier (`carrier.view`, as its page), judged on the carrier as the sending transaction leaves it (lent,
 * handed over). Null otherwise, or when it is gone.
 */
export async function carrierTitleFor(
  ctx: AppContext,
  trx: Trx,
  carrierId: string,
  viewer: Actor,
): Promise<string | null> {
  const row = await findCarrierById(trx, carrierId);
  if (!row) return null;
  const { resource } = await loadCarrierResource(ctx, trx, row, viewer);
  return can(viewer, 'carrier.view', resource) ? row.title : null;
}

/** A notice about a carrier: each recipient gets its number, and its title where they may know it. */
export async function notifyAboutCarrier(
  trx: Trx,
  ctx: AppContext,
  userIds: readonly string[],
  carrierId: string,
  n: NotificationInput,
  /** The task key for this recipient, where the notice asks something of them (null: only informs). */
  taskFor?: (viewer: Actor) => string | null,
): Promise<void> {
  await notifyEach(trx, ctx, userIds, async (viewer) => {
    const title = await carrierTitleFor(ctx, trx, carrierId, viewer);
    const taskKey = taskFor ? taskFor(viewer) : (n.taskKey ?? null);
    // Each carrier notice declares `title` (contracts/notifications.ts); the union cannot say so generically.
    return { ...n, params: { ...n.params, title }, taskKey } as NotificationInput;
  });
}

/**
 * 「归还清点不符」 asks the confidentiality office to check the carrier: done once the register is brought in
 * line (the carrier's entry edited) or the carrier is filed away, by whoever does it.
 */
export const discrepancyTask = (carrierId: string): string => `carriers.discrepancy:${carrierId}`;

/**
 * 「传阅逾期」 asks the custodian to see the circulation through (the readers' own part is their 「请传阅」):
 * done when the last reader signs off.
 */
export const circulationOverdueTask = (circulationId: string): string =>
  `carriers.circulation_overdue:${circulationId}`;

/** 「定时清理文电」 asks the custodian to deal with their old telegrams: done when none is left in store. */
export const telegramCleanupTask = (custodianId: string): string => `carriers.telegram_cleanup:${custodianId}`;

/** How many telegrams `custodianId` keeps in store past the clean-up interval (what the clean-up job counts). */
export async function oldTelegramsOf(trx: Trx, ctx: AppContext, custodianId: string): Promise<number> {
  const { telegramCleanupDays } = await carrierSettings(ctx, trx);
  const before = new Date(ctx.now().getTime() - telegramCleanupDays * DAY).toISOString();
  const r = await trx
    .selectFrom('carriers')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('kind', '=', 'telegram')
    .where('status', '=', 'in_store')
    .where('created_at', '<', before)
    .where('custodian_id', '=', custodianId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** After a telegram left `custodianId`'s store (filed, handed over): their clean-up notice is done if none is left. */
export async function settleTelegramCleanup(trx: Trx, ctx: AppContext, custodianId: string): Promise<void> {
  if ((await oldTelegramsOf(trx, ctx, custodianId)) === 0)
    await resolveTaskNotices(trx, telegramCleanupTask(custodianId), ctx.now().toISOString());
}
