import type { z } from 'zod';
import type { Level } from '../../../kernel/levels.js';
import { endPendingRequests, pendingRequestOf } from '../../../platform/approvals/pending.js';
import type { RequestRow } from '../../../platform/approvals/request-types.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { staleVersion } from '../../../platform/errors.js';
import { notifyAboutCarrier } from './carrier-notices.js';
import { todayOf } from '../../../platform/organisation.js';
import type { extendLoanBody } from '../contracts/carriers.js';
import type { RequestSubmitted } from '../contracts/requests.js';
import { extensionProblem } from '../domain/movement-rules.js';
import { addEvent, updateCarrierVersioned } from '../repositories/carrier-repo.js';
import { authorizeCarrier, CARRIER_TARGET } from './carrier-access.js';
import { carrierSettings } from './carrier-settings.js';
import { carrierLink, conflict, invalid, lockCarrier, noSuchMovement } from './movement-support.js';
import { carrierForEffect, noLonger, payloadOf, submitCarrierRequest, submitted } from './request-effects.js';

/**
 * A longer loan (续借): the borrower asks, the custodian approves (and for 绝密 the department head too: the
 * engine's `carriers.loan_extend`). The new due date is later than the current one by at most one more loan
 * period of the carrier's level; one request at a time per carrier.
 */
type ExtensionPayload = { loanId: string; dueOn: string };

async function findLoan(q: Trx | AppContext['db'], carrierId: string, id: string) {
  return q
    .selectFrom('carrier_loans')
    .selectAll()
    .where('id', '=', id)
    .where('carrier_id', '=', carrierId)
    .executeTakeFirst();
}

export async function requestExtension(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  loanId: string,
  input: z.infer<typeof extendLoanBody>,
): Promise<RequestSubmitted> {
  const { row, actor } = await authorizeCarrier(ctx, rc, id, 'carrier.extend_loan', 'carrier.request_extension');
  if (input.version !== row.version) throw staleVersion();
  const loan = await findLoan(ctx.db, id, loanId);
  if (!loan) throw noSuchMovement();
  if (loan.status !== 'active') throw conflict('wrong_status', 'This loan has ended');
  const [settings, today] = await Promise.all([carrierSettings(ctx), todayOf(ctx)]);
  const problem = extensionProblem(today, loan.due_on, input.dueOn, row.level as Level, settings.loanDays);
  if (problem)
    throw invalid(
      'dueOn',
      problem,
      problem === 'due_in_past'
        ? 'The new due date has passed already'
        : problem === 'extension_not_later'
          ? 'The new due date must be later than the current one'
          : 'A loan is extended by at most one more loan period at a time',
    );
  const now = ctx.now().toISOString();
  return tx(ctx, async (trx) => {
    const fresh = await lockCarrier(trx, ctx, id, input.version);
    const current = await findLoan(trx, id, loanId);
    if (fresh.status !== 'on_loan' || current?.status !== 'active' || current.due_on !== loan.due_on)
      throw staleVersion();
    const pending = await pendingRequestOf(trx, { type: CARRIER_TARGET, id }, { types: ['carriers.loan_extend'] });
    if (pending)
      throw conflict('carrier_pending_request', `Request ${pending.number} for a longer loan is under way`, {
        number: pending.number,
      });
    const facts = { loanId, from: loan.due_on, dueOn: input.dueOn };
    await addEvent(trx, { carrierId: id, at: now, actorId: actor.id, event: 'extension_requested', details: facts });
    const req = await submitCarrierRequest(trx, ctx, rc, fresh, {
      type: 'carriers.loan_extend',
      reason: input.reason,
      payload: { loanId, dueOn: input.dueOn } satisfies ExtensionPayload,
    });
    await audit(trx, ctx, rc, {
      action: 'carrier.request_extension',
      targetType: CARRIER_TARGET,
      targetId: id,
      details: { ...facts, requestId: req.id, number: req.number },
    });
    return submitted(req);
  });
}

/** Approved: the active loan is due later; a loan returned meanwhile has nothing left to extend (409). */
export async function extensionApproved(trx: Trx, ctx: AppContext, rc: RequestContext, req: RequestRow): Promise<void> {
  const row = await carrierForEffect(trx, ctx, req);
  const p = payloadOf<ExtensionPayload>(req);
  const loan = await findLoan(trx, row.id, p.loanId);
  if (!loan || loan.status !== 'active')
    throw noLonger('The loan has ended: nothing is left to extend', 'wrong_status');
  if (p.dueOn <= loan.due_on) throw noLonger('The loan is already due by then', 'extension_not_later');
  const now = ctx.now().toISOString();
  await trx
    .updateTable('carrier_loans')
    .set({ due_on: p.dueOn, extensions: loan.extensions + 1, version: loan.version + 1 })
    .where('id', '=', loan.id)
    .execute();
  // The carrier's page shows the due date: pages opened before are stale.
  if (!(await updateCarrierVersioned(trx, row.id, row.version, { updated_at: now }))) throw staleVersion();
  const details = { loanId: loan.id, from: loan.due_on, dueOn: p.dueOn, extensions: loan.extensions + 1 };
  await addEvent(trx, {
    carrierId: row.id,
    at: now,
    actorId: rc.actor?.id ?? null,
    event: 'loan_extended',
    details: { ...details, requestId: req.id },
  });
  await notifyAboutCarrier(trx, ctx, [loan.borrower_id], row.id, {
    notice: 'loanExtended',
    params: { number: row.number, dueOn: p.dueOn },
    link: carrierLink(row.id),
  });
  await audit(trx, ctx, rc, {
    action: 'carrier.extend_loan',
    targetType: CARRIER_TARGET,
    targetId: row.id,
    details: { ...details, requestId: req.id },
  });
}

/**
 * For the return of a loan: a pending request to extend it has nothing left to decide, so it ends as expired
 * (its requester is told why, `loan_returned`) in the return's transaction. Call it first in that transaction,
 * before locking the carrier (the one lock order: requests, then their carrier); if the return then fails, the
 * requests stay pending with it.
 */
export async function endExtensionRequests(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  carrierId: string,
): Promise<void> {
  await endPendingRequests(
    trx,
    ctx,
    rc,
    { type: CARRIER_TARGET, id: carrierId },
    null,
    'loan_returned',
    (r) => (r as { type?: string }).type === 'carriers.loan_extend',
  );
}
