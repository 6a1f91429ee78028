import { sql } from 'kysely';
import type { Actor } from '../../../kernel/actor.js';
import { usernameKey } from '../../../kernel/username.js';
import type { AdminRole, BusinessRole, ClearanceClass, UserStatus } from '../../../kernel/roles.js';
import type { User } from '../contracts/directory.js';
import type { Db } from '../../../platform/db/database.js';
import type { UserTable } from '../schema.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';

export type UserRow = UserTable;
type Q = Db | Trx;

export function parseRoles(json: string): BusinessRole[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as BusinessRole[]) : [];
  } catch {
    return [];
  }
}

export function toActor(u: UserRow): Actor {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    departmentId: u.department_id,
    adminRole: u.admin_role as AdminRole | null,
    businessRoles: parseRoles(u.business_roles),
    clearanceClass: u.clearance_class as ClearanceClass | null,
    status: u.status as UserStatus,
    separationUntil: u.separation_until,
  };
}

export function toUserDto(u: UserRow & { department_name?: string | null }, now: Date): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    departmentId: u.department_id,
    departmentName: u.department_name ?? null,
    post: u.post,
    clearanceClass: u.clearance_class as ClearanceClass | null,
    businessRoles: parseRoles(u.business_roles),
    adminRole: u.admin_role as AdminRole | null,
    status: u.status as UserStatus,
    mfaEnabled: u.mfa_enabled === 1,
    locked: u.locked_until !== null && Date.parse(u.locked_until) > now.getTime(),
    mustChangePassword: u.must_change_password === 1,
    separationUntil: u.separation_until,
    hiredOn: u.hired_on,
    computerUser: u.computer_user === 1,
    createdAt: u.created_at,
    updatedAt: u.updated_at,
    version: u.version,
  };
}

export function findUserById(q: Q, id: string) {
  return q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserWithDepartment(q: Q, id: string) {
  return q
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .selectAll('users')
    .select('departments.name as department_name')
    .where('users.id', '=', id)
    .executeTakeFirst();
}

/** By the normalised username (`usernameKey`), which the database keeps unique: "Alice" and "alice" are one account. */
export function findUserByUsername(q: Q, username: string) {
  return q.selectFrom('users').selectAll().where('username_key', '=', usernameKey(username)).executeTakeFirst();
}

/** Optimistic update: applies only when the stored version matches; returns whether it did. */
export async function updateUserVersioned(q: Q, id: string, version: number, set: Partial<UserRow>): Promise<boolean> {
  const r = await q
    .updateTable('users')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countUsers(q: Q): Promise<number> {
  const r = await q
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** People whose username or display name contains `q`, ignoring case (the directory search and pickers). */
export function nameContains(q: string) {
  const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`(lower(users.username) like ${like} escape '\\' or lower(users.display_name) like ${like} escape '\\')`;
}
