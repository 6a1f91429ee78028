import type { ClassificationProblem } from '../contracts/problems.js';
import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { mayActFor } from '../../../policy/classification.js';
import { OPEN_RANK } from '../../../kernel/levels.js';
import { can } from '../../../policy/index.js';
import type { GrantAction } from '../../../kernel/secret-item.js';
import type { Grant } from '../contracts/access.js';
import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import { refuse } from '../../../platform/authorize.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { findItemById, findItemByNumber, type ItemRow } from '../repositories/item-repo.js';
import { findUserById, toActor } from '../../identity/index.js';
import { lockRow } from '../../../platform/db/locks.js';
import { getClassificationPolicy, withAccess } from './classification-settings.js';
import { submitRequest } from '../../../platform/approvals/approval-service.js';
import { pendingRequestOf } from '../../../platform/approvals/pending.js';
import { itemTarget } from './item-requests.js';
import { loadItemResource } from './item-access.js';
import { grantsWhere } from './grant-queries.js';
import { resolveTaskNotices, usersWithAdminRole } from '../../../platform/notifications/notification-service.js';
import { emergencyReviewTaskKey, notifyAboutItem } from './item-notices.js';

/**
 * Access grants: asked for through the approval engine (for oneself or someone in one's team), or taken
 * at once in an emergency (break-glass, reviewed afterwards). Grants expire by the clock and can be revoked.
 */
type ItemRef = { id: string } | { number: string };

async function findItem(ctx: AppContext, ref: ItemRef): Promise<ItemRow | undefined> {
  return 'id' in ref ? findItemById(ctx.db, ref.id) : findItemByNumber(ctx.db, ref.number);
}

/** Refuses an item action (audited); the answer is 404 unless the actor may see the item at all. */
function refuseOnItem(
  ctx: AppContext,
  rc: RequestContext,
  action: AuditAction,
  row: ItemRow | undefined,
  seen: boolean,
  reason: ClassificationProblem | 'forbidden',
  message: string,
): Promise<never> {
  return refuse(
    ctx,
    rc,
    {
      action,
      targetType: 'secret_item',
      targetId: row?.id ?? null,
      details: { reason: seen ? reason : 'not_found_or_no_access' },
    },
    !seen
      ? notFound()
      : new AppError(reason === 'not_in_force' ? 'conflict' : 'forbidden', message, { problem: reason }),
  );
}

export async function requestAccess(
  ctx: AppContext,
  rc: RequestContext,
  input: {
    itemId?: string | undefined;
    itemNumber?: string | undefined;
    subjectId?: string | undefined;
    actions: GrantAction[];
    days: number;
    reason: string;
  },
): Promise<{ requestId: string }> {
  const actor = await withAccess(ctx, actorOf(rc));
  const row = await findItem(ctx, input.itemId ? { id: input.itemId } : { number: input.itemNumber! });
  if (!row) return refuseOnItem(ctx, rc, 'item.request_access', undefined, false, 'forbidden', '');
  const seen = can(actor, 'item.view_metadata', (await loadItemResource(ctx, ctx.db, row, actor)).resource);
  const subjectRow =
    input.subjectId && input.subjectId !== actor.id ? await findUserById(ctx.db, input.subjectId) : null;
  if (input.subjectId && input.subjectId !== actor.id && !subjectRow)
    throw new AppError('validation_failed', 'The person does not exist', { field: 'subjectId' });
  const subject = subjectRow ? await withAccess(ctx, toActor(subjectRow)) : actor;
  if (
    subject.id !== actor.id &&
    !mayActFor(actor, { id: subject.id, departmentPath: subject.access!.departmentPath })
  ) {
    return refuseOnItem(
      ctx,
      rc,
      'item.request_access',
      row,
      seen,
      'not_your_team',
      'You may ask for access only for yourself or for people in your department',
    );
  }
  const subjectResource = (await loadItemResource(ctx, ctx.db, row, subject)).resource;
  const actorResource =
    subject === actor ? subjectResource : (await loadItemResource(ctx, ctx.db, row, actor)).resource;
  // Both must be allowed to ask: someone not cleared for the level may not ask for a colleague either.
  if (!can(subject, 'item.request_access', subjectResource) || !can(actor, 'item.request_access', actorResource)) {
    // Someone who may not see the item learns nothing about it (404); others are told why.
    const reason =
      row.status !== 'in_force' ? 'not_in_force' : row.access_rank <= OPEN_RANK ? 'open_item' : 'not_cleared';
    const message = {
      not_in_force: 'Access can be asked only for items in force',
      open_item: 'This item is open to everyone; no request is needed',
      not_cleared: 'The person is not cleared for this level',
    }[reason];
    return refuseOnItem(ctx, rc, 'item.request_access', row, seen, reason, message);
  }
  const policy = await getClassificationPolicy(ctx);
  if (input.days > policy.maxGrantDays)
    throw new AppError('validation_failed', `Access can be asked for at most ${policy.maxGrantDays} days`, {
      field: 'days',
      max: policy.maxGrantDays,
    });
  const actions = [...new Set<GrantAction>(['read', ...input.actions])];
  return tx(ctx, async (trx) => {
    await lockRow(trx, ctx.kind, 'secret_items', row.id); // the same request twice at once: the second sees the first
    const dup = await pendingRequestOf(trx, itemTarget(row.id), {
      types: ['classification.access_grant'],
      subjectId: subject.id,
    });
    if (dup)
      throw new AppError('conflict', `Request ${dup.number} for this access is still pending`, {
        problem: 'pending_request',
        number: dup.number,
      });
    const req = await submitRequest(
      trx,
      ctx,
      { ...rc, actor },
      {
        type: 'classification.access_grant',
        targetId: row.id,
        subjectId: subject.id,
        levelRank: row.access_rank,
        reason: input.reason,
        payload: { actions, days: input.days },
      },
    );
    return { requestId: req.id };
  });
}

