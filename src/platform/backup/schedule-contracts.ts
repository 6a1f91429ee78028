import { z } from 'zod';
import { settingVersionField } from '../contracts/common.js';
import { KEEP_COUNT_MAX, KEEP_DAYS_MAX } from './schedule-rules.js';

/**
 * The backup schedule as the system administrator sees it: the settings, and what the server decides alone (the
 * target folder, from BAOMI_BACKUP_DIR; the intervals, which are the jobs' interval settings).
 */
export const backupScheduleResponse = z.object({
  version: z.number().int(),
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  keepCount: z.number().int().nullable(),
  keepDays: z.number().int().nullable(),
  drillEnabled: z.boolean(),
  /** Read only: a web user must not choose where the server writes. */
  targetDir: z.string(),
  intervalSeconds: z.number(),
  drillIntervalSeconds: z.number(),
  /** No good backup for this long (the interval plus its grace) sends the overdue notice. */
  overdueAfterSeconds: z.number(),
  keepCountMax: z.number().int(),
  keepDaysMax: z.number().int(),
});
export type BackupScheduleView = z.infer<typeof backupScheduleResponse>;

export const updateBackupScheduleBody = z.strictObject({
  version: settingVersionField,
  enabled: z.boolean(),
  keepCount: z.number().int().min(1).max(KEEP_COUNT_MAX).nullable(),
  keepDays: z.number().int().min(1).max(KEEP_DAYS_MAX).nullable(),
  drillEnabled: z.boolean(),
});
export type UpdateBackupSchedule = z.infer<typeof updateBackupScheduleBody>;
