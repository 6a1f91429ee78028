import type { AdminRole } from '../../../kernel/roles.js';
import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { authorize } from '../../../platform/authorize.js';
import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import { actorOf, audit, isSystem, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { Db } from '../../../platform/db/database.js';
import type { DepartmentRoles, FunctionalRole, OrganisationRoles, RolePerson } from '../contracts/organisation.js';
import type { UserStatus } from '../../../kernel/roles.js';
import {
  generalManagerSetting,
  GENERAL_MANAGER_KEY,
  readGeneralManagerSetting,
} from '../repositories/organisation-repo.js';

/**
 * The organisation's roles: the leader in charge of each department (主管领导), the general manager (总经理) and
 * the functional roles (财务主管, 行政办公室, 信息化负责人, 档案管理员, ...) with their members. Everyone signed
 * in reads them (approval pages show who holds them); the security administrator changes them
 * (`organisation.manage_roles`), each change under optimistic locking and audited in its transaction. Only
 * active people are given a role, and departure takes every role away (`releaseOrganisationRoles`).
 */

type Q = Db | Trx;

interface PersonRow {
  id: string;
  username: string;
  display_name: string;
  department_name: string | null;
  status: string;
}

const toPerson = (u: PersonRow): RolePerson => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  departmentName: u.department_name,
  status: u.status as UserStatus,
});

/** People by id, with their department's name. */
async function peopleById(q: Q, ids: readonly string[]): Promise<Map<string, RolePerson>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await q
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.status', 'departments.name as department_name'])
    .where('users.id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, toPerson(r)]));
}

/** The active heads of each department: the people holding the `dept_head` business role there. */
async function headsByDepartment(q: Q): Promise<Map<string, RolePerson[]>> {
  const rows = await q
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.status',
      'users.business_roles',
      'users.department_id',
      'departments.name as department_name',
    ])
    .where('users.status', '=', 'active')
    .where('users.business_roles', 'like', '%"dept_head"%')
    .orderBy('users.username')
    .execute();
  const out = new Map<string, RolePerson[]>();
  for (const r of rows) {
    if (!r.department_id || !(JSON.parse(r.business_roles) as string[]).includes('dept_head')) continue;
    out.set(r.department_id, [...(out.get(r.department_id) ?? []), toPerson(r)]);
  }
  return out;
}

export async function loadFunctionalRoles(q: Q, code?: string): Promise<FunctionalRole[]> {
  let roles = q.selectFrom('functional_roles').selectAll().orderBy('built_in', 'desc').orderBy('code');
  if (code) roles = roles.where('code', '=', code);
  let members = q
    .selectFrom('functional_role_members')
    .innerJoin('users', 'users.id', 'functional_role_members.user_id')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select([
      'functional_role_members.role_code',
      'functional_role_members.assigned_at',
      'users.id',
      'users.username',
      'users.display_name',
      'users.status',
      'departments.name as department_name',
    ])
    .orderBy('users.username');
  if (code) members = members.where('functional_role_members.role_code', '=', code);
  const [roleRows, memberRows] = await Promise.all([roles.execute(), members.execute()]);
  return roleRows.map((r) => ({
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    builtIn: r.built_in === 1,
    version: r.version,
    members: memberRows
      .filter((m) => m.role_code === r.code)
      .map((m) => ({ ...toPerson(m), assignedAt: m.assigned_at })),
  }));
}

async function loadDepartments(q: Q, id?: string): Promise<DepartmentRoles[]> {
  let query = q
    .selectFrom('departments')
    .select(['id', 'name', 'parent_id', 'version', 'leader_in_charge_id'])
    .orderBy('sort_order')
    .orderBy('name');
  if (id) query = query.where('id', '=', id);
  const rows = await query.execute();
  const [leaders, heads] = await Promise.all([
    peopleById(
      q,
      rows.flatMap((r) => (r.leader_in_charge_id ? [r.leader_in_charge_id] : [])),
    ),
    headsByDepartment(q),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    parentId: r.parent_id,
    version: r.version,
    leaderInCharge: r.leader_in_charge_id ? (leaders.get(r.leader_in_charge_id) ?? null) : null,
    heads: heads.get(r.id) ?? [],
  }));
}

