import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import { actorOf, audit, isSystem, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { FunctionalRole } from '../contracts/organisation.js';
import { functionalRoleDeleteProblem } from '../domain/organisation-roles.js';
import {
  assertActive,
  authorizeAssignee,
  bumpRole,
  loadFunctionalRoles,
  requireManage,
  usernameOf,
} from './organisation-service.js';

/**
 * The functional roles (财务主管, 行政办公室, ...) and their members: created, renamed and deleted by the security
 * administrator, members added and removed; each change under the role's version and audited in its transaction.
 */

async function loadRole(trx: Trx, code: string) {
  const role = await trx.selectFrom('functional_roles').selectAll().where('code', '=', code).executeTakeFirst();
  if (!role) throw notFound();
  return role;
}

/** Bumps the role's version when it still is `version` (every change of the role or its members does). */
async function oneRole(trx: Trx, code: string): Promise<FunctionalRole> {
  return (await loadFunctionalRoles(trx, code))[0]!;
}

export async function createFunctionalRole(
  ctx: AppContext,
  rc: RequestContext,
  input: { code: string; nameZh: string; nameEn: string },
): Promise<FunctionalRole> {
  await requireManage(ctx, rc, 'organisation.functional_role_create', 'functional_role', input.code);
  const now = ctx.now().toISOString();
  return tx(ctx, async (trx) => {
    const taken = await trx
      .selectFrom('functional_roles')
      .select('code')
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (taken) throw new AppError('conflict', `The role code ${input.code} is already used`, { field: 'code' });
    await trx
      .insertInto('functional_roles')
      .values({
        code: input.code,
        name_zh: input.nameZh,
        name_en: input.nameEn,
        built_in: 0,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    await audit(trx, ctx, rc, {
      action: 'organisation.functional_role_create',
      targetType: 'functional_role',
      targetId: input.code,
      details: { nameZh: input.nameZh, nameEn: input.nameEn },
    });
    return oneRole(trx, input.code);
  });
}

export async function updateFunctionalRole(
  ctx: AppContext,
  rc: RequestContext,
  code: string,
  input: { version: number; nameZh?: string | undefined; nameEn?: string | undefined },
): Promise<FunctionalRole> {
  await requireManage(ctx, rc, 'organisation.functional_role_update', 'functional_role', code);
  return tx(ctx, async (trx) => {
    const cur = await loadRole(trx, code);
    if (cur.version !== input.version) throw staleVersion();
    const next = { name_zh: input.nameZh ?? cur.name_zh, name_en: input.nameEn ?? cur.name_en };
    const r = await trx
      .updateTable('functional_roles')
      .set({ ...next, updated_at: ctx.now().toISOString(), version: cur.version + 1 })
      .where('code', '=', code)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    const changed: Record<string, { from: string; to: string }> = {};
    if (next.name_zh !== cur.name_zh) changed.nameZh = { from: cur.name_zh, to: next.name_zh };
    if (next.name_en !== cur.name_en) changed.nameEn = { from: cur.name_en, to: next.name_en };
    await audit(trx, ctx, rc, {
      action: 'organisation.functional_role_update',
      targetType: 'functional_role',
      targetId: code,
      details: { changed },
    });
    return oneRole(trx, code);
  });
}

/** Deletes a role the security administrator added, once it has no members; a built-in role is never deleted. */
export async function deleteFunctionalRole(
  ctx: AppContext,
  rc: RequestContext,
  code: string,
  version: number,
): Promise<void> {
  await requireManage(ctx, rc, 'organisation.functional_role_delete', 'functional_role', code);
  await tx(ctx, async (trx) => {
    const cur = await loadRole(trx, code);
    const members = await trx
      .selectFrom('functional_role_members')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('role_code', '=', code)
      .executeTakeFirstOrThrow();
    const problem = functionalRoleDeleteProblem({ builtIn: cur.built_in === 1, members: Number(members.n) });
    if (problem === 'built_in_role')
      throw new AppError('conflict', 'A built-in functional role cannot be deleted', { problem });
    if (problem === 'role_has_members')
      throw new AppError('conflict', 'Remove the members of the role before deleting it', {
        problem,
        members: Number(members.n),
      });
    if (cur.version !== version) throw staleVersion();
    const r = await trx
      .deleteFrom('functional_roles')
      .where('code', '=', code)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) throw staleVersion();
    await audit(trx, ctx, rc, {
      action: 'organisation.functional_role_delete',
      targetType: 'functional_role',
      targetId: code,
      details: { nameZh: cur.name_zh, nameEn: cur.name_en },
    });
  });
}

export async function addFunctionalRoleMember(
  ctx: AppContext,
  rc: RequestContext,
  code: string,
  input: { version: number; userId: string },
): Promise<FunctionalRole> {
  const event = {
    action: 'organisation.functional_role_member_add' as const,
    targetType: 'functional_role',
    targetId: code,
  };
  await requireManage(ctx, rc, event.action, event.targetType, code);
  await authorizeAssignee(ctx, rc, input.userId, event);
  return tx(ctx, async (trx) => {
    const cur = await loadRole(trx, code);
    if (cur.version !== input.version) throw staleVersion();
    const { username } = await assertActive(trx, input.userId);
    const already = await trx
      .selectFrom('functional_role_members')
      .select('user_id')
      .where('role_code', '=', code)
      .where('user_id', '=', input.userId)
      .executeTakeFirst();
    if (already) throw new AppError('conflict', 'This person already holds the role', { problem: 'already_member' });
    await bumpRole(trx, ctx, code, cur.version);
    await trx
      .insertInto('functional_role_members')
      .values({
        role_code: code,
        user_id: input.userId,
        assigned_at: ctx.now().toISOString(),
        assigned_by: isSystem(rc) ? null : actorOf(rc).id,
      })
      .execute();
    await audit(trx, ctx, rc, { ...event, details: { userId: input.userId, username } });
    return oneRole(trx, code);
  });
}

export async function removeFunctionalRoleMember(
  ctx: AppContext,
  rc: RequestContext,
  code: string,
  userId: string,
  version: number,
): Promise<FunctionalRole> {
  await requireManage(ctx, rc, 'organisation.functional_role_member_remove', 'functional_role', code);
  return tx(ctx, async (trx) => {
    const cur = await loadRole(trx, code);
    if (cur.version !== version) throw staleVersion();
    await bumpRole(trx, ctx, code, cur.version);
    const r = await trx
      .deleteFrom('functional_role_members')
      .where('role_code', '=', code)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1)
      throw new AppError('conflict', 'This person does not hold the role', { problem: 'not_member' });
    await audit(trx, ctx, rc, {
      action: 'organisation.functional_role_member_remove',
      targetType: 'functional_role',
      targetId: code,
      details: { userId, username: await usernameOf(trx, userId) },
    });
    return oneRole(trx, code);
  });
}
