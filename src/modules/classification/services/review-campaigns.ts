import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { OPEN_RANK } from '../../../kernel/levels.js';
import { authorize } from '../../../platform/authorize.js';
import { addMonths, dateOf, isCalendarDate } from '../../../kernel/secrecy-period.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { getClassificationPolicy, todayOf } from './classification-settings.js';
import { notifyUsers, resolveTaskNotices } from '../../../platform/notifications/notification-service.js';

/**
 * Review campaigns: opened by the security administrator (an access review also by the scheduler), listed and closed;
 * each item's task goes to its custodian.
 */

/** The task of a reviewer's 「审查任务」 notice: their tasks of the campaign. */
export const reviewTask = (campaignId: string) => `classification.review:${campaignId}`;

export type Kind = 'annual' | 'access';

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
