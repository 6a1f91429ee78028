import path from 'node:path';
import { authorize } from '../authorize.js';
import { audit, tx, type AppContext, type RequestContext } from '../context.js';
import type { Config } from '../config.js';
import { configuredIntervals } from '../jobs/job-settings.js';
import { effectiveIntervalMs, type IntervalJob } from '../jobs/interval-rules.js';
import { BACKUP_JOB } from '../jobs/job-runs.js';
import { changedFields, settingStore } from '../settings/setting-store.js';
import type { BackupScheduleView, UpdateBackupSchedule } from './schedule-contracts.js';
import { DEFAULT_SCHEDULE, graceMs, KEEP_COUNT_MAX, KEEP_DAYS_MAX, type BackupSchedule } from './schedule-rules.js';

const KEY = 'backup_schedule';
const HOUR = 3_600_000;

export const DRILL_JOB = 'backup.drill';
export const WATCH_JOB = 'backup.watch';

/**
 * The intervals of the backup jobs (their interval settings, ADR 0027): a daily backup, a weekly drill, and the
 * overdue check every quarter hour; seconds are allowed so a test or a probe can run them quickly.
 */
export const BACKUP_INTERVALS: Record<string, IntervalJob> = {
  [BACKUP_JOB]: { name: BACKUP_JOB, intervalMs: 24 * HOUR },
  [DRILL_JOB]: { name: DRILL_JOB, intervalMs: 7 * 24 * HOUR },
  [WATCH_JOB]: { name: WATCH_JOB, intervalMs: HOUR / 4 },
};

/** Where scheduled backups (and the drill's "latest backup") are: BAOMI_BACKUP_DIR, else `<dataDir>/backups`. */
export function backupDirOf(config: Config): string {
  return config.backupDir ?? path.join(config.dataDir, 'backups');
}

const store = settingStore<BackupSchedule>(KEY, DEFAULT_SCHEDULE);

/** The schedule (cached for seconds: read by the jobs at every tick). */
export async function readSchedule(ctx: AppContext): Promise<BackupSchedule> {
  return (await store.get(ctx)).value;
}

/** The interval a backup job runs at now (its setting, else its built-in interval). */
export async function intervalOf(ctx: AppContext, job: string): Promise<number> {
  return effectiveIntervalMs(BACKUP_INTERVALS[job]!, await configuredIntervals(ctx));
}

async function viewOf(ctx: AppContext, value: BackupSchedule, version: number): Promise<BackupScheduleView> {
  const [interval, drill] = [await intervalOf(ctx, BACKUP_JOB), await intervalOf(ctx, DRILL_JOB)];
  return {
    version,
    ...value,
    targetDir: backupDirOf(ctx.config),
    intervalSeconds: interval / 1000,
    drillIntervalSeconds: drill / 1000,
    overdueAfterSeconds: Math.round((interval + graceMs(interval)) / 1000),
    keepCountMax: KEEP_COUNT_MAX,
    keepDaysMax: KEEP_DAYS_MAX,
  };
}

/** Backups are the running of the installation: the system administrator's (三员), as the job intervals are. */
async function authorizeSchedule(ctx: AppContext, rc: RequestContext, action: 'settings.view' | 'settings.update') {
  await authorize(
    ctx,
    rc,
    'settings.manage',
    { kind: 'none' },
    { audit: { action, targetType: 'settings', targetId: KEY } },
  );
}

/** GET /api/settings/backup. */
export async function viewBackupSchedule(ctx: AppContext, rc: RequestContext): Promise<BackupScheduleView> {
  await authorizeSchedule(ctx, rc, 'settings.view');
  const { value, version } = await store.fresh(ctx);
  return viewOf(ctx, value, version);
}

/** PUT /api/settings/backup: turning the schedule on starts the overdue clock (enabledAt) from now. */
export async function updateBackupSchedule(
  ctx: AppContext,
  rc: RequestContext,
  input: UpdateBackupSchedule,
): Promise<BackupScheduleView> {
  await authorizeSchedule(ctx, rc, 'settings.update');
  const { version: expected, ...fields } = input;
  const saved = await tx(ctx, async (trx) => {
    const before = (await store.get(ctx, trx)).value;
    const enabledAt = fields.enabled ? (before.enabled ? before.enabledAt : ctx.now().toISOString()) : null;
    const next: BackupSchedule = { ...fields, enabledAt };
    const r = await store.save(trx, ctx, expected, next);
    await audit(trx, ctx, rc, {
      action: 'settings.update',
      targetType: 'settings',
      targetId: KEY,
      details: { changed: changedFields(r.before, next) },
    });
    return { value: next, version: r.version };
  });
  store.invalidate(ctx);
  return viewOf(ctx, saved.value, saved.version);
}
