import {
  clearanceRankOf,
  isClassified,
  rankOf,
  type ClassificationPolicy,
  type Level,
} from '../../../kernel/levels.js';
import { excludedFromContent, type ClearanceClass } from '../../../kernel/roles.js';
import { unfitNamedPeople, type ClassifierKind, type ScopeEntry } from '../../../kernel/secret-item.js';
import { AppError } from '../../../platform/errors.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { AppContext } from '../../../platform/context.js';
import { accessProfileOf } from './classification-settings.js';

/** Scope entries name people and departments that exist (roles are checked by the contract). */
export async function validateScope(trx: Trx, scope: readonly ScopeEntry[]): Promise<void> {
  const users = scope.filter((s) => s.kind === 'user').map((s) => s.ref);
  const depts = scope.filter((s) => s.kind === 'department').map((s) => s.ref);
  if (users.length) {
    const found = await trx.selectFrom('users').select('id').where('id', 'in', users).execute();
    if (found.length !== new Set(users).size)
      throw new AppError('validation_failed', 'The scope names a person who does not exist', { field: 'scope' });
  }
  if (depts.length) {
    const found = await trx.selectFrom('departments').select('id').where('id', 'in', depts).execute();
    if (found.length !== new Set(depts).size)
      throw new AppError('validation_failed', 'The scope names a department that does not exist', { field: 'scope' });
  }
}

/** Scope entries with display labels (person and department names; roles are translated by the client). */
export async function labelScope(
  q: Db | Trx,
  scope: readonly ScopeEntry[],
): Promise<{ kind: ScopeEntry['kind']; ref: string; label: string | null }[]> {
  const users = scope.filter((s) => s.kind === 'user').map((s) => s.ref);
  const depts = scope.filter((s) => s.kind === 'department').map((s) => s.ref);
  const names = new Map<string, string>();
  if (users.length)
    for (const u of await q.selectFrom('users').select(['id', 'display_name']).where('id', 'in', users).execute())
      names.set(u.id, u.display_name);
  if (depts.length)
    for (const d of await q.selectFrom('departments').select(['id', 'name']).where('id', 'in', depts).execute())
      names.set(d.id, d.name);
  return scope.map((s) => ({ kind: s.kind, ref: s.ref, label: s.kind === 'role' ? null : (names.get(s.ref) ?? null) }));
}

/** People a scope adds by name must be active and cleared for the level (`unfitNamedPeople`); 400 naming them. */
export async function assertAddedPeopleFit(
  trx: Trx,
  policy: ClassificationPolicy,
  level: Level,
  added: readonly ScopeEntry[],
): Promise<void> {
  const ids = added.filter((s) => s.kind === 'user').map((s) => s.ref);
  if (!ids.length) return;
  const users = await trx
    .selectFrom('users')
    .select(['id', 'display_name', 'status', 'clearance_class'])
    .where('id', 'in', ids)
    .execute();
  const unfit = new Set(
    unfitNamedPeople(
      level,
      users.map((u) => ({
        id: u.id,
        active: u.status === 'active',
        clearanceRank: clearanceRankOf(u.clearance_class as ClearanceClass | null, policy),
      })),
    ),
  );
  if (!unfit.size) return;
  const nameOf = new Map(users.map((u) => [u.id, u.display_name]));
  const names = [...new Set(ids)].filter((id) => unfit.has(id)).map((id) => nameOf.get(id)!); // in the order given
  throw new AppError('validation_failed', `Not cleared for this level, or no longer active: ${names.join(', ')}`, {
    field: 'scope',
    problem: 'scope_person_not_cleared',
    names: names.join('、'),
  });
}

/** A classified item's classifier must hold a classification authority reaching its level. */
export async function classifierKindFor(trx: Trx, classifierId: string | null, level: Level): Promise<ClassifierKind> {
  if (!classifierId) {
    if (isClassified(level))
      throw new AppError('validation_failed', 'A classified item needs a classification authority (定密责任人)', {
        field: 'classifierId',
        problem: 'classifier_required',
      });
    return 'designated';
  }
  const rows = await trx
    .selectFrom('classification_authorities as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.kind', 'a.max_level'])
    .where('a.user_id', '=', classifierId)
    .where('a.revoked_at', 'is', null)
    .where('u.status', '=', 'active')
    .execute();
  const fit = rows
    .filter((r) => rankOf(r.max_level as Level) >= rankOf(level))
    .sort((a) => (a.kind === 'statutory' ? -1 : 1))[0];
  if (!fit)
    throw new AppError('validation_failed', 'This person holds no classification authority for this level', {
      field: 'classifierId',
      problem: 'classifier_not_authorised',
    });
  return fit.kind as ClassifierKind;
}

/** The custodian keeps the item: an active person cleared for its level, never the sysadmin or the auditor (三员). */
export async function assertCustodian(ctx: AppContext, trx: Trx, custodianId: string, level: Level): Promise<void> {
  const u = await trx
    .selectFrom('users')
    .select(['status', 'clearance_class', 'department_id', 'admin_role'])
    .where('id', '=', custodianId)
    .executeTakeFirst();
  if (!u || u.status !== 'active')
    throw new AppError('validation_failed', 'The custodian must be an active person', {
      field: 'custodianId',
      problem: 'custodian_inactive',
    });
  const profile = await accessProfileOf(ctx, trx, {
    departmentId: u.department_id,
    clearanceClass: u.clearance_class as never,
  });
  if (profile.clearanceRank < rankOf(level) || excludedFromContent(u.admin_role)) {
    throw new AppError('validation_failed', 'The custodian is not cleared for this level', {
      field: 'custodianId',
      problem: 'custodian_not_cleared',
    });
  }
}
