import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import type { Config } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import { restore, type BackupProgress } from '../../platform/backup/backup.js';
import { drillLatest, type DrillReport } from '../../platform/backup/drill.js';
import { missingKeysMessage } from '../../platform/backup/restore.js';
import { recordedBackup } from '../../platform/backup/backup-record.js';
import { progressBar } from '../progress.js';

const LABELS: Record<BackupProgress['phase'], string> = {
  audit: 'Audit checkpoints',
  database: 'Database',
  blobs: 'Files',
  keys: 'Keys',
  checksums: 'Checksums',
  verify: 'Verifying backup',
  restore: 'Restoring',
  drill: 'Sample of files',
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

/** The commands' log lines go to stderr: stdout carries only the result (under --json, one JSON document). */
async function stderrLogged(makeContext: () => Promise<AppContext>): Promise<AppContext> {
  const ctx = await makeContext();
  ctx.log = pino({ level: ctx.config.logLevel }, pino.destination({ fd: 2, sync: true }));
  return ctx;
}

const SEALED_KEYS_LINES: Record<DrillReport['sealedKeys'], string> = {
  opened: '  The sealed keys open with the passphrase and hold every key version the backup needs.',
  not_checked:
    '  The sealed keys in it were NOT checked: give --passphrase-file <file> (or BAOMI_BACKUP_PASSPHRASE) to prove ' +
    'the passphrase still opens them.',
  none: "  It holds no keys (made without --with-keys): keep the deployment's key directory backed up apart.",
};

/** Where backups go by default: BAOMI_BACKUP_DIR, else `<dataDir>/backups` (the scheduled backups' folder). */
function backupsDirOf(config: { dataDir: string; backupDir?: string | undefined }): string {
  return config.backupDir ?? path.join(config.dataDir, 'backups');
}

/** The backup passphrase: --passphrase-file (first line), else BAOMI_BACKUP_PASSPHRASE. No prompt: scripts run it. */
function passphraseOf(file: string | undefined): string | undefined {
  if (file) return fs.readFileSync(path.resolve(file), 'utf8').split(/\r?\n/)[0] ?? '';
  return process.env.BAOMI_BACKUP_PASSPHRASE || undefined;
}

function targetOf(config: Config): { databaseUrl?: string; databaseFile?: string } {
  const url = config.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) return { databaseUrl: url };
  if (url?.startsWith('sqlite:')) return { databaseFile: path.resolve(url.slice('sqlite:'.length)) };
  return {};
}

/** Whether the restored installation will find a master key: in its key directory or the environment. */
function hasMasterKey(config: Config): boolean {
  if (process.env.BAOMI_MASTER_KEY) return true;
  const dir = config.keysDir ?? path.join(config.dataDir, 'keys');
  return fs.existsSync(dir) && fs.readdirSync(dir).some((n) => /^master(\.\d+)?\.key$/.test(n));
}

