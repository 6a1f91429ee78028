import { AGREEMENT_DEFAULTS } from '../../../kernel/agreements.js';
import { settingStore, changedFields } from '../../../platform/settings/setting-store.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { authorize } from '../../../platform/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { AgreementSettings } from '../contracts/templates.js';

/**
 * The agreements' settings (key 'agreements'): the grace period, the expiry reminder window, and whether the
 * commitment letter waits for the onboarding training (PER-03).
 */
export const DEFAULT_AGREEMENT_SETTINGS: AgreementSettings = { ...AGREEMENT_DEFAULTS, commitmentAfterTraining: false };

const store = settingStore<AgreementSettings>('agreements', DEFAULT_AGREEMENT_SETTINGS);

/** Pass the transaction as `q` when inside one (SQLite has a single connection). */
export async function agreementSettings(ctx: AppContext, q: Db | Trx = ctx.db): Promise<AgreementSettings> {
  return (await store.get(ctx, q)).value;
}

/** Everyone may read them: the dates they are held to (a held session too). */
export async function viewAgreementSettings(ctx: AppContext, rc: RequestContext) {
  await authorize(
    ctx,
    rc,
    'agreement.view_own',
    { kind: 'none' },
    { audit: { action: 'agreement.settings_update', targetType: 'settings', targetId: 'agreements' } },
  );
  const { value, version } = await store.fresh(ctx);
  return { settings: value, version };
}

export async function updateAgreementSettings(
  ctx: AppContext,
  rc: RequestContext,
  input: { version: number; settings: Omit<AgreementSettings, 'commitmentAfterTraining'> & Partial<AgreementSettings> },
) {
  await authorize(
    ctx,
    rc,
    'agreement.manage_settings',
    { kind: 'none' },
    { audit: { action: 'agreement.settings_update', targetType: 'settings', targetId: 'agreements' } },
  );
  await tx(ctx, async (trx) => {
    const value: AgreementSettings = { ...(await store.get(ctx, trx)).value, ...input.settings } as AgreementSettings;
    const { before } = await store.save(trx, ctx, input.version, value);
    await audit(trx, ctx, rc, {
      action: 'agreement.settings_update',
      targetType: 'settings',
      targetId: 'agreements',
      details: { changed: changedFields(before, value) },
    });
  });
  store.invalidate(ctx);
  return viewAgreementSettings(ctx, rc);
}
