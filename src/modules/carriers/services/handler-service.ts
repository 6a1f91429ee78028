import type { HandlerDuty } from '../../../kernel/carriers.js';
import { excludedFromContent } from '../../../kernel/roles.js';
import { authorize } from '../../../platform/authorize.js';
import { actorOf, audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { departmentPath } from '../../../platform/organisation.js';
import { findDepartmentById } from '../../identity/index.js';

/**
 * Designated handlers (指定人员, CAR-03): per department, who may produce, receive and dispatch, transmit, and carry
 * out carriers. The department head names them (or the security administrator); every assignment is audited and
 * shown with the department's ledger. The policy checks the duty on each action.
 */
const HANDLER_TARGET = 'department';

async function authorizeDepartment(
  ctx: AppContext,
  rc: RequestContext,
  departmentId: string,
  action: 'handler.assign' | 'handler.remove',
) {
  const exists = await findDepartmentById(ctx.db, departmentId);
  await authorize(
    ctx,
    rc,
    'carrier.manage_handlers',
    exists
      ? { kind: 'carrier_department', departmentId, departmentPath: await departmentPath(ctx.db, departmentId) }
      : { kind: 'carrier_department', departmentId, departmentPath: [] },
    { audit: { action, targetType: HANDLER_TARGET, targetId: departmentId } },
  );
  if (!exists) throw new AppError('not_found', 'No such department');
}

export async function listHandlers(ctx: AppContext, rc: RequestContext, departmentId: string | undefined) {
  await authorize(
    ctx,
    rc,
    'carrier.view_register',
    { kind: 'none' },
    {
      audit: { action: 'handler.assign', targetType: HANDLER_TARGET, targetId: departmentId ?? null },
    },
  );
  let q = ctx.db
    .selectFrom('carrier_handlers as h')
    .innerJoin('users as u', 'u.id', 'h.user_id')
    .leftJoin('users as b', 'b.id', 'h.assigned_by')
    .select([
      'h.department_id',
      'h.user_id',
      'h.duty',
      'h.assigned_at',
      'u.display_name',
      'b.display_name as assigned_by_name',
    ])
    .orderBy('h.department_id')
    .orderBy('u.display_name')
    .orderBy('h.duty');
  if (departmentId) q = q.where('h.department_id', '=', departmentId);
  const rows = await q.execute();
  return {
    items: rows.map((r) => ({
      departmentId: r.department_id,
      userId: r.user_id,
      displayName: r.display_name,
      duty: r.duty as HandlerDuty,
      assignedByName: r.assigned_by_name,
      assignedAt: r.assigned_at,
    })),
  };
}

export async function assignHandler(
  ctx: AppContext,
  rc: RequestContext,
  departmentId: string,
  input: { userId: string; duty: HandlerDuty },
) {
  await authorizeDepartment(ctx, rc, departmentId, 'handler.assign');
  const actor = actorOf(rc);
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const u = await trx
      .selectFrom('users')
      .select(['status', 'department_id', 'admin_role'])
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!u || u.status !== 'active' || excludedFromContent(u.admin_role))
      throw new AppError('validation_failed', 'A handler is an active person who may handle classified carriers', {
        field: 'userId',
        problem: 'handler_unknown',
      });
    // A handler works in the department (or one under it): a department does not name outsiders.
    if (!u.department_id || !(await departmentPath(trx, u.department_id)).includes(departmentId))
      throw new AppError('validation_failed', 'The person does not work in this department', {
        field: 'userId',
        problem: 'person_not_in_department',
      });
    const r = await trx
      .insertInto('carrier_handlers')
      .values({
        department_id: departmentId,
        user_id: input.userId,
        duty: input.duty,
        assigned_by: actor.id,
        assigned_at: now,
      })
      .onConflict((oc) => oc.columns(['department_id', 'user_id', 'duty']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1)
      throw new AppError('conflict', 'This person already has this duty here', { problem: 'handler_exists' });
    await audit(trx, ctx, rc, {
      action: 'handler.assign',
      targetType: HANDLER_TARGET,
      targetId: departmentId,
      details: { userId: input.userId, duty: input.duty },
    });
  });
  return listHandlers(ctx, rc, departmentId);
}

export async function removeHandler(
  ctx: AppContext,
  rc: RequestContext,
  departmentId: string,
  input: { userId: string; duty: HandlerDuty },
) {
  await authorizeDepartment(ctx, rc, departmentId, 'handler.remove');
  await tx(ctx, async (trx) => {
    const r = await trx
      .deleteFrom('carrier_handlers')
      .where('department_id', '=', departmentId)
      .where('user_id', '=', input.userId)
      .where('duty', '=', input.duty)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) throw new AppError('not_found', 'This person does not have this duty here');
    await audit(trx, ctx, rc, {
      action: 'handler.remove',
      targetType: HANDLER_TARGET,
      targetId: departmentId,
      details: { userId: input.userId, duty: input.duty },
    });
  });
  return listHandlers(ctx, rc, departmentId);
}

/** What the signed-in person is designated for, by department (the UI's register and movement buttons). */
export async function myDuties(ctx: AppContext, rc: RequestContext) {
  const actor = actorOf(rc);
  const rows = await ctx.db
    .selectFrom('carrier_handlers as h')
    .innerJoin('departments as d', 'd.id', 'h.department_id')
    .select(['h.department_id', 'd.name', 'h.duty'])
    .where('h.user_id', '=', actor.id)
    .orderBy('d.name')
    .execute();
  return {
    duties: rows.map((r) => ({ departmentId: r.department_id, departmentName: r.name, duty: r.duty as HandlerDuty })),
  };
}
