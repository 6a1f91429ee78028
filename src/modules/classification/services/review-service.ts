import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { nextReviewOn } from '../domain/item-lifecycle.js';
import { OPEN_RANK, type Level } from '../../../kernel/levels.js';
import { offsetOf } from '../../../kernel/pagination.js';
import { itemListFilter } from '../../../policy/classification.js';
import { can } from '../../../policy/index.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { addMonths, dateOf, isCalendarDate } from '../../../kernel/secrecy-period.js';
import { scopeProblem, type ScopeEntry } from '../../../kernel/secret-item.js';
import type { ReviewTask } from '../contracts/access.js';
import { AppError, forbidden, notFound, staleVersion } from '../../../platform/errors.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { addHistory, findItemById, scopeOf, updateItemVersioned, writeAccessIndex } from '../repositories/item-repo.js';
import { getClassificationPolicy, todayOf, withAccess } from './classification-settings.js';
import { loadItemResource } from './item-access.js';
import { visiblePredicate } from '../repositories/item-query.js';
import { assertClearedForLevel, submitChange } from './item-changes.js';
import { labelScope } from './item-scope.js';
import { notifyUsers, resolveTaskNotices } from '../../../platform/notifications/notification-service.js';

/** The task of a reviewer's 「审查任务」 notice: their tasks of the campaign. */
const reviewTask = (campaignId: string) => `classification.review:${campaignId}`;

/**
 * Review campaigns. The annual review lists every item in force due for review and records each decision
 * (keep, or ask to declassify / reclassify / extend through the approval engine). The access review asks
 * each item's custodian to confirm or revoke who has access.
 */
type Kind = 'annual' | 'access';

const requireManage = (ctx: AppContext, rc: RequestContext, action: AuditAction, targetId: string | null) =>
  authorize(
    ctx,
    rc,
    'review.manage',
    { kind: 'none' },
    {
      audit: { action, targetType: 'review_campaign', targetId },
      allowSystem: true,
    },
  );

export async function createCampaign(
  ctx: AppContext,
  rc: RequestContext,
  input: { kind: Kind; title: string; dueOn: string },
): Promise<{ id: string; tasks: number }> {
  await requireManage(ctx, rc, 'review.campaign_create', null);
  if (!isCalendarDate(input.dueOn) || input.dueOn < (await todayOf(ctx)))
    throw new AppError('validation_failed', 'The due date must be a date from today on', { field: 'dueOn' });
  const now = ctx.now().toISOString();
  return tx(ctx, async (trx) => {
    let q = trx.selectFrom('secret_items').select(['id', 'custodian_id']).where('status', '=', 'in_force');
    q = input.kind === 'annual' ? q.where('next_review_on', '<=', input.dueOn) : q.where('access_rank', '>', OPEN_RANK);
    const items = await q.orderBy('seq').execute();
    if (items.length === 0)
      throw new AppError(
        'conflict',
        input.kind === 'annual' ? 'No item is due for review by that date' : 'No classified item is in force',
        { problem: 'nothing_to_review' },
      );
    const id = newId();
    await trx
      .insertInto('review_campaigns')
      .values({
        id,
        kind: input.kind,
        title: input.title,
        status: 'open',
        due_on: input.dueOn,
        created_by: rc.actor?.id ?? null,
        created_at: now,
        closed_at: null,
      })
      .execute();
    for (let i = 0; i < items.length; i += 500) {
      await trx
        .insertInto('review_tasks')
        .values(
          items.slice(i, i + 500).map((it) => ({
            id: newId(),
            campaign_id: id,
            item_id: it.id,
            reviewer_id: it.custodian_id,
            status: 'pending',
            decision: null,
            comment: null,
            details: null,
            decided_at: null,
            version: 1,
          })),
        )
        .execute();
    }
    await notifyUsers(trx, ctx, [...new Set(items.map((i) => i.custodian_id))], {
      notice: 'reviewAssigned',
      params: { title: input.title, kind: input.kind, dueOn: input.dueOn },
      link: '/reviews',
      dedupeKey: `review:${id}`,
      email: true,
      taskKey: reviewTask(id),
    });
    await audit(trx, ctx, rc, {
      action: 'review.campaign_create',
      targetType: 'review_campaign',
      targetId: id,
      details: { kind: input.kind, title: input.title, dueOn: input.dueOn, tasks: items.length },
    });
    return { id, tasks: items.length };
  });
}

