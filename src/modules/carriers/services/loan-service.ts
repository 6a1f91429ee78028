import type { z } from 'zod';
import type { Level } from '../../../kernel/levels.js';
import { audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { staleVersion } from '../../../platform/errors.js';
import { todayOf } from '../../../platform/organisation.js';
import { resolveTaskNotices, usersWithAdminRole } from '../../../platform/notifications/notification-service.js';
import { discrepancyTask, notifyAboutCarrier } from './carrier-notices.js';
import { loanTask } from './return-tasks.js';
import type { CarrierDetail, lendBody, returnBody } from '../contracts/carriers.js';
import { isOverdue, loanDueProblem, returnDiffers, returnProblem } from '../domain/movement-rules.js';
import { addEvent, refreshCarrierAccess, updateCarrierVersioned } from '../repositories/carrier-repo.js';
import { CARRIER_TARGET } from './carrier-access.js';
import { getCarrier } from './carrier-read.js';
import { carrierSettings } from './carrier-settings.js';
import { endExtensionRequests } from './loan-extension-service.js';
import {
  assertCarrierFree,
  authorizeMovement,
  carrierLink,
  invalid,
  lockCarrier,
  assertMayKnow,
  movementPerson,
  noSuchMovement,
} from './movement-support.js';

/**
 * Lending and returning (借阅, CAR-13, CAR-11). A carrier is lent only to someone who may already know it: the
 * loan never widens who knows a carrier (a linked secret item's access goes through the catalogue's access
 * request, anything else through the leader's permission to show it outside the scope). The due date follows
 * the policy (14 / 7 / 3 days for 秘密 / 机密 / 绝密 by default, calendar dates in the organisation's zone); the
 * return is counted against the register, and a return that does not match is recorded with what is missing and
 * told to the security office.
 */
export async function lendCarrier(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: z.infer<typeof lendBody>,
): Promise<CarrierDetail> {
  const { row, actor } = await authorizeMovement(ctx, rc, id, input.version, 'carrier.lend', 'carrier.lend');
  if (input.borrowerId === row.custodian_id)
    throw invalid('borrowerId', 'recipient_is_custodian', 'The custodian keeps the carrier already');
  const [settings, today] = await Promise.all([carrierSettings(ctx), todayOf(ctx)]);
  const due = loanDueProblem(today, input.dueOn, row.level as Level, settings.loanDays);
  if (due.problem)
    throw invalid(
      'dueOn',
      due.problem,
      due.problem === 'due_in_past' ? 'The due date is in the past' : 'The due date is later than the policy allows',
    );
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const fresh = await lockCarrier(trx, ctx, id, input.version);
    await assertCarrierFree(trx, id);
    const { actor: borrower, user } = await movementPerson(ctx, trx, input.borrowerId, fresh, 'borrowerId');
    await assertMayKnow(ctx, trx, fresh, borrower, 'borrower');
    if (!(await updateCarrierVersioned(trx, id, input.version, { status: 'on_loan', updated_at: now })))
      throw staleVersion();
    const loanId = newId();
    await trx
      .insertInto('carrier_loans')
      .values({
        id: loanId,
        carrier_id: id,
        borrower_id: borrower.id,
        lent_by: actor.id,
        lent_at: now,
        due_on: due.dueOn,
        extensions: 0,
        status: 'active',
        returned_at: null,
        received_by: null,
        return_note: null,
        version: 1,
      })
      .execute();
    // The borrower holds it now: the access index names them.
    await refreshCarrierAccess(trx, id);
    const details = { loanId, borrowerId: borrower.id, dueOn: due.dueOn };
    await addEvent(trx, {
      carrierId: id,
      at: now,
      actorId: actor.id,
      event: 'lent',
      details: { ...details, borrowerName: user.display_name },
    });
    await audit(trx, ctx, rc, { action: 'carrier.lend', targetType: CARRIER_TARGET, targetId: id, details });
    await notifyAboutCarrier(trx, ctx, [borrower.id], id, {
      notice: 'carrierLent',
      params: { number: fresh.number, dueOn: due.dueOn },
      link: carrierLink(id),
    });
  });
  return getCarrier(ctx, rc, id);
}

/**
 * The custodian (or the department's officer) takes the carrier back and counts it: pages and quantity must be
 * those registered, unless the receiver notes what is missing or damaged, which the security office is told of.
 */
export async function returnCarrier(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  loanId: string,
  input: z.infer<typeof returnBody>,
): Promise<CarrierDetail> {
  const { row, movements, actor } = await authorizeMovement(
    ctx,
    rc,
    id,
    input.version,
    'carrier.return',
    'carrier.return',
  );
  const loan = movements.loan;
  if (!loan || loan.id !== loanId) throw noSuchMovement();
  const registered = { pages: row.pages, quantity: row.quantity };
  const counted = { pages: input.pages, quantity: input.quantity };
  const problem = returnProblem(registered, counted, input.note);
  if (problem)
    throw invalid(
      problem === 'pages_mismatch' ? 'pages' : 'quantity',
      problem,
      'The count does not match the register: note what is missing or damaged',
    );
  const differs = returnDiffers(registered, counted);
  const late = isOverdue(loan.due_on, await todayOf(ctx));
  const note = input.note?.trim() || null;
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    // Requests before the carrier (the one lock order): a longer loan asked for a returned loan has nothing left to
    // extend, so it ends with the return.
    await endExtensionRequests(trx, ctx, rc, id);
    const fresh = await lockCarrier(trx, ctx, id, input.version);
    if (!(await updateCarrierVersioned(trx, id, input.version, { status: 'in_store', updated_at: now })))
      throw staleVersion();
    const r = await trx
      .updateTable('carrier_loans')
      .set({
        status: 'returned',
        returned_at: now,
        received_by: actor.id,
        return_note: note,
        version: loan.version + 1,
      })
      .where('id', '=', loan.id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    await resolveTaskNotices(trx, loanTask(loan.id), now);
    // Back in its location: the borrower holds it no more.
    await refreshCarrierAccess(trx, id);
    const details = { loanId: loan.id, borrowerId: loan.borrower_id, late, differs, ...(note ? { note } : {}) };
    // The history says who brought it back and what was counted (its readers may not look people up).
    const borrower = await trx
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', loan.borrower_id)
      .executeTakeFirst();
    await addEvent(trx, {
      carrierId: id,
      at: now,
      actorId: actor.id,
      event: 'returned',
      details: { ...details, borrowerName: borrower?.display_name ?? null, ...counted },
    });
    await audit(trx, ctx, rc, { action: 'carrier.return', targetType: CARRIER_TARGET, targetId: id, details });
    if (differs)
      await notifyAboutCarrier(trx, ctx, await usersWithAdminRole(trx, ['secadmin']), id, {
        notice: 'returnDiscrepancy',
        params: { number: fresh.number },
        link: carrierLink(id),
        taskKey: discrepancyTask(id),
      });
  });
  return getCarrier(ctx, rc, id);
}
