import type { TrainingSettings } from '../../../kernel/training.js';
import { changedFields } from '../../../platform/settings/setting-store.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { authorize } from '../../../platform/authorize.js';
import { trainingSettingStore } from './training-settings.js';

/**
 * The training settings' use cases (TRN-01/02): everyone may read them (the dates they are held to); the security
 * office changes them under the setting's version, audited with what changed.
 */
const EVENT = { action: 'training.settings_update', targetType: 'settings', targetId: 'training' } as const;

export async function viewTrainingSettings(ctx: AppContext, rc: RequestContext) {
  await authorize(ctx, rc, 'training.view_own', { kind: 'none' }, { audit: EVENT });
  const { value, version } = await trainingSettingStore.fresh(ctx);
  return { settings: value, version };
}

export async function updateTrainingSettings(
  ctx: AppContext,
  rc: RequestContext,
  input: { version: number; settings: TrainingSettings },
) {
  await authorize(ctx, rc, 'training.manage_settings', { kind: 'none' }, { audit: EVENT });
  await tx(ctx, async (trx) => {
    const { before } = await trainingSettingStore.save(trx, ctx, input.version, input.settings);
    await audit(trx, ctx, rc, { ...EVENT, details: { changed: changedFields(before, input.settings) } });
  });
  trainingSettingStore.invalidate(ctx);
  return viewTrainingSettings(ctx, rc);
}
