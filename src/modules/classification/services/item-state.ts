import { applyChange, type ItemChange, type ItemState } from '../domain/item-lifecycle.js';
import type { Level } from '../../../kernel/levels.js';
import type { SecrecyPeriod } from '../../../kernel/secrecy-period.js';
import { accessRankOf, type DeclassifyReason, type ItemStatus } from '../../../kernel/secret-item.js';
import { staleVersion } from '../../../platform/errors.js';
import { audit, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { endPendingRequests, lockPendingRequests } from '../../../platform/approvals/pending.js';
import { itemTarget } from './item-requests.js';
import { addHistory, scopeOf, updateItemVersioned, writeAccessIndex, type ItemRow } from '../repositories/item-repo.js';
import { resolveTaskNotices } from '../../../platform/notifications/notification-service.js';
import { expiringTaskKey, notifyAboutItem } from './item-notices.js';
import { todayOf } from './classification-settings.js';
import { periodOf } from './item-access.js';
import { holdersOf } from './item-holders.js';

/**
 * An item's state as the lifecycle rules see it, and its writing back; declassification (by decision or by expiry)
 * writes it.
 */

export function stateOf(row: ItemRow): ItemState {
  return {
    level: row.level as Level,
    status: row.status as ItemStatus,
    markedOn: row.marked_on,
    period: periodOf(row),
    condition: row.declassify_condition,
    secrecyUntil: row.secrecy_until,
  };
}

export function changeOf(type: string, payload: Record<string, unknown>): ItemChange | null {
  switch (type) {
    case 'reclassify':
      return {
        type,
        level: payload.level as Level,
        term: {
          period: (payload.period as SecrecyPeriod | null) ?? null,
          condition: (payload.declassifyCondition as string | null) ?? null,
        },
      };
    case 'extend':
      return { type, period: payload.period as SecrecyPeriod };
    case 'declassify':
      return { type, reason: payload.declassifyReason as 'condition_met' | 'review' | 'decision' };
    default:
      return null;
  }
}

export async function writeItemState(
  trx: Trx,
  ctx: AppContext,
  row: ItemRow,
  next: ItemState,
  extra: Partial<ItemRow> = {},
): Promise<ItemRow> {
  const access_rank = accessRankOf(next.level, next.status);
  const set: Partial<ItemRow> = {
    level: next.level,
    status: next.status,
    marked_on: next.markedOn,
    period_value: next.period?.value ?? null,
    period_unit: next.period?.unit ?? null,
    declassify_condition: next.condition,
    secrecy_until: next.secrecyUntil,
    access_rank,
    updated_at: ctx.now().toISOString(),
    ...extra,
  };
  if (!(await updateItemVersioned(trx, row.id, row.version, set))) throw staleVersion();
  const updated = { ...row, ...set, version: row.version + 1 };
  if (access_rank !== row.access_rank) await writeAccessIndex(trx, updated, await scopeOf(trx, row.seq));
  return updated;
}

/** Declassification, by decision or by expiry (the scheduled job). Holders are told. */
export async function declassify(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  row: ItemRow,
  reason: DeclassifyReason,
  requestId: string | null,
): Promise<void> {
  await lockPendingRequests(trx, ctx.kind, itemTarget(row.id), requestId); // it ends them: requests before the item
  const today = await todayOf(ctx, trx);
  const next = applyChange(
    stateOf(row),
    { type: 'declassify', reason: reason === 'expired' ? 'decision' : reason },
    today,
  );
  await writeItemState(trx, ctx, row, next, {
    declassified_on: today,
    declassify_reason: reason,
    next_review_on: null,
  });
  await addHistory(trx, {
    itemId: row.id,
    at: ctx.now().toISOString(),
    actorId: rc.actor?.id ?? null,
    event: 'declassified',
    requestId,
    details: { reason, level: row.level },
  });
  await notifyAboutItem(trx, ctx, await holdersOf(trx, ctx, row, ctx.now().toISOString()), row.id, {
    notice: 'itemDeclassified',
    params: { number: row.number, reason },
    link: `/items/${row.id}`,
  });
  await resolveTaskNotices(trx, expiringTaskKey(row.id), ctx.now().toISOString());
  await endPendingRequests(trx, ctx, rc, itemTarget(row.id), requestId, 'item_declassified');
  await audit(trx, ctx, rc, {
    action: 'item.declassify',
    targetType: 'secret_item',
    targetId: row.id,
    details: { reason, level: row.level, requestId },
  });
}
