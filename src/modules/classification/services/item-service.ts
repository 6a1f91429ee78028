import {
  EDITABLE_FIELDS,
  proposalEditProblem,
  proposalProblem,
  scopeDiff,
  scopeEditProblem,
} from '../domain/item-lifecycle.js';
import { isClassified, rankOf, type Level } from '../../../kernel/levels.js';
import { authorize } from '../../../platform/authorize.js';
import { dateOf } from '../../../kernel/secrecy-period.js';
import { accessRankOf, scopeProblem, type Origin, type ScopeEntry } from '../../../kernel/secret-item.js';
import type { ItemCategory } from '../../../kernel/levels.js';
import type { ItemDetail } from '../contracts/classification.js';
import { AppError, staleVersion } from '../../../platform/errors.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { nextCounter } from '../../../platform/db/counters.js';
import {
  addHistory,
  updateItemVersioned,
  writeAccessIndex,
  searchTextOf,
  writeSearchTerms,
  type ItemRow,
} from '../repositories/item-repo.js';
import { getClassificationPolicy, withAccess } from './classification-settings.js';
import { submitRequest } from '../../../platform/approvals/approval-service.js';
import { stateOf } from './item-state.js';
import { notifyScopeWidened } from './item-notices.js';
import { authorizeItem } from './item-access.js';
import { assertAddedPeopleFit, assertCustodian, classifierKindFor, validateScope } from './item-scope.js';
import { approvalStarted, touchPendingRequests } from '../../../platform/approvals/pending.js';
import { itemTarget } from './item-requests.js';
import { problemError } from './item-problems.js';
import { getItem } from './item-reads.js';

/**
 * The secret-item catalogue's writes: propose an item and edit it (reads are item-reads.ts, changes item-changes.ts).
 */

export interface ProposeInput {
  title: string;
  content: string;
  category: ItemCategory;
  level: Level;
  basis: string;
  period: { value: number; unit: 'years' | 'months' } | null;
  declassifyCondition: string | null;
  classifierId: string | null;
  origin: Origin;
  sourceItemId?: string | null | undefined;
  custodianId?: string | undefined;
  departmentId?: string | null | undefined;
  scope: ScopeEntry[];
  reason: string;
}

export async function proposeItem(
  ctx: AppContext,
  rc: RequestContext,
  input: ProposeInput,
): Promise<{ item: ItemDetail; requestId: string }> {
  const actor = await withAccess(ctx, actorOf(rc));
  await authorize(
    ctx,
    rc,
    'item.propose',
    { kind: 'new_item', level: input.level },
    {
      actor,
      audit: { action: 'item.propose', targetType: 'secret_item', details: { level: input.level } },
      message: (why) =>
        why === 'above_clearance'
          ? 'You are not cleared for this level'
          : 'You may not propose classification decisions',
    },
  );
  const policy = await getClassificationPolicy(ctx);
  const problem =
    proposalProblem(input.level, { period: input.period, condition: input.declassifyCondition }, policy) ??
    scopeProblem(input.level, input.scope);
  if (problem)
    throw problemError(
      problem,
      problem.startsWith('scope') ? 'scope' : problem === 'level_not_in_use' ? 'level' : 'period',
    );
  // A derivative classification cites its source: one the proposer may know, else "not found or no access".
  if (input.sourceItemId)
    await authorizeItem(ctx, rc, { id: input.sourceItemId }, 'item.view_metadata', 'item.propose');
  const now = ctx.now();
  const result = await tx(ctx, async (trx) => {
    await validateScope(trx, input.scope);
    await assertAddedPeopleFit(trx, policy, input.level, input.scope);
    const classifierKind = await classifierKindFor(trx, input.classifierId, input.level);
    const custodianId = input.custodianId ?? actor.id;
    await assertCustodian(ctx, trx, custodianId, input.level);
    if (input.origin === 'derivative' && !input.sourceItemId)
      throw new AppError('validation_failed', 'A derivative classification names its source item', {
        field: 'sourceItemId',
      });
    const departmentId = input.departmentId === undefined ? actor.departmentId : input.departmentId;
    if (
      departmentId &&
      !(await trx.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst())
    ) {
      throw new AppError('validation_failed', 'The department does not exist', { field: 'departmentId' });
    }
    const seq = await nextCounter(trx, 'secret_item');
    const row: ItemRow = {
      id: newId(),
      seq,
      number: `BM-${dateOf(now, policy.timeZone).slice(0, 4)}-${String(seq).padStart(6, '0')}`,
      title: input.title,
      content: input.content,
      category: input.category,
      level: input.level,
      access_rank: accessRankOf(input.level, 'proposed'),
      status: 'proposed',
      basis: input.basis,
      period_value: input.period?.value ?? null,
      period_unit: input.period?.unit ?? null,
      declassify_condition: input.declassifyCondition,
      marked_on: null,
      secrecy_until: null,
      classifier_id: input.classifierId,
      classifier_kind: classifierKind,
      origin: input.origin,
      source_item_id: input.sourceItemId ?? null,
      custodian_id: custodianId,
      department_id: departmentId,
      next_review_on: null,
      last_reviewed_on: null,
      declassified_on: null,
      declassify_reason: null,
      search_text: '',
      created_by: actor.id,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      version: 1,
    };
    row.search_text = searchTextOf(row);
    await trx.insertInto('secret_items').values(row).execute();
    await writeSearchTerms(trx, row);
    await writeAccessIndex(trx, row, input.scope);
    await addHistory(trx, {
      itemId: row.id,
      at: now.toISOString(),
      actorId: actor.id,
      event: 'proposed',
      details: { level: input.level },
    });
    await audit(
      trx,
      ctx,
      { ...rc, actor },
      {
        action: 'item.propose',
        targetType: 'secret_item',
        targetId: row.id,
        details: { number: row.number, level: input.level, category: input.category },
      },
    );
    const req = await submitRequest(
      trx,
      ctx,
      { ...rc, actor },
      {
        type: 'classification.classify',
        targetId: row.id,
        subjectId: null,
        levelRank: rankOf(input.level),
        reason: input.reason,
        payload: {},
      },
    );
    return { id: row.id, requestId: req.id };
  });
  return { item: await getItem(ctx, rc, result.id), requestId: result.requestId };
}

