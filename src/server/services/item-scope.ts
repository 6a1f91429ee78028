import type { ScopeEntry } from '../../domain/secret-item.js';
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
