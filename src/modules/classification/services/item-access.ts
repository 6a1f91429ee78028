import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import type { Actor } from '../../../kernel/actor.js';
import { ITEM_ACTIONS, type ItemAction, type ItemResource } from '../../../policy/classification.js';
import { can } from '../../../policy/index.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import type { Level } from '../../../kernel/levels.js';
import { marking, type PeriodUnit, type SecrecyPeriod } from '../../../kernel/secrecy-period.js';
import type { GrantAction, ScopeEntry } from '../../../kernel/secret-item.js';
import type { ItemSummary } from '../contracts/classification.js';
import { notFound } from '../../../platform/errors.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { activeGrantsOf, findItemById, findItemByNumber, scopeOf, type ItemRow } from '../repositories/item-repo.js';
import { withAccess } from './classification-settings.js';

type Q = Db | Trx;

export function periodOf(row: Pick<ItemRow, 'period_value' | 'period_unit'>): SecrecyPeriod | null {
  return row.period_value !== null && row.period_unit
    ? { value: row.period_value, unit: row.period_unit as PeriodUnit }
    : null;
}

export function markingOf(row: Pick<ItemRow, 'level' | 'period_value' | 'period_unit' | 'declassify_condition'>) {
  const term = { period: periodOf(row), condition: row.declassify_condition };
  return { zh: marking(row.level as Level, term, 'zh'), en: marking(row.level as Level, term, 'en') };
}

export function toItemSummary(
  r: ItemRow & { custodian_name?: string | null; department_name?: string | null },
): ItemSummary {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    category: r.category as ItemSummary['category'],
    level: r.level as Level,
    status: r.status as ItemSummary['status'],
    marking: markingOf(r),
    period: periodOf(r),
    declassifyCondition: r.declassify_condition,
    markedOn: r.marked_on,
    secrecyUntil: r.secrecy_until,
    declassifiedOn: r.declassified_on,
    custodianId: r.custodian_id,
    custodianName: r.custodian_name ?? null,
    departmentId: r.department_id,
    departmentName: r.department_name ?? null,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export interface LoadedItem {
  row: ItemRow;
  scope: ScopeEntry[];
  resource: ItemResource;
}

/** The item as the policy sees it for this actor: scope, the actor's own grants, the instant. */
export async function loadItemResource(ctx: AppContext, q: Q, row: ItemRow, actor: Actor): Promise<LoadedItem> {
  const [scope, grants] = await Promise.all([scopeOf(q, row.seq), activeGrantsOf(q, row.id, actor.id)]);
  return {
    row,
    scope,
    resource: {
      kind: 'item',
      id: row.id,
      level: row.level as Level,
      accessRank: row.access_rank,
      status: row.status as ItemResource['status'],
      custodianId: row.custodian_id,
      classifierId: row.classifier_id,
      scope,
      grants: grants.map((g) => ({
        granteeId: g.grantee_id,
        actions: JSON.parse(g.actions) as GrantAction[],
        expiresAt: g.expires_at,
        revokedAt: g.revoked_at,
      })),
      at: ctx.now().toISOString(),
    },
  };
}

/**
 * Loads an item and checks `action` on it. A person who may not even see the item gets 404 "not found or
 * no access" (the same answer as for an id that does not exist, so existence is not revealed); one who may
 * see it but not do this gets 403. Both refusals are audited.
 */
export async function authorizeItem(
  ctx: AppContext,
  rc: RequestContext,
  ref: { id: string } | { number: string },
  action: ItemAction,
  auditAction: AuditAction = action,
): Promise<LoadedItem & { actor: Actor }> {
  const actor = await withAccess(ctx, actorOf(rc));
  const row = 'id' in ref ? await findItemById(ctx.db, ref.id) : await findItemByNumber(ctx.db, ref.number);
  const targetId = row?.id ?? ('id' in ref ? ref.id : null);
  if (!row) {
    return refuse(
      ctx,
      rc,
      {
        action: auditAction,
        targetType: 'secret_item',
        targetId,
        details: { reason: 'not_found_or_no_access', ...('number' in ref ? { number: ref.number } : {}) },
      },
      notFound(),
    );
  }
  const loaded = await loadItemResource(ctx, ctx.db, row, actor);
  await authorize(ctx, rc, action, loaded.resource, {
    actor,
    audit: { action: auditAction, targetType: 'secret_item', targetId: row.id },
    hideExistence: 'item.view_metadata',
    message: 'You are not allowed to do this with this item',
  });
  return { ...loaded, actor };
}

export function itemAbilities(actor: Actor, resource: ItemResource): Record<ItemAction, boolean> {
  return Object.fromEntries(ITEM_ACTIONS.map((a) => [a, can(actor, a, resource)])) as Record<ItemAction, boolean>;
}