export async function listCampaigns(ctx: AppContext, rc: RequestContext) {
  await requireManage(ctx, rc, 'review.campaign_list', null);
  const rows = await ctx.db
    .selectFrom('review_campaigns as c')
    .leftJoin('review_tasks as t', 't.campaign_id', 'c.id')
    .select(['c.id', 'c.kind', 'c.title', 'c.status', 'c.due_on', 'c.created_at', 'c.closed_at'])
    .select((eb) => [
      eb.fn.count<number>('t.id').as('task_count'),
      eb.fn.sum<number>(eb.case().when('t.status', '=', 'done').then(1).else(0).end()).as('done_count'),
    ])
    .groupBy(['c.id', 'c.kind', 'c.title', 'c.status', 'c.due_on', 'c.created_at', 'c.closed_at'])
    .orderBy('c.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as Kind,
    title: r.title,
    status: r.status as 'open' | 'closed',
    dueOn: r.due_on,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    taskCount: Number(r.task_count),
    doneCount: Number(r.done_count ?? 0),
  }));
}

export async function closeCampaign(ctx: AppContext, rc: RequestContext, id: string): Promise<void> {
  await requireManage(ctx, rc, 'review.campaign_close', id);
  await tx(ctx, async (trx) => {
    const c = await trx.selectFrom('review_campaigns').select(['status']).where('id', '=', id).executeTakeFirst();
    if (!c) throw notFound();
    if (c.status !== 'open') throw new AppError('conflict', 'This campaign is already closed');
    await trx
      .updateTable('review_campaigns')
      .set({ status: 'closed', closed_at: ctx.now().toISOString() })
      .where('id', '=', id)
      .execute();
    // Closed: nobody is asked to review any more.
    await resolveTaskNotices(trx, reviewTask(id), ctx.now().toISOString());
    const open = await trx
      .selectFrom('review_tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, rc, {
      action: 'review.campaign_close',
      targetType: 'review_campaign',
      targetId: id,
      details: { undecided: Number(open.n) },
    });
  });
}

