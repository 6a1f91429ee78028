import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import { restore, type BackupProgress } from '../../platform/backup/backup.js';
import { recordedBackup } from '../../platform/backup/backup-record.js';
import { progressBar } from '../progress.js';

const LABELS: Record<BackupProgress['phase'], string> = {
  audit: 'Audit checkpoints',
  database: 'Database',
  blobs: 'Files',
  keys: 'Keys',
  checksums: 'Checksums',
  verify: 'Verifying backup',
  restore: 'Restoring files',
};

/** One progress bar per phase, on stderr when it is a terminal. */
function phasedProgress() {
  let phase: string | null = null;
  let bar: ReturnType<typeof progressBar> | null = null;
  return {
    update(p: BackupProgress) {
      if (p.phase !== phase) {
        bar?.done();
        phase = p.phase;
        bar = progressBar(LABELS[p.phase].padEnd(18));
      }
      bar!.update(p.done, p.total);
    },
    done() {
      bar?.done();
    },
  };
}

function sqliteFileOf(config: Config): string | undefined {
  const url = config.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    throw new Error(
      'restore covers SQLite installations only. On PostgreSQL, restore the database with pg_restore and copy the keys, audit and blobs folders into the data directory.',
    );
  }
  if (url?.startsWith('sqlite:')) return path.resolve(url.slice('sqlite:'.length));
  return undefined;
}

export function registerBackupCommands(
  program: Command,
  makeContext: () => Promise<AppContext>,
  loadConfig: () => Config,
): void {
  program
    .command('backup [dir]')
    .description(
      'online backup (SQLite): database, keys, audit checkpoints and files into <dir>/baomi-<timestamp> (default <dataDir>/backups); the server may keep running. Each backup (and a failed one) is recorded in the job-run history',
    )
    .option('--json', 'print the result as JSON')
    .action(async (dir: string | undefined, o: { json?: boolean }) => {
      const ctx = await makeContext();
      try {
        const target = dir ? path.resolve(dir) : path.join(ctx.config.dataDir, 'backups');
        const progress = o.json ? null : phasedProgress();
        const { dir: out, manifest, bytes } = await recordedBackup(ctx, target, (p) => progress?.update(p));
        progress?.done();
        if (o.json) {
          console.log(
            JSON.stringify(
              {
                dir: out,
                createdAt: manifest.createdAt,
                auditHead: manifest.auditHead,
                files: manifest.files.length,
                masterKeyIncluded: manifest.masterKeyIncluded,
              },
              null,
              2,
            ),
          );
          return;
        }
        console.log(`Backup written to ${out}`);
        console.log(
          `  ${manifest.files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB, audit chain at event ${manifest.auditHead.seq}`,
        );
        console.log('  It contains the encryption and signing keys: store it as securely as the data directory.');
        if (!manifest.masterKeyIncluded)
          console.log('  The master key comes from BAOMI_MASTER_KEY and is NOT in the backup: keep it separately.');
      } finally {
        await ctx.handle.close();
      }
    });

  program
    .command('restore <dir>')
    .description(
      'restore a backup folder into the data directory (SQLite). Stop the server first: the database must not be open',
    )
    .option('--force', 'replace an existing installation (its files are moved to <dataDir>/pre-restore-<timestamp>)')
    .action(async (dir: string, o: { force?: boolean }) => {
      const config = loadConfig();
      const databaseFile = sqliteFileOf(config);
      const progress = phasedProgress();
      const r = await restore(config.dataDir, path.resolve(dir), {
        force: Boolean(o.force),
        ...(databaseFile ? { databaseFile } : {}),
        onProgress: (p) => progress.update(p),
      });
      progress.done();
      console.log(
        `Restored the backup of ${r.manifest.createdAt} into ${config.dataDir} (audit chain at event ${r.manifest.auditHead.seq}).`,
      );
      if (r.movedAsideTo) console.log(`The previous installation was moved to ${r.movedAsideTo}.`);
      if (!r.manifest.masterKeyIncluded)
        console.log('This backup has no master key: set BAOMI_MASTER_KEY to the key used when it was made.');
      console.log('Run "baomi audit verify" to check the audit trail, then start the server.');
    });
}
