import { DEFAULT_ACCOUNT_POLICY, type AccountPolicy } from '../../../kernel/account-policy.js';
import { authorize } from '../../../platform/authorize.js';
import { accountPolicySchema } from '../contracts/settings.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { changedFields, settingStore } from '../../../platform/settings/setting-store.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';

const KEY = 'account_policy';

// Read on every authenticated request: cached briefly by the store.
const accountPolicy = settingStore<AccountPolicy>(KEY, DEFAULT_ACCOUNT_POLICY);

/** Inside a transaction pass it as `q`: on SQLite the one connection is held by the transaction. */
export async function getAccountPolicy(
  ctx: AppContext,
  q?: Db | Trx,
): Promise<{ policy: AccountPolicy; version: number }> {
  const { value, version } = await accountPolicy.get(ctx, q);
  return { policy: value, version };
}

/** The policy as stored now, past the cache: for the page that edits it (see SettingStore.fresh). */
export async function readAccountPolicy(ctx: AppContext): Promise<{ policy: AccountPolicy; version: number }> {
  const { value, version } = await accountPolicy.fresh(ctx);
  return { policy: value, version };
}

export function invalidatePolicyCache(ctx: AppContext): void {
  accountPolicy.invalidate(ctx);
}

export async function updateAccountPolicy(
  ctx: AppContext,
  rc: RequestContext,
  input: { version: number; policy: AccountPolicy },
): Promise<{ policy: AccountPolicy; version: number }> {
  await authorize(
    ctx,
    rc,
    'settings.manage',
    { kind: 'none' },
    {
      audit: { action: 'settings.update', targetType: 'settings', targetId: KEY },
    },
  );
  const policy = accountPolicySchema.parse(input.policy);
  const result = await tx(ctx, async (trx) => {
    const { before, version } = await accountPolicy.save(trx, ctx, input.version, policy);
    await audit(trx, ctx, rc, {
      action: 'settings.update',
      targetType: 'settings',
      targetId: KEY,
      details: { changed: changedFields(before, policy) },
    });
    return { policy, version };
  });
  invalidatePolicyCache(ctx);
  return result;
}
