import { settingStore, changedFields } from '../../../platform/settings/setting-store.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { authorize } from '../../../platform/authorize.js';
import { AppError } from '../../../platform/errors.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { CarrierSettings } from '../contracts/carriers.js';
import { DEFAULT_NUMBER_SCHEME, numberSchemeProblem } from '../domain/register-rules.js';
import { DEFAULT_LOAN_DAYS } from '../domain/movement-rules.js';

/** The register's settings: number scheme, loan periods, reminders, the longest carry-out, 文电 clean-up (CAR-14). */
export const DEFAULT_CARRIER_SETTINGS: CarrierSettings = {
  numberScheme: DEFAULT_NUMBER_SCHEME,
  loanDays: DEFAULT_LOAN_DAYS,
  remindDaysBefore: 2,
  maxCarryOutDays: 30,
  telegramCleanupDays: 90,
};

const store = settingStore<CarrierSettings>('carrier_settings', DEFAULT_CARRIER_SETTINGS);

export async function carrierSettings(ctx: AppContext, q: Db | Trx = ctx.db): Promise<CarrierSettings> {
  return (await store.get(ctx, q)).value;
}

/** Everyone who works with the register may read its settings (the due dates they are held to). */
export async function viewCarrierSettings(ctx: AppContext, rc: RequestContext) {
  await authorize(
    ctx,
    rc,
    'carrier.view_register',
    { kind: 'none' },
    {
      audit: { action: 'carrier.settings_update', targetType: 'settings', targetId: 'carrier_settings' },
    },
  );
  const { value, version } = await store.fresh(ctx);
  return { settings: value, version };
}

export async function updateCarrierSettings(
  ctx: AppContext,
  rc: RequestContext,
  input: { version: number; settings: CarrierSettings },
) {
  await authorize(
    ctx,
    rc,
    'carrier.manage_settings',
    { kind: 'none' },
    {
      audit: { action: 'carrier.settings_update', targetType: 'settings', targetId: 'carrier_settings' },
    },
  );
  const problem = numberSchemeProblem(input.settings.numberScheme);
  if (problem)
    throw new AppError('validation_failed', 'The number scheme needs {seq} and may use {year}, {level}, {kind}', {
      field: 'settings.numberScheme',
      problem,
    });
  await tx(ctx, async (trx) => {
    const { before } = await store.save(trx, ctx, input.version, input.settings);
    await audit(trx, ctx, rc, {
      action: 'carrier.settings_update',
      targetType: 'settings',
      targetId: 'carrier_settings',
      details: { changed: changedFields(before, input.settings) },
    });
  });
  store.invalidate(ctx);
  return viewCarrierSettings(ctx, rc);
}
