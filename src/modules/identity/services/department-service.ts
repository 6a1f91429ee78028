import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { authorize } from '../../../platform/authorize.js';
import type { Department } from '../contracts/directory.js';
import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import { notifyUsers, usersWithAdminRole } from '../../../platform/notifications/notification-service.js';
import { peopleMoved } from '../../../platform/notifications/people-moved.js';
import { audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { DepartmentTable } from '../schema.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';

function toDto(d: DepartmentTable): Department {
  return {
    id: d.id,
    parentId: d.parent_id,
    name: d.name,
    code: d.code,
    sortOrder: d.sort_order,
    version: d.version,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  };
}

/** Refuses (audited, 403) whoever the policy does not let manage departments. */
const requireManage = (ctx: AppContext, rc: RequestContext, action: AuditAction, targetId: string | null) =>
  authorize(ctx, rc, 'department.manage', { kind: 'none' }, { audit: { action, targetType: 'department', targetId } });

export async function listDepartments(ctx: AppContext, rc: RequestContext): Promise<Department[]> {
  await authorize(
    ctx,
    rc,
    'department.view',
    { kind: 'none' },
    {
      audit: { action: 'department.view', targetType: 'department', targetId: null },
      allowSystem: true,
    },
  );
  const rows = await ctx.db.selectFrom('departments').selectAll().orderBy('sort_order').orderBy('name').execute();
  return rows.map(toDto);
}

/** Refuses a parent that would put the department under itself (a cycle in the tree). */
async function assertNoCycle(trx: Trx, id: string, parentId: string | null): Promise<void> {
  let cur = parentId;
  for (let depth = 0; cur; depth++) {
    if (cur === id || depth > 1000)
      throw new AppError('conflict', 'A department cannot be moved under itself or its own sub-department');
    const p = await trx.selectFrom('departments').select('parent_id').where('id', '=', cur).executeTakeFirst();
    cur = p?.parent_id ?? null;
  }
}

async function assertParentExists(trx: Trx, parentId: string | null): Promise<void> {
  if (!parentId) return;
  const p = await trx.selectFrom('departments').select('id').where('id', '=', parentId).executeTakeFirst();
  if (!p) throw new AppError('validation_failed', 'The parent department does not exist', { field: 'parentId' });
}

async function assertCodeFree(trx: Trx, code: string | null | undefined, exceptId?: string): Promise<void> {
  if (!code) return;
  let q = trx.selectFrom('departments').select('id').where('code', '=', code);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst())
    throw new AppError('conflict', `The department code ${code} is already used`, { field: 'code' });
}

export async function createDepartment(
  ctx: AppContext,
  rc: RequestContext,
  input: { name: string; parentId: string | null; code?: string | null | undefined; sortOrder?: number | undefined },
): Promise<Department> {
  await requireManage(ctx, rc, 'department.create', null);
  const now = ctx.now().toISOString();
  return tx(ctx, async (trx) => {
    await assertParentExists(trx, input.parentId);
    await assertCodeFree(trx, input.code);
    const row: DepartmentTable = {
      id: newId(),
      parent_id: input.parentId,
      name: input.name,
      code: input.code ?? null,
      sort_order: input.sortOrder ?? 0,
      leader_in_charge_id: null,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('departments').values(row).execute();
    await audit(trx, ctx, rc, {
      action: 'department.create',
      targetType: 'department',
      targetId: row.id,
      details: { name: row.name, parentId: row.parent_id },
    });
    return toDto(row);
  });
}

export async function updateDepartment(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: {
    version: number;
    name?: string | undefined;
    parentId?: string | null | undefined;
    code?: string | null | undefined;
    sortOrder?: number | undefined;
  },
): Promise<Department> {
  await requireManage(ctx, rc, 'department.update', id);
  const now = ctx.now().toISOString();
  return tx(ctx, async (trx) => {
    const cur = await trx.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!cur) throw notFound();
    if (cur.version !== input.version) throw staleVersion();
    if (input.parentId !== undefined) {
      await assertParentExists(trx, input.parentId);
      await assertNoCycle(trx, id, input.parentId);
    }
    if (input.code !== undefined) await assertCodeFree(trx, input.code, id);
    const next: DepartmentTable = {
      ...cur,
      name: input.name ?? cur.name,
      parent_id: input.parentId !== undefined ? input.parentId : cur.parent_id,
      code: input.code !== undefined ? input.code : cur.code,
      sort_order: input.sortOrder ?? cur.sort_order,
      updated_at: now,
      version: cur.version + 1,
    };
    const r = await trx
      .updateTable('departments')
      .set({
        name: next.name,
        parent_id: next.parent_id,
        code: next.code,
        sort_order: next.sort_order,
        updated_at: now,
        version: next.version,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    const changed: Record<string, unknown> = {};
    for (const k of ['name', 'parent_id', 'code', 'sort_order'] as const)
      if (cur[k] !== next[k]) changed[k] = { from: cur[k], to: next[k] };
    // A department that moves takes its people in and out of the department scopes above it: the security
    // administrator hears of it, as of a cleared person's move (user-service).
    if (changed.parent_id) {
      await notifyUsers(trx, ctx, await usersWithAdminRole(trx, ['secadmin']), {
        notice: 'departmentMoved',
        params: { name: next.name },
        link: '/departments',
      });
      // Letters scoped to the departments above it now reach (or no longer reach) its people.
      await peopleMoved(trx, ctx, null);
    }
    await audit(trx, ctx, rc, {
      action: 'department.update',
      targetType: 'department',
      targetId: id,
      details: { changed },
    });
    return toDto(next);
  });
}

export async function deleteDepartment(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  version: number,
): Promise<void> {
  await requireManage(ctx, rc, 'department.delete', id);
  await tx(ctx, async (trx) => {
    const cur = await trx.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!cur) throw notFound();
    if (cur.version !== version) throw staleVersion();
    const child = await trx.selectFrom('departments').select('id').where('parent_id', '=', id).executeTakeFirst();
    if (child) throw new AppError('conflict', 'Move or delete the sub-departments first');
    const member = await trx.selectFrom('users').select('id').where('department_id', '=', id).executeTakeFirst();
    if (member) throw new AppError('conflict', "Move the department's people to another department first");
    await trx.deleteFrom('departments').where('id', '=', id).where('version', '=', version).execute();
    await audit(trx, ctx, rc, {
      action: 'department.delete',
      targetType: 'department',
      targetId: id,
      details: { name: cur.name },
    });
  });
}
