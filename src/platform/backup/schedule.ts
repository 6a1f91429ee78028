import fs from 'node:fs';
import path from 'node:path';
import type { Trx } from '../audit/audit-repo.js';
import { auditAlone, SYSTEM_CONTEXT, tx, type AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { JobDef } from '../jobs/scheduler.js';
import { BACKUP_JOB } from '../jobs/job-runs.js';
import { notifyUsers, usersWithAdminRole, type NotificationInput } from '../notifications/notification-service.js';
import { backup } from './backup.js';
import { auditBackupFailed, auditBackupMade } from './backup-record.js';
import { drillLatest } from './drill.js';
import { BackupError, backupFailureOf } from './failures.js';
import {
  backupOverdue,
  backupsPassingDrill,
  backupsToPrune,
  conditionKey,
  createdAtOfName,
  type BackupFolder,
} from './schedule-rules.js';
import { BACKUP_INTERVALS, backupDirOf, DRILL_JOB, intervalOf, readSchedule, WATCH_JOB } from './schedule-settings.js';

/**
 * Scheduled backups (ADR 0031): the `backup` job writes a backup into the configured folder and applies the
 * retention; `backup.watch` tells the system administrators when no good backup was made in time; `backup.drill`
 * restores the latest backup into a scratch copy and verifies it. Each runs only while the system administrator has
 * it on; the job lease keeps two instances from running one at once.
 */

const HOUR = 3_600_000;
const RUNS_LINK = `/job-runs?job=${BACKUP_JOB}`;

/** The last good backup in the history, scheduled or made with `baomi backup`. */
export async function lastGoodBackup(q: Db | Trx): Promise<{ id: string; finishedAt: string } | null> {
  const row = await q
    .selectFrom('job_runs')
    .select(['id', 'finished_at'])
    .where('job', '=', BACKUP_JOB)
    .where('outcome', '=', 'ok')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, finishedAt: row.finished_at } : null;
}

/**
 * Sends a notice to every active system administrator, once per condition (`dedupeKey`: the same condition on the
 * next tick finds the notice already there), with an email where SMTP is configured.
 */
export async function notifySysadmins(ctx: AppContext, notice: (trx: Trx) => Promise<NotificationInput>) {
  await tx(ctx, async (trx) => {
    await notifyUsers(trx, ctx, await usersWithAdminRole(trx, ['sysadmin']), { ...(await notice(trx)), email: true });
  });
}

/** The finished backups in the folder: `baomi-<stamp>` folders holding a manifest (no staging, no drill copy). */
function finishedBackups(dir: string): BackupFolder[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const createdAt = e.isDirectory() ? createdAtOfName(e.name) : null;
    if (!createdAt || !fs.existsSync(path.join(dir, e.name, 'manifest.json'))) return [];
    return [{ name: e.name, createdAt }];
  });
}

/** Deletes the backups the retention lets go; returns their names. */
async function prune(ctx: AppContext, dir: string): Promise<string[]> {
  const schedule = await readSchedule(ctx);
  // The recent drills (each tests the then latest backup): the newest backup that passed its drill is kept.
  const drills = await ctx.db
    .selectFrom('job_runs')
    .select(['outcome', 'summary', 'error'])
    .where('job', '=', DRILL_JOB)
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const names = backupsToPrune(finishedBackups(dir), schedule, ctx.now(), backupsPassingDrill(drills));
  for (const name of names) {
    await fs.promises.rm(path.join(dir, name), { recursive: true, force: true });
    await auditAlone(ctx, SYSTEM_CONTEXT, {
      action: 'backup.prune',
      targetType: 'backup',
      targetId: name,
      details: { folder: path.join(dir, name) },
    });
  }
  if (names.length) ctx.log.info({ dir, pruned: names }, 'old backups deleted by the retention');
  return names;
}

