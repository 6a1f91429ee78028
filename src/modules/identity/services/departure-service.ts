import type { AdminRole } from '../../../kernel/roles.js';
import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { authorize } from '../../../platform/authorize.js';
import { tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { departureOf, holdingsOf } from '../../../platform/departure.js';
import { AppError, notFound } from '../../../platform/errors.js';
import type { Action } from '../../../policy/index.js';
import type { HandOverInput, Holdings } from '../contracts/departure.js';
import { findUserById } from '../repositories/user-repo.js';
import { settleDeparture } from './notice-tasks.js';

/**
 * Departure (离岗离职) as the organisation runs it: the system administrator sees what a person holds before
 * recording the departure (`departUser`), and the security administrator hands it over to colleagues. What
 * each module holds, and how each holding is handed over, is the module's (its `DepartureContract`): this
 * use case only finds the person, asks the policy, and passes the request on.
 */
async function authorizeOnPerson(
  ctx: AppContext,
  rc: RequestContext,
  action: Action & AuditAction,
  id: string,
  hideExistence: boolean,
): Promise<void> {
  const target = await findUserById(ctx.db, id);
  if (!target) throw notFound();
  await authorize(
    ctx,
    rc,
    action,
    { kind: 'user', id, adminRole: target.admin_role as AdminRole | null },
    { audit: { action, targetType: 'user', targetId: id }, hideExistence },
  );
}

/** Everything the person holds now, as the API shows it. */
async function holdingsNow(ctx: AppContext, userId: string): Promise<Holdings> {
  const modules = await holdingsOf(ctx, ctx.db, userId);
  return {
    modules: modules.map(({ module, holdings }) => ({
      module,
      holdings: holdings.map((h) => ({
        id: h.id,
        kind: h.kind,
        reference: h.reference,
        level: h.level,
        blocking: h.blocking,
        transferable: h.transferable ?? true,
      })),
    })),
  };
}

/** What `userId` holds, by module (modules holding nothing are left out): references and levels only. */
export async function getHoldings(ctx: AppContext, rc: RequestContext, userId: string): Promise<Holdings> {
  // Whether someone keeps secret items is itself sensitive: to whoever may not ask, there is nothing to find.
  await authorizeOnPerson(ctx, rc, 'user.view_holdings', userId, true);
  return holdingsNow(ctx, userId);
}

/**
 * Hands some of a person's holdings in one module to an active colleague; answers what the person holds
 * afterwards. The module authorises and audits each holding as its own use case (a custody transfer...) and
 * refuses holdings that are not the person's: its errors pass through, and holdings handed over before a
 * refusal stay handed over (ADR 0019).
 */
export async function handOver(
  ctx: AppContext,
  rc: RequestContext,
  fromId: string,
  input: HandOverInput,
): Promise<Holdings> {
  await authorizeOnPerson(ctx, rc, 'user.hand_over', fromId, false);
  const contract = departureOf(input.module);
  if (!contract)
    throw new AppError('validation_failed', `No module ${input.module} holds anything to hand over`, {
      field: 'module',
    });
  if (input.toId === fromId)
    throw new AppError('validation_failed', 'Holdings are handed to someone else', { field: 'toId' });
  const to = await findUserById(ctx.db, input.toId);
  if (!to) throw new AppError('validation_failed', 'There is no such person', { field: 'toId' });
  if (to.status !== 'active')
    throw new AppError('validation_failed', 'Holdings are handed to an active person only', {
      field: 'toId',
      problem: 'person_not_active',
    });
  await contract.handOver(ctx, rc, fromId, input.toId, input.holdingIds);
  // The last holding handed over settles the office's 「人员离岗」 to-do (each hand-over committed on its own).
  await tx(ctx, (trx) => settleDeparture(trx, ctx, fromId));
  return holdingsNow(ctx, fromId);
}