export async function emergencyAccess(
  ctx: AppContext,
  rc: RequestContext,
  ref: ItemRef,
  reason: string,
): Promise<Grant> {
  const actor = await withAccess(ctx, actorOf(rc));
  const row = await findItem(ctx, ref);
  if (!row) return refuseOnItem(ctx, rc, 'grant.emergency', undefined, false, 'forbidden', '');
  const { resource } = await loadItemResource(ctx, ctx.db, row, actor);
  const seen = can(actor, 'item.view_metadata', resource);
  const policy = await getClassificationPolicy(ctx);
  if (!can(actor, 'item.emergency_access', resource)) {
    return refuseOnItem(
      ctx,
      rc,
      'grant.emergency',
      row,
      seen,
      row.status !== 'in_force' ? 'not_in_force' : 'forbidden',
      'Emergency access is not possible for this item',
    );
  }
  if (!policy.emergencyEnabled)
    return refuseOnItem(
      ctx,
      rc,
      'grant.emergency',
      row,
      true,
      'disabled',
      'Emergency access is switched off in this organisation',
    );
  const now = ctx.now();
  const id = newId();
  const expiresAt = new Date(now.getTime() + policy.emergencyHours * 3_600_000).toISOString();
  await tx(ctx, async (trx) => {
    await trx
      .insertInto('access_grants')
      .values({
        id,
        item_id: row.id,
        item_seq: row.seq,
        grantee_id: actor.id,
        actions: JSON.stringify(['read']),
        source: 'emergency',
        request_id: null,
        reason,
        granted_at: now.toISOString(),
        expires_at: expiresAt,
        revoked_at: null,
        revoked_by: null,
        review_status: 'pending',
        reviewed_by: null,
        reviewed_at: null,
        review_note: null,
        created_by: actor.id,
        version: 1,
      })
      .execute();
    // Break-glass is loud: the confidentiality office and the auditor hear of it at once.
    // The office's notice asks for the review (done at it); the auditor's only informs.
    await notifyAboutItem(
      trx,
      ctx,
      await usersWithAdminRole(trx, ['secadmin', 'auditor']),
      row.id,
      {
        notice: 'emergencyAccess',
        params: { number: row.number, name: actor.displayName, username: actor.username, hours: policy.emergencyHours },
        link: '/grants?view=emergency',
        email: true,
      },
      // Not the taker's own: another security administrator reviews it.
      (viewer) => (viewer.adminRole === 'secadmin' && viewer.id !== actor.id ? emergencyReviewTaskKey(id) : null),
    );
    await audit(
      trx,
      ctx,
      { ...rc, actor },
      {
        action: 'grant.emergency',
        targetType: 'access_grant',
        targetId: id,
        details: { itemId: row.id, number: row.number, reason, expiresAt },
      },
    );
  });
  return (await grantsWhere(ctx, (q) => q.where('g.id', '=', id), 1, 1)).items[0]!;
}

