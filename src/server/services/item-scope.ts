import { clearanceRankOf, type ClassificationPolicy, type Level } from '../../domain/levels.js';
import type { ClearanceClass } from '../../domain/roles.js';
import { unfitNamedPeople, type ScopeEntry } from '../../domain/secret-item.js';
import { AppError } from '../errors.js';
import type { Db } from '../db/database.js';
import type { Trx } from '../audit/audit-repo.js';

/** Scope entries name people and departments that exist (roles are checked by the contract). */
export async function validateScope(trx: Trx, scope: readonly ScopeEntry[]): Promise<void> {
  const users = scope.filter((s) => s.kind === 'user').map((s) => s.ref);
  const depts = scope.filter((s) => s.kind === 'department').map((s) => s.ref);
  if (users.length) {
    const found = await trx.selectFrom('users').select('id').where('id', 'in', users).execute();
    if (found.length !== new Set(users).size) throw new AppError('validation_failed', 'The scope names a person who does not exist', { field: 'scope' });
  }
  if (depts.length) {
    const found = await trx.selectFrom('departments').select('id').where('id', 'in', depts).execute();
    if (found.length !== new Set(depts).size) throw new AppError('validation_failed', 'The scope names a department that does not exist', { field: 'scope' });
  }
}

/** Scope entries with display labels (person and department names; roles are translated by the client). */
export async function labelScope(q: Db | Trx, scope: readonly ScopeEntry[]): Promise<{ kind: ScopeEntry['kind']; ref: string; label: string | null }[]> {
  const users = scope.filter((s) => s.kind === 'user').map((s) => s.ref);
  const depts = scope.filter((s) => s.kind === 'department').map((s) => s.ref);
  const names = new Map<string, string>();
  if (users.length) for (const u of await q.selectFrom('users').select(['id', 'display_name']).where('id', 'in', users).execute()) names.set(u.id, u.display_name);
  if (depts.length) for (const d of await q.selectFrom('departments').select(['id', 'name']).where('id', 'in', depts).execute()) names.set(d.id, d.name);
  return scope.map((s) => ({ kind: s.kind, ref: s.ref, label: s.kind === 'role' ? null : (names.get(s.ref) ?? null) }));
}

/** People a scope adds by name must be active and cleared for the level (`unfitNamedPeople`); 400 naming them. */
export async function assertAddedPeopleFit(trx: Trx, policy: ClassificationPolicy, level: Level, added: readonly ScopeEntry[]): Promise<void> {
  const ids = added.filter((s) => s.kind === 'user').map((s) => s.ref);
  if (!ids.length) return;
  const users = await trx.selectFrom('users').select(['id', 'display_name', 'status', 'clearance_class']).where('id', 'in', ids).execute();
  const unfit = new Set(unfitNamedPeople(level, users.map((u) => ({ id: u.id, active: u.status === 'active', clearanceRank: clearanceRankOf(u.clearance_class as ClearanceClass | null, policy) }))));
  if (!unfit.size) return;
  const nameOf = new Map(users.map((u) => [u.id, u.display_name]));
  const names = [...new Set(ids)].filter((id) => unfit.has(id)).map((id) => nameOf.get(id)!); // in the order given
  throw new AppError('validation_failed', `Not cleared for this level, or no longer active: ${names.join(', ')}`, { field: 'scope', problem: 'scope_person_not_cleared', names: names.join('、') });
}
