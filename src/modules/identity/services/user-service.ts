import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { violatesSeparation, type AdminRole, type BusinessRole, type ClearanceClass } from '../../../kernel/roles.js';
import { usernameKey } from '../../../kernel/username.js';
import type { DirectoryEntry } from '../contracts/directory.js';
import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import {
  actorOf,
  isSystem,
  audit,
  newId,
  tx,
  type AppContext,
  type RequestContext,
} from '../../../platform/context.js';
import { generateOneTimePassword, hashPassword } from '../../../platform/crypto/password-hash.js';
import { findUserById, findUserByUsername, updateUserVersioned, type UserRow } from '../repositories/user-repo.js';
import { revokeAllSessions } from '../repositories/session-repo.js';
import { notifyUsers, usersWithAdminRole } from '../../../platform/notifications/notification-service.js';
import { peopleMoved } from '../../../platform/notifications/people-moved.js';
import type { Action } from '../../../policy/index.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { loadUser, userViewFor } from './directory-read.js';

// The directory's read side lives in directory-read.ts; its functions are offered here too. An account's status,
// one-time password and departure are user-lifecycle.ts; one's own profile is profile-service.ts.
export { getUser, listUsers, loadUser, roleSummary, userViewFor, type UserListQuery } from './directory-read.js';

/** Loads the target, checks the policy for this action, and refuses (audited) when it says no. */
export async function authorizeOn(
  ctx: AppContext,
  rc: RequestContext,
  policyAction: Action,
  auditAction: AuditAction,
  id: string,
  extra: { newAdminRole?: AdminRole | null } = {},
): Promise<UserRow> {
  const target = await findUserById(ctx.db, id);
  if (!target) throw notFound();
  const self = !isSystem(rc) && id === actorOf(rc).id;
  // No actor: the local operator (CLI), who already has the database in hand; the API always has one.
  await authorize(
    ctx,
    rc,
    policyAction,
    { kind: 'user', id, adminRole: target.admin_role as AdminRole | null, ...extra },
    {
      audit: { action: auditAction, targetType: 'user', targetId: id, details: self ? { reason: 'self' } : null },
      allowSystem: true,
      ...(self ? { message: 'Administrators cannot change their own roles, clearance or account' } : {}),
    },
  );
  return target;
}

async function assertDepartment(trx: Trx, departmentId: string | null | undefined): Promise<void> {
  if (!departmentId) return;
  const d = await trx.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst();
  if (!d) throw new AppError('validation_failed', 'The department does not exist', { field: 'departmentId' });
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string | null | undefined;
  departmentId: string | null;
  post?: string | null | undefined;
  businessRoles?: BusinessRole[] | undefined;
  hiredOn?: string | null | undefined;
  computerUser?: boolean | undefined;
}

/** Creates an account with a one-time password; the person must change it at first sign-in. */
export async function createUser(
  ctx: AppContext,
  rc: RequestContext,
  input: CreateUserInput,
): Promise<{ user: DirectoryEntry; oneTimePassword: string }> {
  await authorize(
    ctx,
    rc,
    'user.manage',
    { kind: 'none' },
    {
      audit: { action: 'user.create', targetType: 'user', targetId: null, details: null },
      allowSystem: true,
    },
  );
  const oneTimePassword = generateOneTimePassword();
  const hash = await hashPassword(oneTimePassword, ctx.config.kdfCost);
  const id = await tx(ctx, (trx) => insertUser(trx, ctx, rc, input, hash, null));
  return { user: userViewFor(rc, await loadUser(ctx, id)), oneTimePassword };
}