async function loadGrantForChange(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  action: 'grant.revoke' | 'grant.review',
) {
  const actor = await withAccess(ctx, actorOf(rc));
  const grant = await ctx.db.selectFrom('access_grants').selectAll().where('id', '=', id).executeTakeFirst();
  const row = grant ? await findItemById(ctx.db, grant.item_id) : undefined;
  if (!grant || !row) return refuseOnItem(ctx, rc, action, undefined, false, 'forbidden', '');
  const { resource } = await loadItemResource(ctx, ctx.db, row, actor);
  return {
    actor,
    grant,
    row,
    resource,
    seen: can(actor, 'item.view_metadata', resource) || grant.grantee_id === actor.id,
  };
}

export { listGrants } from './grant-queries.js';

export async function revokeGrant(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { version: number; reason: string },
): Promise<void> {
  const { actor, grant, row, resource, seen } = await loadGrantForChange(ctx, rc, id, 'grant.revoke');
  // The grantee may give a grant back; otherwise revoking is managing the item's grants.
  if (grant.grantee_id !== actor.id && !can(actor, 'item.manage_grants', resource)) {
    return refuseOnItem(ctx, rc, 'grant.revoke', row, seen, 'forbidden', 'You may not revoke this grant');
  }
  if (grant.revoked_at) throw new AppError('conflict', 'This grant has already been revoked');
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const r = await trx
      .updateTable('access_grants')
      .set({ revoked_at: now, revoked_by: actor.id, version: input.version + 1 })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    if (grant.grantee_id !== actor.id) {
      await notifyAboutItem(trx, ctx, [grant.grantee_id], row.id, {
        notice: 'grantRevoked',
        params: { number: row.number },
        link: '/grants',
      });
    }
    await audit(
      trx,
      ctx,
      { ...rc, actor },
      {
        action: 'grant.revoke',
        targetType: 'access_grant',
        targetId: id,
        details: { itemId: row.id, granteeId: grant.grantee_id, reason: input.reason },
      },
    );
  });
}

/** The confidentiality office reviews every emergency access afterwards; an unjustified one ends at once. */
export async function reviewGrant(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { version: number; verdict: 'justified' | 'unjustified'; note?: string | null | undefined },
): Promise<void> {
  const { actor, grant, row, resource, seen } = await loadGrantForChange(ctx, rc, id, 'grant.review');
  if (!can(actor, 'review.manage') || !can(actor, 'item.manage_grants', resource))
    return refuseOnItem(
      ctx,
      rc,
      'grant.review',
      row,
      seen,
      'forbidden',
      'Only the security administrator reviews emergency access',
    );
  if (grant.source !== 'emergency' || grant.review_status !== 'pending')
    throw new AppError('conflict', 'This grant is not waiting for a review');
  // Nobody judges their own break-glass: another security administrator reviews it (the auditor was told at once).
  if (grant.grantee_id === actor.id)
    return refuseOnItem(
      ctx,
      rc,
      'grant.review',
      row,
      seen,
      'own_emergency_review',
      'Another security administrator reviews your own emergency access',
    );
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const set = {
      review_status: input.verdict,
      reviewed_by: actor.id,
      reviewed_at: now,
      review_note: input.note ?? null,
      version: input.version + 1,
      ...(input.verdict === 'unjustified' && !grant.revoked_at ? { revoked_at: now, revoked_by: actor.id } : {}),
    };
    const r = await trx
      .updateTable('access_grants')
      .set(set)
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    // Reviewed, by whichever security administrator: every office member's 「应急访问」 to-do of it is done.
    await resolveTaskNotices(trx, emergencyReviewTaskKey(id), now);
    if (input.verdict === 'unjustified') {
      await notifyAboutItem(trx, ctx, [grant.grantee_id, ...(await usersWithAdminRole(trx, ['auditor']))], row.id, {
        notice: 'emergencyUnjustified',
        params: { number: row.number },
        link: '/grants',
      });
    }
    await audit(
      trx,
      ctx,
      { ...rc, actor },
      {
        action: 'grant.review',
        targetType: 'access_grant',
        targetId: id,
        details: { itemId: row.id, granteeId: grant.grantee_id, verdict: input.verdict },
      },
    );
  });
}
