import type { Actor } from '../../../kernel/actor.js';
import { excludedFromContent } from '../../../kernel/roles.js';
import { can } from '../../../policy/index.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { lockRow } from '../../../platform/db/locks.js';
import { AppError, staleVersion } from '../../../platform/errors.js';
import type { ProblemCode } from '../../../platform/contracts/problems.js';
import { accessProfileOf, withAccess } from '../../../platform/organisation.js';
import { findUserById, toActor, type UserRow } from '../../identity/index.js';
import { findCarrierById, type CarrierRow } from '../repositories/carrier-repo.js';
import type { CarrierDetail } from '../contracts/carriers.js';
import type { CarrierAction } from '../../../policy/carriers.js';
import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { authorizeCarrier, loadCarrierResource, type LoadedCarrier } from './carrier-access.js';
import { getCarrier } from './carrier-read.js';
import { assertNoPendingRequest } from './movement-guards.js';

/**
 * What the direct movements (loan, dispatch, transmission, circulation, transfer) share: the carrier locked and
 * checked against the version the caller saw, the people a movement names, and their refusals.
 */

export const invalid = (field: string, problem: ProblemCode, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('validation_failed', message, { field, problem, ...extra });

export const conflict = (problem: ProblemCode, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('conflict', message, { problem, ...extra });

/** The movement named in the path is not an open movement of this carrier. */
export const noSuchMovement = () => new AppError('not_found', 'No such movement of this carrier');

/**
 * `authorizeCarrier` for a movement asked on the version the caller saw: whoever may see the carrier's entry and
 * acts on a stale version gets 409 before the policy is asked, so of two people racing on one carrier the loser
 * always hears "changed meanwhile" (not "not possible while on loan"); whoever may not see it learns nothing.
 */
export async function authorizeMovement(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  version: number,
  action: CarrierAction,
  auditAction: AuditAction,
): Promise<LoadedCarrier & { actor: Actor }> {
  const row = await findCarrierById(ctx.db, id);
  if (row && row.version !== version) {
    const actor = await withAccess(ctx, actorOf(rc));
    const { resource } = await loadCarrierResource(ctx, ctx.db, row, actor);
    if (can(actor, 'carrier.view_entry', resource)) throw staleVersion();
  }
  const loaded = await authorizeCarrier(ctx, rc, id, action, auditAction);
  if (loaded.row.version !== version) throw staleVersion();
  return loaded;
}

/**
 * Locks the carrier (after any approval request: the one lock order) and reads it again inside the transaction:
 * whoever changed it since the caller read it wins, the caller gets 409. Two people racing on one carrier thus
 * end with exactly one movement.
 */
export async function lockCarrier(trx: Trx, ctx: AppContext, id: string, version: number): Promise<CarrierRow> {
  await lockRow(trx, ctx.kind, 'carriers', id);
  const row = await findCarrierById(trx, id);
  if (!row || row.version !== version) throw staleVersion();
  return row;
}

/**
 * A carrier promised elsewhere stays where it is: a pending carry-out or archive request (409
 * `carrier_pending_request`), or an approved carry-out not yet under way, whose bearer holds it already (409
 * `wrong_status`). Call inside the transaction, after locking the carrier.
 */
export async function assertCarrierFree(trx: Trx, carrierId: string): Promise<void> {
  await assertNoPendingRequest(trx, carrierId);
  const carryOut = await trx
    .selectFrom('carrier_carry_outs')
    .select('id')
    .where('carrier_id', '=', carrierId)
    .where('status', 'in', ['requested', 'approved', 'out'])
    .executeTakeFirst();
  if (carryOut) throw conflict('wrong_status', 'A carry-out of this carrier is under way: it ends first');
}

/**
 * A person a movement hands the carrier to (borrower, reader, recipient): active and cleared for its level
 * (never the system administrator or the auditor, 三员). Read in the movement's transaction; answers the person
 * as the policy sees them.
 */
export async function movementPerson(
  ctx: AppContext,
  trx: Trx,
  userId: string,
  row: Pick<CarrierRow, 'access_rank'>,
  field: string,
): Promise<{ actor: Actor; user: UserRow }> {
  const user = await findUserById(trx, userId);
  if (!user || user.status !== 'active')
    throw invalid(field, 'person_not_active', 'This person is not an active member of the organisation');
  const actor = toActor(user);
  const access = await accessProfileOf(ctx, trx, actor);
  if (excludedFromContent(actor.adminRole) || access.clearanceRank < row.access_rank)
    throw invalid(field, 'person_not_cleared', `${user.display_name} is not cleared for this carrier's level`);
  return { actor: { ...actor, access }, user };
}

/**
 * May this person already know the carrier (the one policy's `carrier.view`, as if they asked themselves)? A
 * loan or a circulation never widens who knows a carrier: that goes through the catalogue's access request or
 * the leader's permission to show it outside the scope.
 */
export async function mayKnow(ctx: AppContext, trx: Trx, row: CarrierRow, person: Actor): Promise<boolean> {
  const { resource } = await loadCarrierResource(ctx, trx, row, person);
  return can(person, 'carrier.view', resource);
}

/**
 * Refuses (409) to hand the carrier to someone who may not already know it: for a carrier holding a secret item
 * they first get access through the catalogue's access request (`needs_item_access`, naming the item), otherwise
 * the leader's permission to show it outside the scope (`outside`: the movement's own problem code).
 */
export async function assertMayKnow(
  ctx: AppContext,
  trx: Trx,
  row: CarrierRow,
  person: Actor,
  who: 'borrower' | 'recipient',
): Promise<void> {
  if (await mayKnow(ctx, trx, row, person)) return;
  if (row.item_id)
    throw conflict('needs_item_access', `The ${who} may not know the secret item this carrier holds`, {
      itemId: row.item_id,
    });
  throw conflict(`${who}_not_in_scope`, `The ${who} is outside the carrier’s scope`);
}

/** Display names by id, for history entries (their readers may not look people up: named as they were then). */
export async function namesOf(trx: Trx, ids: readonly string[]): Promise<Map<string, string>> {
  const want = [...new Set(ids)];
  if (want.length === 0) return new Map();
  const rows = await trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', want).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export const carrierLink = (id: string) => `/carriers/${id}`;

/**
 * The carrier as the actor sees it after a movement that may have taken it out of their sight (handed to another
 * department, the last signature of a reader who knew it only while reading): null then, rather than a refused
 * read recorded after a successful movement.
 */
export async function detailAfter(ctx: AppContext, rc: RequestContext, id: string): Promise<CarrierDetail | null> {
  const actor = await withAccess(ctx, actorOf(rc));
  const row = await findCarrierById(ctx.db, id);
  if (!row) return null;
  const { resource } = await loadCarrierResource(ctx, ctx.db, row, actor);
  return can(actor, 'carrier.view_entry', resource) ? getCarrier(ctx, rc, id) : null;
}