async function loadGeneralManager(q: Q): Promise<{ generalManager: RolePerson | null; version: number }> {
  const { value, version } = await readGeneralManagerSetting(q);
  const person = value.userId ? ((await peopleById(q, [value.userId])).get(value.userId) ?? null) : null;
  return { generalManager: person, version };
}

export async function getOrganisationRoles(ctx: AppContext, rc: RequestContext): Promise<OrganisationRoles> {
  await authorize(
    ctx,
    rc,
    'organisation.view_roles',
    { kind: 'none' },
    {
      audit: { action: 'organisation.view_roles', targetType: 'organisation', targetId: null },
      hideExistence: true,
      allowSystem: true,
    },
  );
  const [{ generalManager, version }, departments, roles] = await Promise.all([
    loadGeneralManager(ctx.db),
    loadDepartments(ctx.db),
    loadFunctionalRoles(ctx.db),
  ]);
  return { generalManager, generalManagerVersion: version, departments, functionalRoles: roles };
}

/** Refuses (audited, 403) whoever may not change the organisation's roles. */
export const requireManage = (
  ctx: AppContext,
  rc: RequestContext,
  action: AuditAction,
  targetType: string,
  targetId: string | null,
) => authorize(ctx, rc, 'organisation.manage_roles', { kind: 'none' }, { audit: { action, targetType, targetId } });

/**
 * Refuses (audited, 403) giving `userId` a role: the policy's rules on the person (not oneself, not an account
 * holding an admin role); 400 when there is no such person. Whether they are active is checked again in the
 * change's transaction (`assertActive`).
 */
export async function authorizeAssignee(
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
  event: { action: AuditAction; targetType: string; targetId: string | null },
): Promise<void> {
  const u = await ctx.db.selectFrom('users').select(['id', 'admin_role']).where('id', '=', userId).executeTakeFirst();
  if (!u) throw new AppError('validation_failed', 'There is no such person', { field: 'userId' });
  const self = !isSystem(rc) && actorOf(rc).id === userId;
  await authorize(
    ctx,
    rc,
    'organisation.manage_roles',
    { kind: 'user', id: userId, adminRole: u.admin_role as AdminRole | null },
    {
      audit: { ...event, details: { userId, reason: self ? 'self' : 'admin_account' } },
      allowSystem: true,
      message: (why) =>
        why === 'self'
          ? 'You cannot give yourself an organisation role'
          : 'An account holding an admin role cannot hold an organisation role',
    },
  );
}

/** The person must be active when given a role (checked in the transaction that gives it). */
export async function assertActive(trx: Trx, userId: string): Promise<{ username: string }> {
  const u = await trx.selectFrom('users').select(['status', 'username']).where('id', '=', userId).executeTakeFirst();
  if (!u) throw new AppError('validation_failed', 'There is no such person', { field: 'userId' });
  if (u.status !== 'active')
    throw new AppError('conflict', 'Only an active person can hold an organisation role', {
      problem: 'person_not_active',
      field: 'userId',
    });
  return { username: u.username };
}

export async function usernameOf(q: Q, id: string | null): Promise<string | null> {
  if (!id) return null;
  const u = await q.selectFrom('users').select('username').where('id', '=', id).executeTakeFirst();
  return u?.username ?? null;
}

