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
  const path: string[] = [];
  let cur: string | null = departmentId;
  // Walk up; the tree is shallow and cycles are refused when departments move (bounded anyway).
  while (cur && path.length < 64) {
    path.push(cur);
    const row: { parent_id: string | null } | undefined = await q
      .selectFrom('departments')
      .select('parent_id')
      .where('id', '=', cur)
      .executeTakeFirst();
    cur = row?.parent_id ?? null;
  }
  return path;
}

export async function accessProfileOf(
  ctx: AppContext,
  q: Db | Trx,
  p: Pick<Actor, 'departmentId' | 'clearanceClass'>,
): Promise<AccessProfile> {
  const policy = await getClassificationPolicy(ctx, q);
  return {
    departmentPath: await departmentPath(q, p.departmentId),
    clearanceRank: clearanceRankOf(p.clearanceClass, policy),
  };
}

/** The actor with its access profile attached, as the item policy needs it. */
export async function withAccess(ctx: AppContext, actor: Actor): Promise<Actor> {
  if (actor.access) return actor;
  return { ...actor, access: await accessProfileOf(ctx, ctx.db, actor) };
}