/** Shared by the API, the CLI and first-start initialisation (which also sets the admin role). */
export async function insertUser(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  input: CreateUserInput,
  passwordHash: string,
  adminRole: AdminRole | null,
): Promise<string> {
  if (await findUserByUsername(trx, input.username))
    throw new AppError('conflict', `The username ${input.username} is already taken`, { field: 'username' });
  await assertDepartment(trx, input.departmentId);
  const now = ctx.now().toISOString();
  const id = newId();
  await trx
    .insertInto('users')
    .values({
      id,
      username: input.username,
      // Unique in the database: of requests racing for one username (in any case), one wins, the rest get 409.
      username_key: usernameKey(input.username),
      display_name: input.displayName,
      email: input.email ?? null,
      department_id: input.departmentId,
      post: input.post ?? null,
      clearance_class: null,
      business_roles: JSON.stringify(input.businessRoles?.length ? [...new Set(input.businessRoles)] : ['employee']),
      admin_role: adminRole,
      status: 'active',
      password_hash: passwordHash,
      password_changed_at: now,
      must_change_password: 1,
      failed_logins: 0,
      locked_until: null,
      mfa_secret: null,
      mfa_enabled: 0,
      mfa_last_step: 0,
      locale: null,
      separation_until: null,
      hired_on: input.hiredOn ?? null,
      computer_user: input.computerUser ? 1 : 0,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
  await audit(trx, ctx, rc, {
    action: 'user.create',
    targetType: 'user',
    targetId: id,
    details: { username: input.username, departmentId: input.departmentId, adminRole },
  });
  return id;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));

export async function updateUser(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: {
    version: number;
    displayName?: string | undefined;
    email?: string | null | undefined;
    departmentId?: string | null | undefined;
    post?: string | null | undefined;
    businessRoles?: BusinessRole[] | undefined;
    hiredOn?: string | null | undefined;
    computerUser?: boolean | undefined;
  },
): Promise<DirectoryEntry> {
  const target = await authorizeOn(ctx, rc, 'user.manage', 'user.update', id);
  const set: Partial<UserRow> = { updated_at: ctx.now().toISOString() };
  const changed: Record<string, unknown> = {};
  const put = <K extends keyof UserRow>(k: K, v: UserRow[K] | undefined) => {
    if (v === undefined || v === target[k]) return;
    set[k] = v;
    changed[k] = { from: target[k], to: v };
  };
  put('display_name', input.displayName);
  put('email', input.email);
  put('department_id', input.departmentId);
  put('post', input.post);
  put('hired_on', input.hiredOn);
  put('computer_user', input.computerUser === undefined ? undefined : input.computerUser ? 1 : 0);
  // Roles are a set: the same roles in another order are no change (and move nobody's need-to-know).
  if (input.businessRoles && !sameSet(input.businessRoles, JSON.parse(target.business_roles) as string[]))
    put('business_roles', JSON.stringify([...new Set(input.businessRoles)]));
  await tx(ctx, async (trx) => {
    if (input.departmentId !== undefined) await assertDepartment(trx, input.departmentId);
    if (!(await updateUserVersioned(trx, id, input.version, set))) throw staleVersion();
    // Department and business roles decide which scopes cover a person: for a cleared person the account
    // administrator's change moves need-to-know, which the security administrator must hear of (三员).
    if (target.clearance_class && (changed.department_id || changed.business_roles)) {
      await notifyUsers(trx, ctx, await usersWithAdminRole(trx, ['secadmin']), {
        notice: 'needToKnowMoved',
        params: {
          name: set.display_name ?? target.display_name,
          username: target.username,
          department: !!changed.department_id,
          roles: !!changed.business_roles,
        },
        link: `/users?q=${encodeURIComponent(target.username)}`,
      });
    }
    // Which letters a person must sign follows their department, post and roles (people's agreements).
    if (changed.department_id || changed.post || changed.business_roles) await peopleMoved(trx, ctx, [id]);
    await audit(trx, ctx, rc, { action: 'user.update', targetType: 'user', targetId: id, details: { changed } });
  });
  return userViewFor(rc, await loadUser(ctx, id));
}

/** Security administrator only: admin role and clearance class, never on its own account. */
export async function updateUserSecurity(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: {
    version: number;
    adminRole?: AdminRole | null | undefined;
    clearanceClass?: ClearanceClass | null | undefined;
  },
): Promise<DirectoryEntry> {
  const target = await findUserById(ctx.db, id);
  if (!target) throw notFound();
  if (input.adminRole !== undefined)
    await authorizeOn(ctx, rc, 'user.assign_admin_role', 'user.security_update', id, { newAdminRole: input.adminRole });
  // An empty change is still checked against the permission first: whoever may not change security fields
  // is refused (and audited) as for any change, and only those who may are told there is nothing to change.
  if (input.clearanceClass !== undefined || input.adminRole === undefined)
    await authorizeOn(ctx, rc, 'user.assign_clearance', 'user.security_update', id);
  if (input.adminRole === undefined && input.clearanceClass === undefined)
    throw new AppError('validation_failed', 'Nothing to change');
  // One admin role per account; a change of role is checked as the pair (old, new) against 三员 rules so
  // that e.g. an auditor cannot be turned into a sysadmin while holding audit history of its own.
  const oldRole = target.admin_role as AdminRole | null;
  const newRole = input.adminRole === undefined ? oldRole : input.adminRole;
  if (oldRole && newRole && oldRole !== newRole && violatesSeparation([oldRole, newRole])) {
    await refuse(
      ctx,
      rc,
      { action: 'user.security_update', targetType: 'user', targetId: id, details: { reason: 'separation_of_duties' } },
      new AppError('separation_of_duties', 'Separation of duties forbids this role combination'),
    );
  }
  const set: Partial<UserRow> = { updated_at: ctx.now().toISOString() };
  if (input.adminRole !== undefined) set.admin_role = input.adminRole;
  if (input.clearanceClass !== undefined) set.clearance_class = input.clearanceClass;
  await tx(ctx, async (trx) => {
    if (!(await updateUserVersioned(trx, id, input.version, set))) throw staleVersion();
    if (input.adminRole !== undefined && input.adminRole !== oldRole) {
      // A new admin must enrol MFA at next sign-in: end their sessions so the stage is re-derived.
      await revokeAllSessions(trx, id, ctx.now().toISOString());
      await notifyUsers(trx, ctx, await usersWithAdminRole(trx, ['auditor']), {
        notice: 'adminRoleChanged',
        params: { name: target.display_name, username: target.username, from: oldRole, to: input.adminRole },
        link: `/audit?target=${id}`,
      });
    }
    await audit(trx, ctx, rc, {
      action: 'user.security_update',
      targetType: 'user',
      targetId: id,
      details: {
        adminRole: input.adminRole === undefined ? undefined : { from: oldRole, to: input.adminRole },
        clearanceClass:
          input.clearanceClass === undefined ? undefined : { from: target.clearance_class, to: input.clearanceClass },
      },
    });
  });
  return userViewFor(rc, await loadUser(ctx, id));
}
