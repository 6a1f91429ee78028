import { sql } from 'kysely';
import { dateOf } from '../kernel/secrecy-period.js';
import { DEFAULT_CLASSIFICATION_POLICY, clearanceRankOf, type ClassificationPolicy } from '../kernel/levels.js';
import type { AccessProfile, Actor } from '../kernel/actor.js';
import type { AppContext } from './context.js';
import type { Db } from './db/database.js';
import type { Trx } from './audit/audit-repo.js';
import { settingStore } from './settings/setting-store.js';

/**
 * Organisation settings every module reads: the classification policy (levels in use, clearance mapping,
 * periods, and the organisation's time zone, ADR 0012) and the access profile of a person (department path,
 * clearance rank) that need-to-know decisions take. Classification edits the policy; everyone reads it here.
 */
export const classificationPolicy = settingStore<ClassificationPolicy>(
  'classification_policy',
  DEFAULT_CLASSIFICATION_POLICY,
);

/** Pass the transaction as `q` when inside one (SQLite has a single connection). */
export async function getClassificationPolicy(ctx: AppContext, q: Db | Trx = ctx.db): Promise<ClassificationPolicy> {
  return (await classificationPolicy.get(ctx, q)).value;
}

/** Today's calendar date in the organisation's time zone (classification policy). */
export async function todayOf(ctx: AppContext, q: Db | Trx = ctx.db): Promise<string> {
  return dateOf(ctx.now(), (await getClassificationPolicy(ctx, q)).timeZone);
}

/** The department and its ancestors, own first (a scope naming a department covers its sub-departments). */
export async function departmentPath(q: Db | Trx, departmentId: string | null): Promise<string[]> {
  if (!departmentId) return [];
  // One statement walks up the tree (a round trip per level cost more than the rest of a list request on
  // PostgreSQL); the depth bound stops a cycle, which moving departments refuses anyway.
  const rows = await sql<{ id: string }>`with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from departments where id = ${departmentId}
      union all
      select d.id, d.parent_id, up.depth + 1 from departments d join up on d.id = up.parent_id where up.depth < 63
    ) select id from up order by depth`.execute(q);
  return rows.rows.map((r) => r.id);
}

/** Each department's path to the root (own first), from one read of the directory's departments. */
export async function departmentPaths(q: Db | Trx): Promise<Map<string, string[]>> {
  const rows = await q.selectFrom('departments').select(['id', 'parent_id']).execute();
  const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const path: string[] = [];
    let cur: string | null = r.id;
    while (cur && path.length < 64 && !path.includes(cur)) {
      path.push(cur);
      cur = parent.get(cur) ?? null;
    }
    out.set(r.id, path);
  }
  return out;
}

/** The department and every department under it (the directory's). */
export async function departmentSubtree(q: Db | Trx, departmentId: string): Promise<string[]> {
  const paths = await departmentPaths(q);
  return [...paths].filter(([, path]) => path.includes(departmentId)).map(([id]) => id);
}

export async function accessProfileOf(
  ctx: AppContext,
  q: Db | Trx,
  p: Pick<Actor, 'departmentId' | 'clearanceClass'>,
): Promise<AccessProfile> {
  // Side by side: on PostgreSQL two round trips overlap on the pool (inside a transaction they simply queue).
  const [policy, path] = await Promise.all([getClassificationPolicy(ctx, q), departmentPath(q, p.departmentId)]);
  return { departmentPath: path, clearanceRank: clearanceRankOf(p.clearanceClass, policy) };
}

/** The actor with its access profile attached, as the item policy needs it. */
export async function withAccess(ctx: AppContext, actor: Actor): Promise<Actor> {
  if (actor.access) return actor;
  return { ...actor, access: await accessProfileOf(ctx, ctx.db, actor) };
}
