import { dueForDeclassification } from './domain/item-lifecycle.js';
import { addMonths } from '../../kernel/secrecy-period.js';
import { todayOf } from './services/classification-settings.js';
import { SYSTEM_CONTEXT, tx, type AppContext } from '../../platform/context.js';
import { findItemById } from './repositories/item-repo.js';
import { declassify, stateOf } from './services/item-state.js';
import { holdersOf } from './services/item-holders.js';
import { expiringTaskKey, notifyAboutItem } from './services/item-notices.js';
import { startDueAccessReview } from './services/review-campaigns.js';
import type { JobDef } from '../../platform/jobs/scheduler.js';

const HOUR = 3_600_000;
/** Holders hear of an approaching end of secrecy this long before, so an extension can be decided in time. */
export const EXPIRY_NOTICE_MONTHS = 2;

/** Items whose period has run out are declassified automatically; pending changes about them end. */
export async function declassifyExpired(ctx: AppContext): Promise<number> {
  const today = await todayOf(ctx);
  const due = await ctx.db
    .selectFrom('secret_items')
    .select('id')
    .where('status', '=', 'in_force')
    .where('secrecy_until', '<=', today)
    .orderBy('secrecy_until')
    .limit(500)
    .execute();
  let n = 0;
  for (const { id } of due) {
    await tx(ctx, async (trx) => {
      const row = await findItemById(trx, id);
      if (!row || !dueForDeclassification(stateOf(row), today)) return;
      await declassify(trx, ctx, SYSTEM_CONTEXT, row, 'expired', null);
      n++;
    });
  }
  return n;
}

/** Reminds custodian, classifier and holders once per until-date that secrecy is about to end. */
export async function remindExpiring(ctx: AppContext): Promise<number> {
  const today = await todayOf(ctx);
  const horizon = addMonths(today, EXPIRY_NOTICE_MONTHS);
  const rows = await ctx.db
    .selectFrom('secret_items')
    .select('id')
    .where('status', '=', 'in_force')
    .where('secrecy_until', '>', today)
    .where('secrecy_until', '<=', horizon)
    .limit(1000)
    .execute();
  for (const { id } of rows) {
    await tx(ctx, async (trx) => {
      const row = await findItemById(trx, id);
      if (!row?.secrecy_until) return;
      await notifyAboutItem(trx, ctx, await holdersOf(trx, ctx, row, ctx.now().toISOString()), row.id, {
        notice: 'itemExpiring',
        params: { number: row.number, secrecyUntil: row.secrecy_until },
        link: `/items/${row.id}`,
        dedupeKey: `expiring:${row.id}:${row.secrecy_until}`,
        taskKey: expiringTaskKey(row.id),
      });
    });
  }
  return rows.length;
}

export function classificationJobs(): JobDef[] {
  return [
    {
      name: 'classification.declassify-expired',
      intervalMs: HOUR,
      run: async (c) => `declassified ${await declassifyExpired(c)}`,
    },
    {
      name: 'classification.expiry-reminder',
      intervalMs: 24 * HOUR,
      run: async (c) => `reminded about ${await remindExpiring(c)}`,
    },
    { name: 'reviews.access-campaign', intervalMs: 24 * HOUR, run: (c) => startDueAccessReview(c, SYSTEM_CONTEXT) },
  ];
}
