import type { Actor } from '../../../kernel/actor.js';
import type { CarrierStatus, HandlerDuty } from '../../../kernel/carriers.js';
import type { Level } from '../../../kernel/levels.js';
import { CARRIER_ACTIONS, type CarrierAction, type CarrierResource } from '../../../policy/carriers.js';
import { can } from '../../../policy/index.js';
import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { notFound } from '../../../platform/errors.js';
import { departmentPath, withAccess } from '../../../platform/organisation.js';
import { knowsItem } from '../../classification/index.js';
import {
  dutiesOf,
  findCarrierById,
  holdersOf,
  openMovements,
  scopeOf,
  type CarrierRow,
  type OpenMovements,
} from '../repositories/carrier-repo.js';
import type { ScopeEntry } from '../../../kernel/secret-item.js';

type Q = Db | Trx;

/** The audit target type of a carrier (and the approval engine's target type of its requests). */
export const CARRIER_TARGET = 'carrier';

export interface LoadedCarrier {
  row: CarrierRow;
  scope: ScopeEntry[];
  movements: OpenMovements;
  resource: CarrierResource;
}

/** The carrier as the policy sees it for this actor: scope, holders, ledgers, linked item, the actor's duties. */
export async function loadCarrierResource(
  ctx: AppContext,
  q: Q,
  row: CarrierRow,
  actor: Actor,
): Promise<LoadedCarrier> {
  const [scope, movements, path, duties, linkedItemKnown] = await Promise.all([
    scopeOf(q, row.id),
    openMovements(q, row.id),
    departmentPath(q, row.department_id),
    dutiesOf(q, actor.id, row.department_id),
    row.item_id ? knowsItem(ctx, q, actor, row.item_id) : Promise.resolve(null),
  ]);
  return {
    row,
    scope,
    movements,
    resource: {
      kind: 'carrier',
      id: row.id,
      level: row.level as Level,
      accessRank: row.access_rank,
      status: row.status as CarrierStatus,
      custodianId: row.custodian_id,
      ...holdersOf(movements),
      departmentPath: path,
      scope,
      linkedItemKnown,
      duties: duties as HandlerDuty[],
    },
  };
}

/**
 * Loads a carrier and checks `action` on it. Whoever may not even see its ledger entry gets 404 "not found or no
 * access" (as for an id that does not exist); one who may see it but not do this gets 403. Both are audited.
 * `q` is the transaction when the caller has locked the carrier.
 */
export async function authorizeCarrier(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  action: CarrierAction,
  auditAction: AuditAction,
  q: Q = ctx.db,
): Promise<LoadedCarrier & { actor: Actor }> {
  const actor = await withAccess(ctx, actorOf(rc));
  const row = await findCarrierById(q, id);
  if (!row)
    return refuse(
      ctx,
      rc,
      { action: auditAction, targetType: CARRIER_TARGET, targetId: id, details: { reason: 'not_found_or_no_access' } },
      notFound(),
    );
  const loaded = await loadCarrierResource(ctx, q, row, actor);
  await authorize(ctx, rc, action, loaded.resource, {
    actor,
    audit: { action: auditAction, targetType: CARRIER_TARGET, targetId: id },
    hideExistence: 'carrier.view_entry',
    message: (why) =>
      why === 'not_designated'
        ? 'Only a designated handler of the carrier’s department may do this'
        : why === 'wrong_status'
          ? `Not possible while the carrier is ${row.status}`
          : 'You are not allowed to do this with this carrier',
  });
  return { ...loaded, actor };
}

export function carrierAbilities(actor: Actor, resource: CarrierResource): Record<CarrierAction, boolean> {
  return Object.fromEntries(CARRIER_ACTIONS.map((a) => [a, can(actor, a, resource)])) as Record<CarrierAction, boolean>;
}
