import type { Trx } from '../audit/audit-repo.js';
import { audit, type AppContext, type RequestContext } from '../context.js';
import { sql } from 'kysely';
import type { Db, DbKind } from '../db/database.js';
import { notifyUsers } from '../notifications/notification-service.js';
import { aboutFor, resolveApprovalNotices } from './notices.js';
import { requestTypeOf, type RequestRow } from './request-types.js';

/**
 * What a module asks the engine about the requests pending on one of its records, so the engine's tables are
 * queried only here and in the engine's own files (docs/ARCHITECTURE.md, "Where SQL lives").
 */

/** A request's target: its type (`secret_item`) and id. */
export interface TargetRef {
  type: string;
  id: string;
}

/** A pending request about a target, of one of the given types (and for a subject). */
export async function pendingRequestOf(
  q: Db | Trx,
  target: TargetRef,
  which: { types: readonly string[]; subjectId?: string },
): Promise<{ id: string; number: string; type: string } | undefined> {
  if (which.types.length === 0) return undefined;
  let query = q
    .selectFrom('approval_requests')
    .select(['id', 'number', 'type'])
    .where('target_type', '=', target.type)
    .where('target_id', '=', target.id)
    .where('status', '=', 'pending')
    .where('type', 'in', [...which.types]);
  if (which.subjectId) query = query.where('subject_id', '=', which.subjectId);
  return query.orderBy('created_at').executeTakeFirst();
}

/** Whether an approver has approved a step of a pending request of this type about the target. */
export async function approvalStarted(q: Db | Trx, target: TargetRef, type: string): Promise<boolean> {
  const r = await q
    .selectFrom('approval_tasks as t')
    .innerJoin('approval_requests as r', 'r.id', 't.request_id')
    .select('t.id')
    .where('r.target_type', '=', target.type)
    .where('r.target_id', '=', target.id)
    .where('r.type', '=', type)
    .where('r.status', '=', 'pending')
    .where('t.status', '=', 'approved')
    .executeTakeFirst();
  return r !== undefined;
}

/** Ids of the pending requests about a target, but one (for the lock order: requests before their target). */
export async function pendingRequestIds(q: Db | Trx, target: TargetRef, except: string | null): Promise<string[]> {
  let query = q
    .selectFrom('approval_requests')
    .select('id')
    .where('target_type', '=', target.type)
    .where('target_id', '=', target.id)
    .where('status', '=', 'pending');
  if (except) query = query.where('id', '!=', except);
  return (await query.orderBy('id').execute()).map((r) => r.id);
}

/**
 * Moves the version of the pending requests of a type about an item: what their approvers decide on changed,
 * so a decision made from a page opened before is stale (409). Also waits for a decision being made now.
 */
export async function touchPendingRequests(trx: Trx, target: TargetRef, type: string, now: string): Promise<void> {
  await trx
    .updateTable('approval_requests')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
    .where('target_type', '=', target.type)
    .where('target_id', '=', target.id)
    .where('type', '=', type)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Requests whose premise a change of their target has removed end as expired: their approvers' tasks close and
 * their requesters are told why (`cause`, a code of the `requestEndCause` texts the module supplies). A module
 * also calls this before it deletes a target, so no pending request is left pointing at nothing.
 */
export async function endPendingRequests(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  target: TargetRef,
  except: string | null,
  reason: string,
  which: (r: { chain: string; current_step: number }) => boolean = () => true,
): Promise<void> {
  let q = trx
    .selectFrom('approval_requests')
    .selectAll()
    .where('target_type', '=', target.type)
    .where('target_id', '=', target.id)
    .where('status', '=', 'pending');
  if (except) q = q.where('id', '!=', except);
  for (const r of (await q.orderBy('id').execute()).filter(which)) {
    await endAsExpired(trx, ctx, rc, r, reason, [r.requester_id]);
  }
}

/**
 * Ends one pending request as expired because its premise went (`cause`): its open tasks close, its type undoes
 * what it left behind, `tell` hear why, and the trail records it. A request decided meanwhile is left alone.
 */
async function endAsExpired(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  r: RequestRow,
  cause: string,
  tell: readonly string[],
): Promise<void> {
  const now = ctx.now().toISOString();
  const ended = await trx
    .updateTable('approval_requests')
    .set({ status: 'expired', updated_at: now, decided_at: now, version: r.version + 1 })
    .where('id', '=', r.id)
    .where('version', '=', r.version)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(ended.numUpdatedRows) !== 1) return;
  await trx
    .updateTable('approval_tasks')
    .set({ status: 'closed', decided_at: now })
    .where('request_id', '=', r.id)
    .where('status', '=', 'pending')
    .execute();
  await resolveApprovalNotices(trx, r.id, now);
  await requestTypeOf(r.type).onEnded?.(trx, ctx, rc, { ...r, status: 'expired' }, 'expired');
  for (const to of new Set(tell)) {
    await notifyUsers(trx, ctx, [to], {
      notice: 'requestEnded',
      params: { number: r.number, type: r.type, status: 'expired', cause, about: await aboutFor(trx, ctx, r, to) },
      link: `/approvals/${r.id}`,
    });
  }
  await audit(trx, ctx, rc, {
    action: 'approval.expire',
    targetType: 'approval_request',
    targetId: r.id,
    details: { number: r.number, reason: cause },
  });
}

/**
 * Locks the pending requests about a target, in id order, before the target itself (request, then target): an
 * effect that will end them (an upgrade, a declassification) waits here for a decision on one of them that is
 * being made, instead of deadlocking with it over the target's row. SQLite has one writer: nothing to lock.
 */
export async function lockPendingRequests(
  trx: Trx,
  kind: DbKind,
  target: TargetRef,
  except: string | null,
): Promise<void> {
  if (kind !== 'postgres') return;
  await sql`select id from approval_requests where target_type = ${target.type} and target_id = ${target.id} and status = 'pending' and id <> ${except ?? ''} order by id for update`.execute(
    trx,
  );
}

/**
 * A person who departs can neither ask nor receive: the pending requests they made or were the subject of end
 * as expired (with `cause`), what each leaves behind is undone by its type (a proposal is withdrawn), and the
 * other party of a request made on someone's behalf is told.
 */
export async function endRequestsOf(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
  cause: string,
): Promise<void> {
  const rows = await trx
    .selectFrom('approval_requests')
    .selectAll()
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('requester_id', '=', userId), eb('subject_id', '=', userId)]))
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const others = [r.requester_id, r.subject_id].filter((p): p is string => !!p && p !== userId);
    await endAsExpired(trx, ctx, rc, r, cause, others);
  }
}
