import { userFieldAccess } from '../../../policy/index.js';
import { accountAbilities } from './directory-abilities.js';
import { authorize } from '../../../platform/authorize.js';
import { offsetOf } from '../../../kernel/pagination.js';
import type { DirectoryEntry, User } from '../contracts/directory.js';
import { forbidden, notFound } from '../../../platform/errors.js';
import { actorOf, auditAlone, isSystem, type AppContext, type RequestContext } from '../../../platform/context.js';
import { findUserWithDepartment, nameContains, toUserDto } from '../repositories/user-repo.js';

/**
 * Reading the directory: who may look people up, which fields each reader sees (the policy's
 * `userFieldAccess`), lists and single entries, and the role summary. Changes are in user-service.ts.
 */

const SORT_COLUMNS = {
  username: 'users.username',
  displayName: 'users.display_name',
  createdAt: 'users.created_at',
  status: 'users.status',
} as const;

export interface UserListQuery {
  page: number;
  pageSize: number;
  sort: keyof typeof SORT_COLUMNS;
  order: 'asc' | 'desc';
  q?: string | undefined;
  departmentId?: string | undefined;
  status?: string | undefined;
}

/** The entry as `rc` may read it (policy `userFieldAccess`); the system and the local operator read all. */
export function userViewFor(rc: RequestContext, u: User): DirectoryEntry {
  if (isSystem(rc)) return u;
  const actor = actorOf(rc);
  const see = userFieldAccess(actor, u.id);
  const abilities = accountAbilities(actor, u);
  const {
    email,
    mfaEnabled,
    locked,
    mustChangePassword,
    createdAt,
    updatedAt,
    clearanceClass,
    adminRole,
    separationUntil,
    hiredOn,
    computerUser,
    businessRoles,
    version,
    ...directory
  } = u;
  return {
    ...directory,
    ...(see.account ? { email, mfaEnabled, locked, mustChangePassword, createdAt, updatedAt } : {}),
    // The start date and computer use: the account administrator keeps them, the security office's training reads them.
    ...(see.account || see.security ? { separationUntil, hiredOn, computerUser } : {}),
    ...(see.security ? { clearanceClass } : {}),
    ...(see.roles ? { adminRole, businessRoles, version } : {}),
    abilities,
  };
}

/** Refuses (audited, 403) an actor the policy does not let look up the directory. */
const requireDirectory = (ctx: AppContext, rc: RequestContext, targetId: string | null) =>
  authorize(
    ctx,
    rc,
    'user.view',
    { kind: 'none' },
    { audit: { action: 'user.view', targetType: 'user', targetId }, allowSystem: true },
  );

export async function listUsers(ctx: AppContext, rc: RequestContext, query: UserListQuery) {
  await requireDirectory(ctx, rc, null);
  // Sorting by a field one may not read would still tell its order.
  if (query.sort === 'createdAt' && !isSystem(rc) && !userFieldAccess(actorOf(rc), '').account) {
    await auditAlone(ctx, rc, {
      action: 'user.view',
      targetType: 'user',
      result: 'denied',
      details: { sort: 'createdAt' },
    });
    throw forbidden('Only the system administrator sorts people by when their account was made');
  }
  let base = ctx.db.selectFrom('users').leftJoin('departments', 'departments.id', 'users.department_id');
  if (query.q) base = base.where(nameContains(query.q));
  if (query.departmentId) base = base.where('users.department_id', '=', query.departmentId);
  if (query.status) base = base.where('users.status', '=', query.status);
  const [rows, total] = await Promise.all([
    base
      .selectAll('users')
      .select('departments.name as department_name')
      .orderBy(SORT_COLUMNS[query.sort], query.order)
      .orderBy('users.id')
      .limit(query.pageSize)
      .offset(offsetOf(query.page, query.pageSize))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const now = ctx.now();
  return {
    items: rows.map((r) => userViewFor(rc, toUserDto(r, now))),
    total: Number(total.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The whole entry: for the service itself and for a person reading their own (answers to others go through `userViewFor`). */
export async function loadUser(ctx: AppContext, id: string): Promise<User> {
  const u = await findUserWithDepartment(ctx.db, id);
  if (!u) throw notFound();
  return toUserDto(u, ctx.now());
}

export async function getUser(ctx: AppContext, rc: RequestContext, id: string): Promise<DirectoryEntry> {
  await requireDirectory(ctx, rc, id);
  return userViewFor(rc, await loadUser(ctx, id));
}

export async function roleSummary(ctx: AppContext, rc: RequestContext) {
  await requireDirectory(ctx, rc, null);
  const admins = await ctx.db
    .selectFrom('users')
    .select(['admin_role', (eb) => eb.fn.countAll<number>().as('n')])
    .where('admin_role', 'is not', null)
    .where('status', '=', 'active')
    .groupBy('admin_role')
    .execute();
  const rows = await ctx.db.selectFrom('users').select('business_roles').where('status', '=', 'active').execute();
  const business = new Map<string, number>();
  for (const r of rows)
    for (const role of JSON.parse(r.business_roles) as string[]) business.set(role, (business.get(role) ?? 0) + 1);
  return { admins: new Map(admins.map((a) => [a.admin_role!, Number(a.n)])), business };
}
