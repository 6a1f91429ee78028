import { DEFAULT_MFA_CLASS_RULE, type MfaClassRule } from '../../../../kernel/mfa-requirement.js';
import { authorize } from '../../../../platform/authorize.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../../platform/context.js';
import type { Db } from '../../../../platform/db/database.js';
import type { Trx } from '../../../../platform/audit/audit-repo.js';
import { changedFields, settingStore } from '../../../../platform/settings/setting-store.js';
import { mfaClassRuleSchema } from '../../contracts/second-factors.js';

const KEY = 'mfa_requirement';

/** The security administrator's rule: which second factor each clearance class must have (none by default). */
const store = settingStore<MfaClassRule>(KEY, DEFAULT_MFA_CLASS_RULE);

export async function getMfaClassRule(ctx: AppContext, q?: Db | Trx): Promise<{ rule: MfaClassRule; version: number }> {
  const { value, version } = await store.get(ctx, q);
  return { rule: value, version };
}

export async function readMfaClassRule(ctx: AppContext, rc: RequestContext) {
  await authorize(
    ctx,
    rc,
    'settings.view',
    { kind: 'none' },
    { audit: { action: 'settings.view', targetType: 'settings', targetId: KEY } },
  );
  const { value, version } = await store.fresh(ctx);
  return { rule: value, version };
}

export async function updateMfaClassRule(
  ctx: AppContext,
  rc: RequestContext,
  input: { version: number; rule: MfaClassRule },
): Promise<{ rule: MfaClassRule; version: number }> {
  await authorize(
    ctx,
    rc,
    'mfa.require',
    { kind: 'none' },
    { audit: { action: 'settings.update', targetType: 'settings', targetId: KEY } },
  );
  const rule = mfaClassRuleSchema.parse(input.rule);
  const result = await tx(ctx, async (trx) => {
    const { before, version } = await store.save(trx, ctx, input.version, rule);
    await audit(trx, ctx, rc, {
      action: 'settings.update',
      targetType: 'settings',
      targetId: KEY,
      details: { changed: changedFields(before, rule) },
    });
    return { rule, version };
  });
  store.invalidate(ctx);
  return result;
}