function taskBase(ctx: AppContext) {
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

function toTask(r: TaskRow): ReviewTask {
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

async function loadTask(ctx: AppContext, rc: RequestContext, id: string, action: AuditAction) {
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

export interface ReviewDecisionInput {
  version: number;
  decision: 'keep' | 'declassify' | 'reclassify' | 'extend' | 'confirm' | 'revoke';
  comment?: string | null | undefined;
  revokeGrantIds?: string[] | undefined;
  removeScope?: ScopeEntry[] | undefined;
  level?: Level | undefined;
  period?: { value: number; unit: 'years' | 'months' } | null | undefined;
  declassifyCondition?: string | null | undefined;
}

async function revokeForReview(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  itemId: string,
  input: ReviewDecisionInput,
): Promise<Record<string, unknown>> {
  const item = await findItemById(trx, itemId);
  if (!item) throw notFound();
  const now = ctx.now().toISOString();
  const revoked: string[] = [];
  for (const gid of new Set(input.revokeGrantIds ?? [])) {
    const r = await trx
      .updateTable('access_grants')
      .set({ revoked_at: now, revoked_by: actorOf(rc).id })
      .where('id', '=', gid)
      .where('item_id', '=', itemId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1)
      throw new AppError('validation_failed', 'A grant to revoke is not an active grant of this item', {
        field: 'revokeGrantIds',
      });
    revoked.push(gid);
  }
  const scope = await scopeOf(trx, item.seq);
  const key = (s: ScopeEntry) => `${s.kind}:${s.ref}`;
  const remove = new Set((input.removeScope ?? []).map(key));
  const kept = scope.filter((s) => !remove.has(key(s)));
  if (kept.length !== scope.length - remove.size)
    throw new AppError('validation_failed', 'A scope entry to remove is not in the scope', { field: 'removeScope' });
  if (remove.size) {
    const p = scopeProblem(item.level as Level, kept);
    if (p)
      throw new AppError('validation_failed', 'The scope cannot become empty; declassify the item instead', {
        field: 'removeScope',
        problem: p,
      });
    // The item row first (as every other writer of the index does), so concurrent writers queue on it, not deadlock.
    if (!(await updateItemVersioned(trx, item.id, item.version, { updated_at: now }))) throw staleVersion();
    await writeAccessIndex(trx, item, kept);
  }
  return { revokedGrants: revoked, removedScope: input.removeScope ?? [] };
}

export async function decideTask(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: ReviewDecisionInput,
): Promise<ReviewTask> {
  const { actor, row, resource } = await loadTask(ctx, rc, id, 'review.decide');
  if (row.reviewer_id !== actor.id) {
    await refuse(
      ctx,
      rc,
      { action: 'review.decide', targetType: 'review_task', targetId: id },
      forbidden('Only the reviewer of this task decides it'),
    );
  }
  if (row.status !== 'pending' || row.campaign_status !== 'open')
    throw new AppError('conflict', 'This review task is already closed');
  const annual = row.campaign_kind === 'annual';
  if (resource.status !== 'in_force')
    throw new AppError('conflict', 'The item is no longer in force: there is nothing to review', {
      problem: 'review_not_in_force',
    });
  // Named reviewer is not enough: the policy must still let them review the item (or manage who knows it).
  await authorize(ctx, rc, annual ? 'item.review' : 'item.manage_grants', resource, {
    actor,
    audit: {
      action: 'review.decide',
      targetType: 'review_task',
      targetId: id,
      details: { reason: 'not_permitted_on_item' },
    },
    message: 'You may no longer review this item; the confidentiality office handles it',
  });
  const fits = annual
    ? ['keep', 'declassify', 'reclassify', 'extend'].includes(input.decision)
    : ['confirm', 'revoke'].includes(input.decision);
  if (!fits)
    throw new AppError('validation_failed', `"${input.decision}" is not a decision of this review`, {
      field: 'decision',
    });
  const now = ctx.now();
  const today = await todayOf(ctx);
  // Text the system writes into records is bilingual, Chinese first (as the emails are).
  const reason = input.comment?.trim() || (annual ? '年度审查 / Annual review' : '访问审查 / Access review');
  const rcA = { ...rc, actor };
  if (input.decision === 'reclassify' && input.level)
    await assertClearedForLevel(ctx, rcA, row.item_id, input.level, 'review.decide');
  await tx(ctx, async (trx) => {
    const r = await trx
      .updateTable('review_tasks')
      .set({ version: input.version + 1 })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    let details: Record<string, unknown> = {};
    const item = await findItemById(trx, row.item_id);
    if (!item) throw notFound();
    if (item.status !== 'in_force')
      throw new AppError('conflict', 'The item is no longer in force: there is nothing to review', {
        problem: 'review_not_in_force',
      });
    if (input.decision === 'keep') {
      const policy = await getClassificationPolicy(ctx, trx);
      if (
        !(await updateItemVersioned(trx, item.id, item.version, {
          last_reviewed_on: today,
          next_review_on: nextReviewOn(today, policy),
          updated_at: now.toISOString(),
        }))
      )
        throw staleVersion();
    } else if (input.decision === 'declassify') {
      details = await submitChange(trx, ctx, rcA, item.id, { type: 'declassify', reason, declassifyReason: 'review' });
    } else if (input.decision === 'reclassify') {
      if (!input.level) throw new AppError('validation_failed', 'Give the new level', { field: 'level' });
      details = await submitChange(trx, ctx, rcA, item.id, {
        type: 'reclassify',
        reason,
        level: input.level,
        period: input.period ?? null,
        declassifyCondition: input.declassifyCondition ?? null,
      });
    } else if (input.decision === 'extend') {
      if (!input.period) throw new AppError('validation_failed', 'Give the new period', { field: 'period' });
      details = await submitChange(trx, ctx, rcA, item.id, { type: 'extend', reason, period: input.period });
    } else if (input.decision === 'revoke') {
      details = await revokeForReview(trx, ctx, rcA, item.id, input);
    }
    await trx
      .updateTable('review_tasks')
      .set({
        status: 'done',
        decision: input.decision,
        comment: input.comment ?? null,
        details: JSON.stringify(details),
        decided_at: now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    // The reviewer's 「审查任务」 is done once none of their tasks of the campaign is pending.
    const stillOpen = await trx
      .selectFrom('review_tasks')
      .select('reviewer_id')
      .where('campaign_id', '=', row.campaign_id)
      .where('status', '=', 'pending')
      .execute();
    await resolveTaskNotices(
      trx,
      reviewTask(row.campaign_id),
      now.toISOString(),
      stillOpen.map((t) => t.reviewer_id),
    );
    await addHistory(trx, {
      itemId: item.id,
      at: now.toISOString(),
      actorId: actor.id,
      event: annual ? 'reviewed' : 'access_reviewed',
      details: { decision: input.decision, ...details },
    });
    await audit(trx, ctx, rcA, {
      action: 'review.decide',
      targetType: 'review_task',
      targetId: id,
      details: { itemId: item.id, kind: row.campaign_kind, decision: input.decision, ...details },
    });
  });
  return toTask(await taskBase(ctx).where('t.id', '=', id).executeTakeFirstOrThrow());
}

/** Scheduled: starts an access review when the last one is older than the configured interval. */
export async function startDueAccessReview(ctx: AppContext, rc: RequestContext): Promise<string> {
  const policy = await getClassificationPolicy(ctx);
  if (!policy.accessReviewIntervalMonths) return 'access reviews are off';
  const today = await todayOf(ctx);
  const last = await ctx.db
    .selectFrom('review_campaigns')
    .select('created_at')
    .where('kind', '=', 'access')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (last && addMonths(dateOf(new Date(last.created_at), policy.timeZone), policy.accessReviewIntervalMonths) > today)
    return 'not due';
  const any = await ctx.db
    .selectFrom('secret_items')
    .select('id')
    .where('status', '=', 'in_force')
    .where('access_rank', '>', OPEN_RANK)
    .executeTakeFirst();
  if (!any) return 'nothing to review';
  const { tasks } = await createCampaign(ctx, rc, {
    kind: 'access',
    title: `访问审查 ${today} / Access review ${today}`,
    dueOn: addMonths(today, 1),
  });
  return `started with ${tasks} tasks`;
}
