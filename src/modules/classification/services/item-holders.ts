import { clearanceRankOf, rankOf, type Level } from '../../../kernel/levels.js';
import type { BusinessRole, ClearanceClass } from '../../../kernel/roles.js';
import { scopeMatches, type ScopeEntry } from '../../../kernel/secret-item.js';
import type { AppContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { scopeOf, type ItemRow } from '../repositories/item-repo.js';
import { getClassificationPolicy } from './classification-settings.js';

/**
 * Everyone who knows the item as it is (before the change being announced, so an upgrade also reaches those it
 * now excludes): custodian, classifier, grantees, and the people its scope covers — named, in a department in
 * scope or below it, holding a role in scope — who are cleared for its level (`scopeMatches`, the policy's own
 * rule). Only active people.
 */
export async function holdersOf(trx: Trx, ctx: AppContext, row: ItemRow, at: string): Promise<string[]> {
  const scope = await scopeOf(trx, row.seq);
  const grants = await trx
    .selectFrom('access_grants')
    .select('grantee_id')
    .where('item_id', '=', row.id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .execute();
  const ids = [
    ...new Set([
      row.custodian_id,
      ...(row.classifier_id ? [row.classifier_id] : []),
      ...grants.map((g) => g.grantee_id),
      ...(await scopeMembersOf(trx, ctx, row, scope)),
    ]),
  ];
  // Only people who are still here: a departed custodian or classifier hears nothing more of the item.
  const active = new Set(
    (await trx.selectFrom('users').select('id').where('id', 'in', ids).where('status', '=', 'active').execute()).map(
      (u) => u.id,
    ),
  );
  return ids.filter((id) => active.has(id));
}

async function scopeMembersOf(
  trx: Trx,
  ctx: AppContext,
  row: ItemRow,
  scope: readonly ScopeEntry[],
): Promise<string[]> {
  if (!scope.length) return [];
  // The department tree is small: load it once to find the departments under those in scope and each path up.
  const parentOf = new Map(
    (await trx.selectFrom('departments').select(['id', 'parent_id']).execute()).map((d) => [d.id, d.parent_id]),
  );
  const pathOf = (id: string | null): string[] => {
    const path: string[] = [];
    for (let cur = id; cur && path.length < 64; cur = parentOf.get(cur) ?? null) path.push(cur);
    return path;
  };
  const inScope = new Set(scope.filter((s) => s.kind === 'department').map((s) => s.ref));
  const depts = [...parentOf.keys()].filter((d) => pathOf(d).some((p) => inScope.has(p)));
  const named = scope.filter((s) => s.kind === 'user').map((s) => s.ref);
  const roles = scope.filter((s) => s.kind === 'role').map((s) => s.ref);
  const people = await trx
    .selectFrom('users')
    .select(['id', 'department_id', 'business_roles', 'clearance_class'])
    .where('status', '=', 'active')
    .where((eb) =>
      eb.or([
        ...(named.length ? [eb('id', 'in', named)] : []),
        ...(depts.length ? [eb('department_id', 'in', depts)] : []),
        ...roles.map((r) => eb('business_roles', 'like', `%"${r}"%`)),
      ]),
    )
    .execute();
  const policy = await getClassificationPolicy(ctx, trx);
  const level = rankOf(row.level as Level);
  return people
    .filter((u) => clearanceRankOf(u.clearance_class as ClearanceClass | null, policy) >= level)
    .filter((u) =>
      scopeMatches(scope, {
        id: u.id,
        departmentPath: pathOf(u.department_id),
        roles: JSON.parse(u.business_roles) as BusinessRole[],
      }),
    )
    .map((u) => u.id);
}