export function registerBackupCommands(
  program: Command,
  makeContext: () => Promise<AppContext>,
  loadConfig: () => Config,
): void {
  program
    .command('backup [dir]')
    .description(
      'online backup (SQLite or PostgreSQL): database, audit checkpoints and archive, and files into ' +
        '<dir>/baomi-<timestamp> (default BAOMI_BACKUP_DIR or <dataDir>/backups), with a manifest signed by the ' +
        'audit-signing key; the server may keep running. Keys are left out unless --with-keys. Each backup (and a ' +
        'failed one) is recorded in the job-run history',
    )
    .option(
      '--with-keys',
      'include the key files, sealed with a passphrase (--passphrase-file or BAOMI_BACKUP_PASSPHRASE)',
    )
    .option('--passphrase-file <file>', 'file whose first line is the passphrase that seals the keys')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string | undefined, o: { json?: boolean; withKeys?: boolean; passphraseFile?: string }) => {
      const passphrase = o.withKeys ? passphraseOf(o.passphraseFile) : undefined;
      if (o.withKeys && passphrase === undefined)
        throw new Error(
          '--with-keys needs a passphrase to seal the keys: give --passphrase-file <file> or set BAOMI_BACKUP_PASSPHRASE ' +
            '(keep it apart from the backups).',
        );
      const ctx = await stderrLogged(makeContext);
      try {
        const target = dir ? path.resolve(dir) : backupsDirOf(ctx.config);
        const progress = o.json ? null : phasedProgress();
        const {
          dir: out,
          manifest,
          bytes,
        } = await recordedBackup(
          ctx,
          target,
          (p) => progress?.update(p),
          passphrase !== undefined ? { withKeys: { passphrase } } : {},
        );
        progress?.done();
        if (o.json) {
          console.log(
            JSON.stringify(
              {
                dir: out,
                createdAt: manifest.createdAt,
                database: manifest.database.kind,
                auditHead: manifest.auditHead,
                files: manifest.files.length,
                keysIncluded: manifest.keys.included,
                signedWith: manifest.signature.kid,
              },
              null,
              2,
            ),
          );
          return;
        }
        console.log(`Backup written to ${out}`);
        console.log(
          `  ${manifest.files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB, audit chain at event ${manifest.auditHead.seq}, ` +
            `signed with audit-signing key version ${manifest.signature.kid}`,
        );
        console.log(
          manifest.keys.included
            ? '  The keys are in it, sealed with your passphrase: keep the passphrase apart from the backup.'
            : "  The keys are NOT in it: keep the deployment's key directory (and BAOMI_MASTER_KEY if used) backed up apart.",
        );
      } finally {
        await ctx.handle.close();
      }
    });

  program
    .command('restore [dir]')
    .description(
      'restore a backup folder: SQLite into the data directory (stop the server first), PostgreSQL into the new, ' +
        'empty database DATABASE_URL names. With --drill: restore the latest backup of [dir] (default BAOMI_BACKUP_DIR ' +
        'or <dataDir>/backups) into a scratch folder, verify it and remove it again',
    )
    .option('--drill', 'prove the latest backup restores: signature, checksums, audit chain, a sample of files')
    .option('--force', 'replace an existing installation (its files are moved to <dataDir>/pre-restore-<timestamp>)')
    .option(
      '--passphrase-file <file>',
      'file whose first line is the passphrase of a --with-keys backup (with --drill: prove it opens the sealed keys)',
    )
    .option('--json', 'print the drill report as JSON')
    .action(
      async (
        dir: string | undefined,
        o: { drill?: boolean; force?: boolean; passphraseFile?: string; json?: boolean },
      ) => {
        if (o.drill) {
          const ctx = await stderrLogged(makeContext);
          try {
            const from = dir ? path.resolve(dir) : backupsDirOf(ctx.config);
            const progress = o.json ? null : phasedProgress();
            const passphrase = passphraseOf(o.passphraseFile);
            const r = await drillLatest(ctx, from, (p) => progress?.update(p), passphrase ? { passphrase } : {});
            progress?.done();
            if (o.json) console.log(JSON.stringify(r, null, 2));
            else if (r.ok) {
              console.log(
                `Drill passed: ${r.backupDir} (made ${r.createdAt}) restored and verified in ${(r.durationMs / 1000).toFixed(1)} s: ` +
                  `${r.auditEvents} audit events, ${r.blobsChecked} file(s) decrypted.`,
              );
              console.log(SEALED_KEYS_LINES[r.sealedKeys]);
            } else console.error(`Drill FAILED${r.backupDir ? ` on ${r.backupDir}` : ''}: ${r.error}`);
            if (!r.ok) process.exitCode = 1;
          } finally {
            await ctx.handle.close();
          }
          return;
        }
        if (!dir) throw new Error('Name the backup folder to restore (baomi restore <dir>), or use --drill.');
        const config = loadConfig();
        const progress = phasedProgress();
        const r = await restore(config.dataDir, path.resolve(dir), {
          force: Boolean(o.force),
          ...targetOf(config),
          ...(config.keysDir ? { keysDir: config.keysDir } : {}),
          ...(passphraseOf(o.passphraseFile) !== undefined ? { passphrase: passphraseOf(o.passphraseFile)! } : {}),
          onProgress: (p) => progress.update(p),
        });
        progress.done();
        const into = r.manifest.database.kind === 'postgres' ? `${config.dataDir} and the database` : config.dataDir;
        console.log(
          `Restored the backup of ${r.manifest.createdAt} into ${into}: audit chain verified ` +
            `(${r.audit.eventsChecked} events, ${r.audit.checkpointsChecked} checkpoints).`,
        );
        if (r.movedAsideTo) console.log(`The previous installation was moved to ${r.movedAsideTo}.`);
        if (r.keysRestoredTo) console.log(`The backup's keys were written to ${r.keysRestoredTo}.`);
        if (r.keysRestoredTo && config.keysDir)
          console.log(`BAOMI_KEYS_DIR is set: the server reads ${config.keysDir}, not ${r.keysRestoredTo}.`);
        if (!hasMasterKey(config)) console.log(missingKeysMessage(r.manifest, config.dataDir));
        // The restore writes the heads and the archive in the data directory's default places.
        const moved: [string | undefined, string, string][] = [
          [config.checkpointDir, 'BAOMI_CHECKPOINT_DIR', 'audit'],
          [config.auditArchiveDir, 'BAOMI_AUDIT_ARCHIVE_DIR', 'audit-archive'],
        ];
        for (const [dir, name, sub] of moved)
          if (dir && fs.existsSync(path.join(config.dataDir, sub)))
            console.log(`${name} is set: copy ${path.join(config.dataDir, sub)} to ${dir} before starting the server.`);
        console.log('Start the server when ready.');
      },
    );
}
