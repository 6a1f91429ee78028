import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import type { Level } from '../../../kernel/levels.js';
import { offsetOf } from '../../../kernel/pagination.js';
import { itemListFilter } from '../../../policy/classification.js';
import { can } from '../../../policy/index.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import type { ReviewTask } from '../contracts/access.js';
import { notFound } from '../../../platform/errors.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import { findItemById, scopeOf } from '../repositories/item-repo.js';
import { withAccess } from './classification-settings.js';
import { loadItemResource } from './item-access.js';
import { visiblePredicate } from '../repositories/item-query.js';
import { labelScope } from './item-scope.js';
import type { Kind } from './review-campaigns.js';

/** A reviewer's tasks: counted and listed on the items they may know, and one task with the access it reviews. */

export function taskBase(ctx: AppContext) {
  return ctx.db
    .selectFrom('review_tasks as t')
    .innerJoin('review_campaigns as c', 'c.id', 't.campaign_id')
    .innerJoin('secret_items as i', 'i.id', 't.item_id')
    .leftJoin('users as u', 'u.id', 't.reviewer_id')
    .selectAll('t')
    .select([
      'c.kind as campaign_kind',
      'c.title as campaign_title',
      'c.due_on',
      'c.status as campaign_status',
      'i.number as item_number',
      'i.title as item_title',
      'i.level as item_level',
      'i.secrecy_until as item_until',
      'i.access_rank',
      'u.display_name as reviewer_name',
    ]);
}
type TaskRow = Awaited<ReturnType<ReturnType<typeof taskBase>['executeTakeFirstOrThrow']>>;

export function toTask(r: TaskRow): ReviewTask {
  const details = r.details ? (JSON.parse(r.details) as { requestId?: string }) : {};
  return {
    id: r.id,
    campaignId: r.campaign_id,
    campaignKind: r.campaign_kind as Kind,
    campaignTitle: r.campaign_title,
    dueOn: r.due_on,
    itemId: r.item_id,
    itemNumber: r.item_number,
    itemTitle: r.item_title,
    itemLevel: r.item_level as Level,
    itemSecrecyUntil: r.item_until,
    reviewerId: r.reviewer_id,
    reviewerName: r.reviewer_name,
    status: r.status as 'pending' | 'done',
    decision: r.decision,
    comment: r.comment,
    decidedAt: r.decided_at,
    requestId: details.requestId ?? null,
    version: r.version,
  };
}

/** How many review tasks wait for me: counted as listed, only on items I may know (`listTasks`). */
export async function pendingTaskCount(ctx: AppContext, rc: RequestContext): Promise<number> {
  const actor = await withAccess(ctx, actorOf(rc));
  const r = await ctx.db
    .selectFrom('review_tasks as t')
    .innerJoin('review_campaigns as c', 'c.id', 't.campaign_id')
    .innerJoin('secret_items as i', 'i.id', 't.item_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.reviewer_id', '=', actor.id)
    .where(visiblePredicate(itemListFilter(actor, ctx.now().toISOString())))
    .where('t.status', '=', 'pending')
    .where('c.status', '=', 'open')
    .where('i.status', '=', 'in_force')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** My tasks; the security administrator may list a whole campaign (items up to its clearance). */
export async function listTasks(
  ctx: AppContext,
  rc: RequestContext,
  q: { status?: 'pending' | 'done' | undefined; campaignId?: string | undefined; page: number; pageSize: number },
) {
  const actor = await withAccess(ctx, actorOf(rc));
  // Only tasks on items the person may know, by the one policy's list filter: a reviewer who lost clearance
  // or scope no longer sees the item through its task.
  let base = taskBase(ctx).where(visiblePredicate(itemListFilter(actor, ctx.now().toISOString())));
  if (q.campaignId && can(actor, 'review.manage')) base = base.where('t.campaign_id', '=', q.campaignId);
  else {
    base = base.where('t.reviewer_id', '=', actor.id);
    if (q.campaignId) base = base.where('t.campaign_id', '=', q.campaignId);
  }
  if (q.status) base = base.where('t.status', '=', q.status);
  // Pending means still to do: in an open campaign, on an item still in force (a declassified item has no review).
  if (q.status === 'pending') base = base.where('c.status', '=', 'open').where('i.status', '=', 'in_force');
  const [rows, total] = await Promise.all([
    base.orderBy('c.due_on').orderBy('i.seq').limit(q.pageSize).offset(offsetOf(q.page, q.pageSize)).execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toTask), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

export async function loadTask(ctx: AppContext, rc: RequestContext, id: string, action: AuditAction) {
  const actor = await withAccess(ctx, actorOf(rc));
  const row = await taskBase(ctx).where('t.id', '=', id).executeTakeFirst();
  const item =
    row && (row.reviewer_id === actor.id || can(actor, 'review.manage'))
      ? await findItemById(ctx.db, row.item_id)
      : undefined;
  const resource = item ? (await loadItemResource(ctx, ctx.db, item, actor)).resource : undefined;
  const audit = { action, targetType: 'review_task', targetId: id };
  if (!row || !resource)
    return refuse(ctx, rc, { ...audit, details: { reason: 'not_found_or_no_access' } }, notFound());
  await authorize(ctx, rc, 'item.view_metadata', resource, { actor, audit, hideExistence: true });
  return { actor, row, resource };
}

export async function getTask(ctx: AppContext, rc: RequestContext, id: string) {
  const { row } = await loadTask(ctx, rc, id, 'review.task_view');
  const item = await findItemById(ctx.db, row.item_id);
  const scope = item ? await labelScope(ctx.db, await scopeOf(ctx.db, item.seq)) : [];
  const grants = await ctx.db
    .selectFrom('access_grants as g')
    .leftJoin('users as u', 'u.id', 'g.grantee_id')
    .select(['g.id', 'g.grantee_id', 'g.expires_at', 'u.display_name'])
    .where('g.item_id', '=', row.item_id)
    .where('g.revoked_at', 'is', null)
    .where('g.expires_at', '>', ctx.now().toISOString())
    .execute();
  return {
    ...toTask(row),
    access: [
      ...scope.map((s) => ({ kind: s.kind, ref: s.ref, label: s.label, grantId: null, expiresAt: null })),
      ...grants.map((g) => ({
        kind: 'grant' as const,
        ref: g.grantee_id,
        label: g.display_name,
        grantId: g.id,
        expiresAt: g.expires_at,
      })),
    ],
  };
}
