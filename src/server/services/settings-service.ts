import { DEFAULT_ACCOUNT_POLICY, type AccountPolicy } from '../../domain/account-policy.js';
import { can } from '../../domain/policy.js';
import { accountPolicySchema } from '../../contracts/settings.js';
import { forbidden, staleVersion } from '../errors.js';
import { audit, auditAlone, tx, type AppContext, type RequestContext } from '../context.js';
import type { Db } from '../db/database.js';

const KEY = 'account_policy';

// The policy is read on every authenticated request; a short cache keeps that off the database while
// still letting a change on one instance reach every other instance within seconds.
const CACHE_MS = 3000;
const cache = new WeakMap<Db, { at: number; value: { policy: AccountPolicy; version: number } }>();

export async function getAccountPolicy(ctx: AppContext): Promise<{ policy: AccountPolicy; version: number }> {
  const hit = cache.get(ctx.db);
  const nowMs = Date.now();
  if (hit && nowMs - hit.at < CACHE_MS) return hit.value;
  const row = await ctx.db.selectFrom('settings').select(['value', 'version']).where('key', '=', KEY).executeTakeFirst();
  const value = row
    ? { policy: { ...DEFAULT_ACCOUNT_POLICY, ...(JSON.parse(row.value) as Partial<AccountPolicy>) }, version: row.version }
    : { policy: DEFAULT_ACCOUNT_POLICY, version: 0 };
  cache.set(ctx.db, { at: nowMs, value });
  return value;
}

export function invalidatePolicyCache(ctx: AppContext): void {
  cache.delete(ctx.db);
}

export async function updateAccountPolicy(
  ctx: AppContext,
  rc: RequestContext,
  input: { version: number; policy: AccountPolicy },
): Promise<{ policy: AccountPolicy; version: number }> {
  const actor = rc.actor!;
  if (!can(actor, 'settings.manage')) {
    await auditAlone(ctx, rc, { action: 'settings.update', targetType: 'settings', targetId: KEY, result: 'denied' });
    throw forbidden();
  }
  const policy = accountPolicySchema.parse(input.policy);
  const now = ctx.now().toISOString();
  const result = await tx(ctx, async (trx) => {
    const row = await trx.selectFrom('settings').select(['value', 'version']).where('key', '=', KEY).executeTakeFirst();
    const current = row?.version ?? 0;
    if (current !== input.version) throw staleVersion();
    const before = row ? (JSON.parse(row.value) as AccountPolicy) : DEFAULT_ACCOUNT_POLICY;
    if (row) {
      const r = await trx
        .updateTable('settings')
        .set({ value: JSON.stringify(policy), updated_at: now, version: current + 1 })
        .where('key', '=', KEY)
        .where('version', '=', current)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    } else {
      await trx.insertInto('settings').values({ key: KEY, value: JSON.stringify(policy), updated_at: now, version: 1 }).execute();
    }
    const changed = Object.fromEntries(
      (Object.keys(policy) as (keyof AccountPolicy)[])
        .filter((k) => before[k] !== policy[k])
        .map((k) => [k, { from: before[k], to: policy[k] }]),
    );
    await audit(trx, ctx, rc, { action: 'settings.update', targetType: 'settings', targetId: KEY, details: { changed } });
    return { policy, version: row ? current + 1 : 1 };
  });
  invalidatePolicyCache(ctx);
  return result;
}

