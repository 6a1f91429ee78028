import type { Actor } from '../../../kernel/actor.js';
import type { Level } from '../../../kernel/levels.js';
import type { SecrecyPeriod } from '../../../kernel/secrecy-period.js';
import { can } from '../../../policy/index.js';
import type { AppContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { findItemById } from '../repositories/item-repo.js';
import { loadItemResource, periodOf } from './item-access.js';

/**
 * What other modules may learn of a secret item their records link to (a carrier holding it): only when the
 * person may know the item (`item.view_metadata`, the catalogue's own rule), its number and its marking's parts.
 */
export interface LinkedItem {
  id: string;
  number: string;
  level: Level;
  inForce: boolean;
  period: SecrecyPeriod | null;
  declassifyCondition: string | null;
  markedOn: string | null;
  secrecyUntil: string | null;
}

export async function linkedItemFor(
  ctx: AppContext,
  q: Db | Trx,
  actor: Actor,
  itemId: string,
): Promise<LinkedItem | null> {
  const row = await findItemById(q, itemId);
  if (!row) return null;
  const { resource } = await loadItemResource(ctx, q, row, actor);
  if (!can(actor, 'item.view_metadata', resource)) return null;
  return {
    id: row.id,
    number: row.number,
    level: row.level as Level,
    inForce: row.status === 'in_force',
    period: periodOf(row),
    declassifyCondition: row.declassify_condition,
    markedOn: row.marked_on,
    secrecyUntil: row.secrecy_until,
  };
}

/** Whether the person may know the item (the carrier policy's `linkedItemKnown`). */
export async function knowsItem(ctx: AppContext, q: Db | Trx, actor: Actor, itemId: string): Promise<boolean> {
  return (await linkedItemFor(ctx, q, actor, itemId)) !== null;
}

/** The numbers of items by id, for records that name their linked item to people who know it anyway. */
export async function itemNumbers(q: Db | Trx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q.selectFrom('secret_items').select(['id', 'number']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.number]));
}
