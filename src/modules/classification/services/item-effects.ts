import type { ClassificationProblem } from '../contracts/problems.js';
import { tierOf, type RequestStatus } from '../../../kernel/approvals.js';
import {
  applyChange,
  applyClassification,
  applyScopeChange,
  changeProblem,
  nextReviewOn,
  proposalProblem,
} from '../domain/item-lifecycle.js';
import { rankOf, type Level } from '../../../kernel/levels.js';
import { dateOf } from '../../../kernel/secrecy-period.js';
import type { GrantAction, ItemStatus, ScopeEntry } from '../../../kernel/secret-item.js';
import { staleVersion } from '../../../platform/errors.js';
import { audit, newId, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { RequestRow } from '../../../platform/approvals/request-types.js';
import { lockRow } from '../../../platform/db/locks.js';
import { endPendingRequests, lockPendingRequests } from '../../../platform/approvals/pending.js';
import { noLonger, stillValid as stillValidAt } from '../../../platform/approvals/no-longer.js';
import { itemTarget, verbOf } from './item-requests.js';
import {
  addHistory,
  findItemById,
  scopeOf,
  updateItemVersioned,
  writeAccessIndex,
  type ItemRow,
} from '../repositories/item-repo.js';
import { resolveTaskNotices } from '../../../platform/notifications/notification-service.js';
import { expiringTaskKey, notifyAboutItem, notifyScopeWidened } from './item-notices.js';
import { assertAddedPeopleFit, assertCustodian, classifierKindFor, validateScope } from './item-scope.js';
import { getClassificationPolicy } from './classification-settings.js';
import { periodOf } from './item-access.js';
import { changeOf, declassify, stateOf, writeItemState } from './item-state.js';
import { holdersOf } from './item-holders.js';

/**
 * What happens to an item when a request about it completes or ends. Called in the transaction of the
 * last approval (or of the rejection, withdrawal or expiry), so the effect and its audit event commit
 * together with the decision. The item's state and its declassification are item-state.ts, who is told
 * (its holders) item-holders.ts.
 */

/** A check that passed at submission and fails at the last approval: the request can no longer apply (409). */
function stillValid<T>(check: () => Promise<T>, as?: ClassificationProblem): Promise<T> {
  return stillValidAt(check, { fallback: 'no_longer_valid', ...(as ? { as } : {}) });
}

/** The effect of a completed request. */
export async function applyApproved(trx: Trx, ctx: AppContext, rc: RequestContext, req: RequestRow): Promise<void> {
  // Locks in the one order, requests then item: the other pending requests an upgrade or a declassification may
  // end, then the item, read after any change to it has committed (an access grant checks its level now).
  const verb = verbOf(req.type);
  if (verb === 'reclassify' || verb === 'declassify')
    await lockPendingRequests(trx, ctx.kind, itemTarget(req.target_id), req.id);
  await lockRow(trx, ctx.kind, 'secret_items', req.target_id);
  const row = await findItemById(trx, req.target_id);
  if (!row) throw noLonger('The item of this request no longer exists', 'item_gone');
  const payload = JSON.parse(req.payload) as Record<string, unknown>;
  const now = ctx.now();
  const policy = await getClassificationPolicy(ctx, trx);
  const today = dateOf(now, policy.timeZone);
  const history = (event: string, details: Record<string, unknown>) =>
    addHistory(trx, {
      itemId: row.id,
      at: now.toISOString(),
      actorId: rc.actor?.id ?? null,
      event,
      requestId: req.id,
      details,
    });

  if (verb === 'classify') {
    if (row.status !== 'proposed') throw noLonger('The item is no longer a proposal', 'not_proposed');
    // The proposal is judged again as it takes effect: the policy, the classifier's authority or the
    // custodian's clearance may have changed while it waited. It then cannot apply; withdraw and propose again.
    const problem = proposalProblem(
      row.level as Level,
      { period: periodOf(row), condition: row.declassify_condition },
      policy,
    );
    if (problem)
      throw noLonger(`This proposal can no longer take effect (${problem}); withdraw it and propose again`, problem);
    const classifierKind = await stillValid(() => classifierKindFor(trx, row.classifier_id, row.level as Level));
    await stillValid(() => assertCustodian(ctx, trx, row.custodian_id, row.level as Level));
    const next = applyClassification(stateOf(row), today);
    await writeItemState(trx, ctx, row, next, {
      next_review_on: nextReviewOn(today, policy),
      classifier_kind: classifierKind,
    });
    await history('classified', { level: row.level, markedOn: today, secrecyUntil: next.secrecyUntil });
    await audit(trx, ctx, rc, {
      action: 'item.classify',
      targetType: 'secret_item',
      targetId: row.id,
      details: { level: row.level, requestId: req.id },
    });
    return;
  }
  if (verb === 'access_grant') {
    // An upgrade ends pending access requests; this guards the rule should one slip through: a grant is never
    // created under a chain (and approvers' clearance) chosen for a lower level than the item has now.
    if (rankOf(row.level as Level) > req.level_rank)
      throw noLonger('The item was upgraded since this request was made; ask again', 'level_changed');
    const days = payload.days as number;
    const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
    const grantId = newId();
    await trx
      .insertInto('access_grants')
      .values({
        id: grantId,
        item_id: row.id,
        item_seq: row.seq,
        grantee_id: req.subject_id ?? req.requester_id,
        actions: JSON.stringify(payload.actions as GrantAction[]),
        source: 'request',
        request_id: req.id,
        reason: req.reason,
        granted_at: now.toISOString(),
        expires_at: expiresAt,
        revoked_at: null,
        revoked_by: null,
        review_status: null,
        reviewed_by: null,
        reviewed_at: null,
        review_note: null,
        created_by: rc.actor?.id ?? null,
        version: 1,
      })
      .execute();
    await audit(trx, ctx, rc, {
      action: 'grant.create',
      targetType: 'access_grant',
      targetId: grantId,
      details: {
        itemId: row.id,
        granteeId: req.subject_id ?? req.requester_id,
        actions: payload.actions,
        expiresAt,
        requestId: req.id,
      },
    });
    return;
  }
  if (verb === 'rescope') return rescope(trx, ctx, rc, row, payload, req);
  const change = changeOf(verb, payload)!;
  const problem = changeProblem(stateOf(row), change, policy, today);
  if (problem) throw noLonger(`This change can no longer be applied (${problem})`, problem);
  if (change.type === 'declassify') return declassify(trx, ctx, rc, row, change.reason, req.id);
  // An upgrade leaves the custodian holding the item: they must be cleared for the new level when it applies.
  if (change.type === 'reclassify' && rankOf(change.level) > rankOf(row.level as Level))
    await stillValid(() => assertCustodian(ctx, trx, row.custodian_id, change.level));
  const next = applyChange(stateOf(row), change, today);
  await writeItemState(trx, ctx, row, next);
  if (rankOf(next.level) > rankOf(row.level as Level))
    await endPendingRequests(trx, ctx, rc, itemTarget(row.id), req.id, 'item_upgraded');
  const details = {
    from: {
      level: row.level,
      period: periodOf(row),
      condition: row.declassify_condition,
      secrecyUntil: row.secrecy_until,
    },
    to: { level: next.level, period: next.period, condition: next.condition, secrecyUntil: next.secrecyUntil },
  };
  await history(change.type === 'reclassify' ? 'reclassified' : 'extended', details);
  if (next.secrecyUntil !== row.secrecy_until)
    await resolveTaskNotices(trx, expiringTaskKey(row.id), now.toISOString());
  await notifyAboutItem(trx, ctx, await holdersOf(trx, ctx, row, now.toISOString()), row.id, {
    notice: change.type === 'reclassify' ? 'itemReclassified' : 'itemExtended',
    params: { number: row.number, level: next.level, secrecyUntil: next.secrecyUntil },
    link: `/items/${row.id}`,
  });
  await audit(trx, ctx, rc, {
    action: `item.${change.type}`,
    targetType: 'secret_item',
    targetId: row.id,
    details: { ...details, requestId: req.id },
  });
}

type LabelledEntry = ScopeEntry & { label: string | null };

/**
 * An approved scope change applies what the approvers read: the entries it adds and removes, on the scope
 * as it is now (a narrowing made meanwhile stays; the item's version moves, so a concurrent edit fails).
 */
async function rescope(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  row: ItemRow,
  payload: Record<string, unknown>,
  req: RequestRow,
): Promise<void> {
  const requestId = req.id;
  // The chain was derived from the level at submission; no other change can be pending meanwhile, but a
  // widening is never applied under a chain of another tier.
  if (tierOf(rankOf(row.level as Level)) !== tierOf(req.level_rank))
    throw noLonger('The item changed level since this request was made; ask again', 'level_changed');
  const policy = await getClassificationPolicy(ctx, trx);
  const current = await scopeOf(trx, row.seq);
  const added = payload.added as LabelledEntry[];
  const removed = payload.removed as LabelledEntry[];
  const next = applyScopeChange(current, added, removed);
  const problem = changeProblem(
    stateOf(row),
    { type: 'rescope', scope: next, before: current },
    policy,
    dateOf(ctx.now(), policy.timeZone),
  );
  if (problem) throw noLonger(`This change can no longer be applied (${problem})`, problem);
  // A person or department named may have gone, or a person lost clearance, while the request waited.
  await stillValid(async () => {
    await validateScope(trx, next);
    await assertAddedPeopleFit(trx, policy, row.level as Level, added);
  }, 'scope_changed');
  if (!(await updateItemVersioned(trx, row.id, row.version, { updated_at: ctx.now().toISOString() })))
    throw staleVersion();
  await writeAccessIndex(trx, row, next);
  // The confidentiality office hears of every widening (for confidential items it may not be on the chain).
  await notifyScopeWidened(trx, ctx, row, added.length);
  await addHistory(trx, {
    itemId: row.id,
    at: ctx.now().toISOString(),
    actorId: rc.actor?.id ?? null,
    event: 'rescoped',
    requestId,
    details: { added, removed },
  });
  const key = (e: ScopeEntry) => `${e.kind}:${e.ref}`;
  await audit(trx, ctx, rc, {
    action: 'item.rescope',
    targetType: 'secret_item',
    targetId: row.id,
    details: { added: added.map(key), removed: removed.map(key), requestId },
  });
}

/** A request that ends without approval: a classification proposal then never takes effect. */
export async function applyEnded(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  req: RequestRow,
  status: Exclude<RequestStatus, 'pending' | 'approved'>,
): Promise<void> {
  if (verbOf(req.type) !== 'classify') return;
  const row = await findItemById(trx, req.target_id);
  if (!row || row.status !== 'proposed') return;
  const itemStatus: ItemStatus = status === 'rejected' ? 'rejected' : 'withdrawn';
  if (
    !(await updateItemVersioned(trx, row.id, row.version, { status: itemStatus, updated_at: ctx.now().toISOString() }))
  )
    throw staleVersion();
  await addHistory(trx, {
    itemId: row.id,
    at: ctx.now().toISOString(),
    actorId: rc.actor?.id ?? null,
    event: itemStatus,
    requestId: req.id,
    details: { requestStatus: status },
  });
}
