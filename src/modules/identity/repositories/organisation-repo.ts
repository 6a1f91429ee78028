import type { AppContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { settingStore } from '../../../platform/settings/setting-store.js';
import { nearestLeaderInCharge, type OrganisationRole } from '../domain/organisation-roles.js';

/**
 * The organisation's roles as data: the reads the approval engine (and identity's own services) make. Each takes
 * the connection or the transaction to read through (inside a transaction on SQLite, the transaction: it holds
 * the one connection). Only active people hold a role: a disabled leader in charge is skipped (the nearest
 * active one above answers), a disabled general manager or member answers as nobody; departure removes them.
 */
type Q = Db | Trx;

/** The organisation setting holding the general manager (总经理); identity owns it. */
export const GENERAL_MANAGER_KEY = 'general_manager';
export interface GeneralManagerSetting {
  userId: string | null;
}
export const generalManagerSetting = settingStore<GeneralManagerSetting>(GENERAL_MANAGER_KEY, { userId: null });

/**
 * The general manager setting read through `q`, never from the store's cache (which is keyed by the connection
 * it was read through): an approval step decided on it must see the last saved value.
 */
export async function readGeneralManagerSetting(q: Q): Promise<{ value: GeneralManagerSetting; version: number }> {
  // The store only uses `ctx.db` (its cache key) when reading; the reader is `q` itself.
  const keyed = { db: q } as unknown as AppContext;
  generalManagerSetting.invalidate(keyed);
  const read = await generalManagerSetting.get(keyed, q);
  generalManagerSetting.invalidate(keyed);
  return read;
}

/** Whether the person exists and is active. */
async function isActive(q: Q, userId: string): Promise<boolean> {
  const u = await q.selectFrom('users').select('status').where('id', '=', userId).executeTakeFirst();
  return u?.status === 'active';
}

/**
 * The leader in charge (主管领导) of `departmentId`: the one set on it, else on its nearest ancestor that has
 * an active one, else null.
 */
export async function leaderInChargeOf(q: Q, departmentId: string): Promise<string | null> {
  const rows = await q
    .selectFrom('departments')
    .leftJoin('users', 'users.id', 'departments.leader_in_charge_id')
    .select([
      'departments.id as id',
      'departments.parent_id as parent_id',
      'departments.leader_in_charge_id as leader_id',
    ])
    .select('users.status as leader_status')
    .execute();
  const tree = new Map(
    rows.map((r) => [r.id, { parentId: r.parent_id, leaderId: r.leader_status === 'active' ? r.leader_id : null }]),
  );
  return nearestLeaderInCharge(tree, departmentId);
}

/** The general manager (总经理): the person the organisation setting names, when active; else null. */
export async function generalManagerOf(q: Q): Promise<string | null> {
  const { value } = await readGeneralManagerSetting(q);
  return value.userId && (await isActive(q, value.userId)) ? value.userId : null;
}

/** The active members of the functional role `code` (none for an unknown code), by username. */
export async function functionalRoleHolders(q: Q, code: string): Promise<string[]> {
  const rows = await q
    .selectFrom('functional_role_members')
    .innerJoin('users', 'users.id', 'functional_role_members.user_id')
    .select('users.id')
    .where('functional_role_members.role_code', '=', code)
    .where('users.status', '=', 'active')
    .orderBy('users.username')
    .execute();
  return rows.map((r) => r.id);
}

/** The functional roles: the built-in ones first, then by code. */
export async function functionalRoles(
  q: Q,
): Promise<{ code: string; nameZh: string; nameEn: string; builtIn: boolean }[]> {
  const rows = await q
    .selectFrom('functional_roles')
    .select(['code', 'name_zh', 'name_en', 'built_in'])
    .orderBy('built_in', 'desc')
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en, builtIn: r.built_in === 1 }));
}

/** Who holds an organisation role now (active people only; at most one for a leader in charge or the general manager). */
export async function organisationRoleHolders(q: Q, role: OrganisationRole): Promise<string[]> {
  switch (role.kind) {
    case 'leader_in_charge': {
      const id = await leaderInChargeOf(q, role.departmentId);
      return id ? [id] : [];
    }
    case 'general_manager': {
      const id = await generalManagerOf(q);
      return id ? [id] : [];
    }
    case 'functional_role':
      return functionalRoleHolders(q, role.code);
  }
}

/** Whether `userId` holds `role` now (an approver must still hold the step's role when deciding). */
export async function holdsOrganisationRole(q: Q, userId: string, role: OrganisationRole): Promise<boolean> {
  return (await organisationRoleHolders(q, role)).includes(userId);
}
