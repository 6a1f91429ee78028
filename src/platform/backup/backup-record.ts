import path from 'node:path';
import { auditAlone, SYSTEM_CONTEXT, type AppContext } from '../context.js';
import { BACKUP_JOB, recordJobRun } from '../jobs/job-runs.js';
import { backup, type BackupManifest, type BackupOptions, type ProgressFn } from './backup.js';
import { backupFailureOf } from './failures.js';

/**
 * `baomi backup` as the installation remembers it: the backup, then one row in the job-run history (job `backup`:
 * when, the folder, its size, the outcome; a failure with its message), so the system administrator's workbench
 * shows the last good backup and its age. The row is written after the copy, so a backup never holds its own record.
 */
export async function recordedBackup(
  ctx: AppContext,
  targetDir: string,
  onProgress?: ProgressFn,
  opts: BackupOptions = {},
): Promise<{ dir: string; manifest: BackupManifest; bytes: number }> {
  const startedAt = ctx.now().toISOString();
  let result: { dir: string; manifest: BackupManifest };
  try {
    result = await backup(ctx, targetDir, onProgress, opts);
  } catch (err) {
    await auditBackupFailed(ctx, targetDir, err);
    await recordJobRun(ctx, {
      job: BACKUP_JOB,
      startedAt,
      outcome: 'failed',
      error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
      errorCode: backupFailureOf(err),
      summary: targetDir,
    });
    throw err;
  }
  const bytes = await auditBackupMade(ctx, result);
  await recordJobRun(ctx, { job: BACKUP_JOB, startedAt, outcome: 'ok', summary: result.dir, bytes });
  return { ...result, bytes };
}

/**
 * A backup is a copy of every secret the installation holds (and with `--with-keys`, of its keys): each one made,
 * failed, deleted by the retention or drilled is an audit event by the system (the CLI and the jobs act as the
 * system). Written after the copy, so a backup never holds its own event. Returns the backup's size in bytes.
 */
export async function auditBackupMade(
  ctx: AppContext,
  made: { dir: string; manifest: BackupManifest },
): Promise<number> {
  const { manifest } = made;
  const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
  await auditAlone(ctx, SYSTEM_CONTEXT, {
    action: 'backup.create',
    targetType: 'backup',
    targetId: path.basename(made.dir),
    details: {
      folder: made.dir,
      files: manifest.files.length,
      bytes,
      auditSeq: manifest.auditHead.seq,
      keysIncluded: manifest.keys.included,
    },
  });
  return bytes;
}

/** The failed backup's event; never masks the backup's own error (the database may be why it failed). */
export async function auditBackupFailed(ctx: AppContext, targetDir: string, err: unknown): Promise<void> {
  try {
    await auditAlone(ctx, SYSTEM_CONTEXT, {
      action: 'backup.create',
      targetType: 'backup',
      targetId: null,
      result: 'failure',
      details: { folder: targetDir, error: (err instanceof Error ? err.message : String(err)).slice(0, 500) },
    });
  } catch (auditErr) {
    ctx.log.error({ err: auditErr }, 'could not record the failed backup in the audit trail');
  }
}
