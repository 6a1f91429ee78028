import type { AppContext } from '../context.js';
import type { Trx } from '../audit/audit-repo.js';
import { findUserById, toActor } from '../modules.js';
import { resolveTaskNotices } from '../notifications/notification-service.js';
import { accessProfileOf } from '../organisation.js';
import { requestTypeOf, type RequestRow, type TargetView } from './request-types.js';

/**
 * What the engine's notices say about a request, per recipient, and the notices that resolve themselves: every
 * 「等待您审批」 names its task `approval:<request id>`, done for each approver whose part of the request is over.
 */
export function approvalTaskKey(requestId: string): string {
  return `approval:${requestId}`;
}

/** The target as a notice names it: its reference, and its title where the recipient may see it. */
export function aboutText(view: TargetView | undefined): string | null {
  if (!view) return null;
  return view.title ? `${view.reference} “${view.title}”` : view.reference;
}

/**
 * What the request is about as `userId` may see it: the request type's `describe` (the owning module's own
 * redaction) asked with the recipient as viewer, in the sending transaction. Null when the target is gone.
 */
export async function aboutFor(trx: Trx, ctx: AppContext, req: RequestRow, userId: string): Promise<string | null> {
  const row = await findUserById(trx, userId);
  if (!row) return null;
  const actor = toActor(row);
  const viewer = { ...actor, access: await accessProfileOf(ctx, trx, actor) };
  const views = await requestTypeOf(req.type).describe(trx, [req], viewer);
  return aboutText(views.get(req.id));
}

/**
 * After any change of a request's tasks (a decision, a step moving on, the request ending by whatever cause):
 * the 「等待您审批」 of everyone who no longer has an open task of it turn done.
 */
export async function resolveApprovalNotices(trx: Trx, requestId: string, at: string): Promise<void> {
  const open = await trx
    .selectFrom('approval_tasks')
    .select('approver_id')
    .where('request_id', '=', requestId)
    .where('status', '=', 'pending')
    .execute();
  await resolveTaskNotices(
    trx,
    approvalTaskKey(requestId),
    at,
    open.map((t) => t.approver_id),
  );
}