async function runScheduledBackup(ctx: AppContext) {
  const dir = backupDirOf(ctx.config);
  let written: Awaited<ReturnType<typeof backup>>;
  try {
    written = await backup(ctx, dir);
  } catch (err) {
    await auditBackupFailed(ctx, dir, err);
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    const reason = backupFailureOf(err);
    try {
      const { enabledAt } = await readSchedule(ctx);
      await notifySysadmins(ctx, async (trx) => ({
        notice: 'backupFailed',
        params: { reason, error, folder: dir },
        link: RUNS_LINK,
        dedupeKey: conditionKey('failed', (await lastGoodBackup(trx))?.id ?? null, enabledAt),
      }));
    } catch (notifyErr) {
      ctx.log.error({ err: notifyErr }, 'could not notify the system administrators of the failed backup');
    }
    // The scheduler records the failed run with its message and its code.
    throw err instanceof BackupError ? err : new BackupError(reason, error, { cause: err });
  }
  // The backup is good whatever the retention does: a failure to delete old ones is logged, not the run's outcome.
  try {
    await prune(ctx, dir);
  } catch (err) {
    ctx.log.error({ err, dir }, 'could not apply the backup retention');
  }
  return { summary: written.dir, bytes: await auditBackupMade(ctx, written) };
}

async function checkOverdue(ctx: AppContext): Promise<string> {
  const schedule = await readSchedule(ctx);
  const interval = await intervalOf(ctx, BACKUP_JOB);
  const good = await lastGoodBackup(ctx.db);
  if (!backupOverdue(schedule, good?.finishedAt ?? null, interval, ctx.now())) return 'on time';
  await notifySysadmins(ctx, async () => ({
    notice: 'backupOverdue',
    params: { lastGoodAt: good?.finishedAt ?? null, intervalHours: Math.round((interval / HOUR) * 100) / 100 },
    link: RUNS_LINK,
    dedupeKey: conditionKey('overdue', good?.id ?? null, schedule.enabledAt),
  }));
  return 'overdue';
}

/** The drill's outcome is the run's: a failed drill throws, so the history and the workbench card show it failed. */
async function runDrill(ctx: AppContext): Promise<string> {
  const report = await drillLatest(ctx, backupDirOf(ctx.config));
  const name = report.backupDir ? path.basename(report.backupDir) : null;
  await auditAlone(ctx, SYSTEM_CONTEXT, {
    action: 'backup.drill',
    targetType: 'backup',
    targetId: name,
    result: report.ok ? 'success' : 'failure',
    details: {
      durationMs: Math.round(report.durationMs),
      auditEvents: report.auditEvents,
      blobsChecked: report.blobsChecked,
      ...(report.error ? { error: report.error.slice(0, 500) } : {}),
      ...(report.failure ? { failure: report.failure } : {}),
    },
  });
  if (!report.ok) {
    const error = (report.error ?? 'the restore drill failed').slice(0, 500);
    const reason = report.failure ?? 'unknown';
    try {
      const { enabledAt } = await readSchedule(ctx);
      await notifySysadmins(ctx, async () => ({
        notice: 'backupDrillFailed',
        params: { backup: name ?? '—', reason, error },
        link: `/job-runs?job=${DRILL_JOB}`,
        // One notice per backup that failed its drill (with none at all: per time the schedule was turned on).
        dedupeKey: `backup.drill_failed:${name ?? `none:${enabledAt ?? '-'}`}`,
      }));
    } catch (notifyErr) {
      ctx.log.error({ err: notifyErr }, 'could not notify the system administrators of the failed drill');
    }
    throw new BackupError(reason, name ? `${name}: ${error}` : error);
  }
  return `${name}: ${report.auditEvents} audit events, ${report.blobsChecked} blobs verified in ${report.durationMs} ms`;
}

const scheduleOn = async (ctx: AppContext) => (await readSchedule(ctx)).enabled;

const drillOn = async (ctx: AppContext) => (await readSchedule(ctx)).drillEnabled;

/** The scheduled backup, its overdue check and the restore drill, for builtinJobs. */
export function backupJobs(): JobDef[] {
  return [
    // A large installation's backup takes a while: the lease outlasts it so no other instance starts a second one.
    { ...BACKUP_INTERVALS[BACKUP_JOB]!, leaseMs: 6 * HOUR, enabled: scheduleOn, run: runScheduledBackup },
    { ...BACKUP_INTERVALS[WATCH_JOB]!, enabled: scheduleOn, run: checkOverdue },
    { ...BACKUP_INTERVALS[DRILL_JOB]!, leaseMs: 6 * HOUR, enabled: drillOn, run: runDrill },
  ];
}
