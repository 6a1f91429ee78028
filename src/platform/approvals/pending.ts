import type { Trx } from '../audit/audit-repo.js';
import { audit, type AppContext, type RequestContext } from '../context.js';
import type { Db } from '../db/database.js';
import { notifyUsers } from '../notifications/notification-service.js';

/**
 * What a module asks the engine about the requests pending on one of its records, so the engine's tables are
 * queried only here and in the engine's own files (docs/ARCHITECTURE.md, "Where SQL lives").
 */

/** A pending request about an item: of one type (and subject), or of any type but one. */
export async function pendingRequestOf(
  q: Db | Trx,
  itemId: string,
  which: { type: string; subjectId?: string } | { notType: string },
): Promise<{ id: string; number: string; type: string } | undefined> {
  let query = q
    .selectFrom('approval_requests')
    .select(['id', 'number', 'type'])
    .where('item_id', '=', itemId)
    .where('status', '=', 'pending');
  if ('notType' in which) query = query.where('type', '!=', which.notType);
  else {
    query = query.where('type', '=', which.type);
    if (which.subjectId) query = query.where('subject_id', '=', which.subjectId);
  }
  return query.executeTakeFirst();
}

/**
 * Moves the version of the pending requests of a type about an item: what their approvers decide on changed,
 * so a decision made from a page opened before is stale (409). Also waits for a decision being made now.
 */
export async function touchPendingRequests(trx: Trx, itemId: string, type: string, now: string): Promise<void> {
  await trx
    .updateTable('approval_requests')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
    .where('item_id', '=', itemId)
    .where('type', '=', type)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Requests whose premise an approved change has removed end as expired: their approvers' tasks close and their
 * requesters are told. Once an item is declassified nothing pending about it can apply (an extension, an access
 * request); once it is upgraded, a pending access request's chain and approvers were chosen for the lower
 * level, so it must be asked again under the chain of the new one.
 */
export async function endPendingRequests(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  row: { id: string },
  except: string | null,
  reason: 'item_declassified' | 'item_upgraded' | 'custodian_changed',
  which: (r: { chain: string; current_step: number }) => boolean = () => true,
): Promise<void> {
  const now = ctx.now().toISOString();
  let q = trx
    .selectFrom('approval_requests')
    .select(['id', 'number', 'type', 'requester_id', 'version', 'chain', 'current_step'])
    .where('item_id', '=', row.id)
    .where('status', '=', 'pending');
  if (except) q = q.where('id', '!=', except);
  for (const r of (await q.execute()).filter(which)) {
    const ended = await trx
      .updateTable('approval_requests')
      .set({ status: 'expired', updated_at: now, decided_at: now, version: r.version + 1 })
      .where('id', '=', r.id)
      .where('version', '=', r.version)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(ended.numUpdatedRows) !== 1) continue; // decided meanwhile: nothing to end
    await trx
      .updateTable('approval_tasks')
      .set({ status: 'closed', decided_at: now })
      .where('request_id', '=', r.id)
      .where('status', '=', 'pending')
      .execute();
    await notifyUsers(trx, ctx, [r.requester_id], {
      notice: 'requestEnded',
      params: { number: r.number, type: r.type, status: 'expired', cause: reason },
      link: `/approvals/${r.id}`,
    });
    await audit(trx, ctx, rc, {
      action: 'approval.expire',
      targetType: 'approval_request',
      targetId: r.id,
      details: { number: r.number, reason },
    });
  }
}
