import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { changeProblem, governingRank, scopeDiff, type ItemChange } from '../domain/item-lifecycle.js';
import { rankOf, type Level } from '../../../kernel/levels.js';
import { refuse } from '../../../platform/authorize.js';
import { dateOf } from '../../../kernel/secrecy-period.js';
import { ITEM_CHANGE_REQUEST_TYPES, type ScopeEntry } from '../../../kernel/secret-item.js';
import { AppError, forbidden, notFound } from '../../../platform/errors.js';
import { actorOf, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { findItemById, scopeOf } from '../repositories/item-repo.js';
import { getClassificationPolicy } from './classification-settings.js';
import { submitRequest } from '../../../platform/approvals/approval-service.js';
import { changeOf, stateOf } from './item-state.js';
import { authorizeItem } from './item-access.js';
import { assertAddedPeopleFit, assertCustodian, labelScope, validateScope } from './item-scope.js';
import { pendingRequestOf } from '../../../platform/approvals/pending.js';
import { lockRow } from '../../../platform/db/locks.js';
import { itemRequestType, itemTarget } from './item-requests.js';
import { problemError } from './item-problems.js';

/**
 * An item's lifecycle changes: upgrade/downgrade, extension, declassification and wider scope, each a request the
 * approval engine decides.
 */

export type ChangeInput =
  | {
      type: 'reclassify';
      reason: string;
      level: Level;
      period: { value: number; unit: 'years' | 'months' } | null;
      declassifyCondition: string | null;
    }
  | { type: 'extend'; reason: string; period: { value: number; unit: 'years' | 'months' } }
  | { type: 'declassify'; reason: string; declassifyReason: 'condition_met' | 'review' | 'decision' }
  | { type: 'rescope'; reason: string; scope: ScopeEntry[] };

/** Asks for an upgrade/downgrade, an extension, a declassification or a wider scope; the approval engine decides. */
export async function requestChange(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: ChangeInput,
): Promise<{ requestId: string }> {
  const { actor } = await authorizeItem(ctx, rc, { id }, 'item.reclassify', `item.request_${input.type}`);
  if (input.type === 'reclassify')
    await assertClearedForLevel(ctx, { ...rc, actor }, id, input.level, 'item.request_reclassify');
  return tx(ctx, (trx) => submitChange(trx, ctx, { ...rc, actor }, id, input));
}

async function labelledDiff(trx: Trx, before: readonly ScopeEntry[], after: readonly ScopeEntry[]) {
  const { added, removed } = scopeDiff(before, after);
  return { added: await labelScope(trx, added), removed: await labelScope(trx, removed) };
}

/** Nobody moves an item to a level above their own clearance; the refusal is audited (outside any transaction). */
export async function assertClearedForLevel(
  ctx: AppContext,
  rc: RequestContext,
  itemId: string,
  level: Level,
  auditAction: AuditAction,
): Promise<void> {
  if (rankOf(level) <= (actorOf(rc).access?.clearanceRank ?? 0)) return;
  await refuse(
    ctx,
    rc,
    {
      action: auditAction,
      targetType: 'secret_item',
      targetId: itemId,
      details: { reason: 'not_cleared_for_new_level', level },
    },
    forbidden('You are not cleared for the new level'),
  );
}

/** Shared by the item page and the annual review: validates the change and submits its request. */
export async function submitChange(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: ChangeInput,
): Promise<{ requestId: string }> {
  const row = await findItemById(trx, id);
  if (!row) throw notFound();
  const { reason, type: _t, ...rest } = input;
  const current = input.type === 'rescope' ? await scopeOf(trx, row.seq) : [];
  if (input.type === 'rescope') await validateScope(trx, input.scope);
  // A scope request also carries what it adds and removes, named as they are now, for the approvers to read.
  const payload = input.type === 'rescope' ? { ...rest, ...(await labelledDiff(trx, current, input.scope)) } : rest;
  const change: ItemChange =
    input.type === 'rescope'
      ? { type: 'rescope', scope: input.scope, before: current }
      : changeOf(input.type, payload)!;
  const policy = await getClassificationPolicy(ctx, trx);
  const problem = changeProblem(stateOf(row), change, policy, dateOf(ctx.now(), policy.timeZone));
  if (problem)
    throw problemError(
      problem,
      { declassify: 'type', extend: 'period', rescope: 'scope', reclassify: 'level' }[input.type],
    );
  if (change.type === 'rescope')
    await assertAddedPeopleFit(trx, policy, row.level as Level, scopeDiff(current, change.scope).added);
  // Callers check this before their transaction, where the refusal can be audited (assertClearedForLevel).
  if (change.type === 'reclassify' && rankOf(change.level) > (actorOf(rc).access?.clearanceRank ?? 0))
    throw forbidden('You are not cleared for the new level');
  // The custodian keeps the item after an upgrade: they must be cleared for the new level.
  if (change.type === 'reclassify' && rankOf(change.level) > rankOf(row.level as Level))
    await assertCustodian(ctx, trx, row.custodian_id, change.level);
  await assertNoPendingChange(trx, ctx, id);
  // People a scope request adds by name gain knowledge by it: they approve none of its steps.
  const beneficiaryIds =
    change.type === 'rescope'
      ? scopeDiff(current, change.scope)
          .added.filter((e) => e.kind === 'user')
          .map((e) => e.ref)
      : [];
  const req = await submitRequest(trx, ctx, rc, {
    type: itemRequestType(input.type),
    targetId: row.id,
    subjectId: null,
    beneficiaryIds,
    levelRank: governingRank(stateOf(row), change),
    reason,
    payload,
  });
  return { requestId: req.id };
}

/** One pending change of an item at a time: a second one would race the first. */
async function assertNoPendingChange(trx: Trx, ctx: AppContext, itemId: string): Promise<void> {
  await lockRow(trx, ctx.kind, 'secret_items', itemId); // two requests at once: the second waits, then sees the first
  const p = await pendingRequestOf(trx, itemTarget(itemId), { types: ITEM_CHANGE_REQUEST_TYPES });
  if (p)
    throw new AppError(
      'conflict',
      `Request ${p.number} about this item is still pending; wait for it or withdraw it first`,
      { problem: 'pending_change', number: p.number },
    );
}
