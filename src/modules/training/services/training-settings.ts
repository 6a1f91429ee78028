import { TRAINING_DEFAULTS, type TrainingSettings } from '../../../kernel/training.js';
import { settingStore } from '../../../platform/settings/setting-store.js';
import type { AppContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';

/**
 * The training settings (key 'training'): the onboarding offset, the refresher interval, the grace for new courses
 * and the reminder window. The one store; the settings use cases (view, update) read and write it.
 */
export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = {
  onboardingOffsetDays: TRAINING_DEFAULTS.onboardingOffsetDays,
  refresherMonths: TRAINING_DEFAULTS.refresherMonths,
  newCourseGraceDays: TRAINING_DEFAULTS.newCourseGraceDays,
  reminderDays: TRAINING_DEFAULTS.reminderDays,
};

export const trainingSettingStore = settingStore<TrainingSettings>('training', DEFAULT_TRAINING_SETTINGS);

/** Pass the transaction as `q` when inside one (SQLite has a single connection). */
export async function trainingSettings(ctx: AppContext, q: Db | Trx = ctx.db): Promise<TrainingSettings> {
  return (await trainingSettingStore.get(ctx, q)).value;
}
