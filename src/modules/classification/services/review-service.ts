import { nextReviewOn } from '../domain/item-lifecycle.js';
import type { Level } from '../../../kernel/levels.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { scopeProblem, type ScopeEntry } from '../../../kernel/secret-item.js';
import type { ReviewTask } from '../contracts/access.js';
import { AppError, forbidden, notFound, staleVersion } from '../../../platform/errors.js';
import { actorOf, audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { addHistory, findItemById, scopeOf, updateItemVersioned, writeAccessIndex } from '../repositories/item-repo.js';
import { getClassificationPolicy, todayOf } from './classification-settings.js';
import { assertClearedForLevel, submitChange } from './item-changes.js';
import { resolveTaskNotices } from '../../../platform/notifications/notification-service.js';
import { reviewTask } from './review-campaigns.js';
import { loadTask, taskBase, toTask } from './review-tasks.js';

/**
 * Review campaigns. The annual review lists every item in force due for review and records each decision
 * (keep, or ask to declassify / reclassify / extend through the approval engine). The access review asks
 * each item's custodian to confirm or revoke who has access. Here: a reviewer's decision on a task; the campaigns are
 * review-campaigns.ts, the tasks' lists and pages review-tasks.ts.
 */

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