export interface UpdateItemInput {
  version: number;
  title?: string | undefined;
  content?: string | undefined;
  category?: ItemCategory | undefined;
  basis?: string | undefined;
  scope?: ScopeEntry[] | undefined;
}

export async function updateItem(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: UpdateItemInput,
): Promise<ItemDetail> {
  const { row, scope, actor } = await authorizeItem(ctx, rc, { id }, 'item.edit', 'item.update');
  // The checks below judge the item as read here: an edit made against another version is refused first.
  if (input.version !== row.version) throw staleVersion();
  if (input.scope) {
    const p = scopeProblem(row.level as Level, input.scope);
    if (p) throw problemError(p, 'scope');
  }
  const fields = EDITABLE_FIELDS.filter((k) => input[k] !== undefined && input[k] !== row[k]);
  const scopeMoves =
    input.scope !== undefined && Object.values(scopeDiff(scope, input.scope)).some((d) => d.length > 0);
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    if (row.status === 'proposed' && (fields.length > 0 || scopeMoves)) {
      // An edit changes what the approvers of the proposal decide on: their open pages go stale (409 on a
      // decision made from them). Moving the request's version first also waits for a decision being made
      // now, so "has an approver approved a step?" is answered after it.
      await touchPendingRequests(trx, itemTarget(id), 'classification.classify', now);
      const started = await approvalStarted(trx, itemTarget(id), 'classification.classify');
      const frozen =
        proposalEditProblem(stateOf(row).status, started, fields) ??
        (input.scope ? scopeEditProblem(stateOf(row), scope, input.scope, started) : null);
      if (frozen) throw problemError(frozen, frozen === 'scope_frozen_in_approval' ? 'scope' : fields[0]!);
    } else if (input.scope && row.status !== 'proposed') {
      const p = scopeEditProblem(stateOf(row), scope, input.scope, false);
      if (p) throw problemError(p, 'scope');
    }
    const set: Partial<ItemRow> = { updated_at: now };
    const changed: Record<string, unknown> = {};
    for (const k of fields) {
      const v = input[k]!;
      set[k] = v;
      // The content itself is classified: the trail records that it changed, not what it says.
      changed[k] = k === 'content' ? { changed: true } : { from: row[k], to: v };
    }
    const next = { ...row, ...set };
    const retitled = set.title !== undefined || set.basis !== undefined;
    if (retitled) set.search_text = searchTextOf(next);
    // The versioned update first: a concurrent edit fails here (409) before anything else is written.
    if (!(await updateItemVersioned(trx, id, input.version, set))) throw staleVersion();
    if (retitled) await writeSearchTerms(trx, next);
    if (input.scope) {
      await validateScope(trx, input.scope);
      const { added, removed } = scopeDiff(scope, input.scope);
      await assertAddedPeopleFit(trx, await getClassificationPolicy(ctx, trx), row.level as Level, added);
      if (added.length || removed.length) {
        await writeAccessIndex(trx, next, input.scope);
        changed.scope = { added, removed };
        // Widening the scope of a classified proposal (not in force yet) is watched by the confidentiality office.
        if (added.length && isClassified(row.level as Level)) {
          await notifyScopeWidened(trx, ctx, row, added.length);
        }
      }
    }
    await addHistory(trx, { itemId: id, at: now, actorId: actor.id, event: 'edited', details: { changed } });
    await audit(
      trx,
      ctx,
      { ...rc, actor },
      { action: 'item.update', targetType: 'secret_item', targetId: id, details: { changed } },
    );
  });
  return getItem(ctx, rc, id);
}