/** Sets (or clears, `userId` null) the leader in charge of a department. */
export async function setLeaderInCharge(
  ctx: AppContext,
  rc: RequestContext,
  departmentId: string,
  input: { version: number; userId: string | null },
): Promise<DepartmentRoles> {
  const event = {
    action: 'organisation.leader_in_charge_set' as const,
    targetType: 'department',
    targetId: departmentId,
  };
  await requireManage(ctx, rc, event.action, event.targetType, departmentId);
  if (input.userId) await authorizeAssignee(ctx, rc, input.userId, event);
  return tx(ctx, async (trx) => {
    const cur = await trx
      .selectFrom('departments')
      .select(['id', 'name', 'version', 'leader_in_charge_id'])
      .where('id', '=', departmentId)
      .executeTakeFirst();
    if (!cur) throw notFound();
    if (cur.version !== input.version) throw staleVersion();
    const to = input.userId ? await assertActive(trx, input.userId) : null;
    const r = await trx
      .updateTable('departments')
      .set({ leader_in_charge_id: input.userId, updated_at: ctx.now().toISOString(), version: cur.version + 1 })
      .where('id', '=', departmentId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    await audit(trx, ctx, rc, {
      ...event,
      details: {
        department: cur.name,
        from: cur.leader_in_charge_id,
        fromUsername: await usernameOf(trx, cur.leader_in_charge_id),
        to: input.userId,
        toUsername: to?.username ?? null,
      },
    });
    return (await loadDepartments(trx, departmentId))[0]!;
  });
}

/** Sets (or clears) the general manager: the organisation setting `general_manager` (version 0 while never saved). */
export async function setGeneralManager(
  ctx: AppContext,
  rc: RequestContext,
  input: { version: number; userId: string | null },
): Promise<{ generalManager: RolePerson | null; version: number }> {
  const event = {
    action: 'organisation.general_manager_set' as const,
    targetType: 'settings',
    targetId: GENERAL_MANAGER_KEY,
  };
  await requireManage(ctx, rc, event.action, event.targetType, event.targetId);
  if (input.userId) await authorizeAssignee(ctx, rc, input.userId, event);
  const result = await tx(ctx, async (trx) => {
    const to = input.userId ? await assertActive(trx, input.userId) : null;
    const { before } = await generalManagerSetting.save(trx, ctx, input.version, { userId: input.userId });
    await audit(trx, ctx, rc, {
      ...event,
      details: {
        from: before.userId,
        fromUsername: await usernameOf(trx, before.userId),
        to: input.userId,
        toUsername: to?.username ?? null,
      },
    });
    return loadGeneralManager(trx);
  });
  generalManagerSetting.invalidate(ctx);
  return result;
}

/** Moves a functional role's version (a member added or removed changes the role). */
export async function bumpRole(trx: Trx, ctx: AppContext, code: string, version: number): Promise<void> {
  const r = await trx
    .updateTable('functional_roles')
    .set({ version: version + 1, updated_at: ctx.now().toISOString() })
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
}

/**
 * Departure (inside its transaction): the person leaves every functional role, and stops being leader in
 * charge of any department and general manager; each change audited as the departure's, with the reason.
 */
export async function releaseOrganisationRoles(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
  username: string,
): Promise<void> {
  const now = ctx.now().toISOString();
  const reason = 'departed';
  const memberships = await trx
    .selectFrom('functional_role_members')
    .innerJoin('functional_roles', 'functional_roles.code', 'functional_role_members.role_code')
    .select(['functional_roles.code', 'functional_roles.version'])
    .where('functional_role_members.user_id', '=', userId)
    .orderBy('functional_roles.code')
    .execute();
  for (const m of memberships) {
    await bumpRole(trx, ctx, m.code, m.version);
    await trx
      .deleteFrom('functional_role_members')
      .where('role_code', '=', m.code)
      .where('user_id', '=', userId)
      .execute();
    await audit(trx, ctx, rc, {
      action: 'organisation.functional_role_member_remove',
      targetType: 'functional_role',
      targetId: m.code,
      details: { userId, username, reason },
    });
  }
  const led = await trx
    .selectFrom('departments')
    .select(['id', 'name', 'version'])
    .where('leader_in_charge_id', '=', userId)
    .orderBy('id')
    .execute();
  for (const d of led) {
    const r = await trx
      .updateTable('departments')
      .set({ leader_in_charge_id: null, updated_at: now, version: d.version + 1 })
      .where('id', '=', d.id)
      .where('version', '=', d.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    await audit(trx, ctx, rc, {
      action: 'organisation.leader_in_charge_set',
      targetType: 'department',
      targetId: d.id,
      details: { department: d.name, from: userId, fromUsername: username, to: null, toUsername: null, reason },
    });
  }
  const gm = await readGeneralManagerSetting(trx);
  if (gm.value.userId === userId) {
    await generalManagerSetting.save(trx, ctx, gm.version, { userId: null });
    generalManagerSetting.invalidate(ctx);
    await audit(trx, ctx, rc, {
      action: 'organisation.general_manager_set',
      targetType: 'settings',
      targetId: GENERAL_MANAGER_KEY,
      details: { from: userId, fromUsername: username, to: null, toUsername: null, reason },
    });
  }
}
