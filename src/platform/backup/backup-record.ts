import type { AppContext } from '../context.js';
import { BACKUP_JOB, recordJobRun } from '../jobs/job-runs.js';
import { backup, type BackupManifest, type BackupOptions, type ProgressFn } from './backup.js';

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
    await recordJobRun(ctx, {
      job: BACKUP_JOB,
      startedAt,
      outcome: 'failed',
      error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
      summary: targetDir,
    });
    throw err;
  }
  const bytes = result.manifest.files.reduce((n, f) => n + f.size, 0);
  await recordJobRun(ctx, { job: BACKUP_JOB, startedAt, outcome: 'ok', summary: result.dir, bytes });
  return { ...result, bytes };
}
