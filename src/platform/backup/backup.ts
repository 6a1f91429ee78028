import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { AppContext } from '../context.js';
import { fsyncDir, writeFileAtomic } from '../fs-atomic.js';
import { BAOMI_VERSION } from '../version.js';
import { auditArchiveDirOf } from '../audit/archive-files.js';
import { checkpointDirOf, checkpointFile, trimCheckpointFile } from '../audit/checkpoints.js';
import { keysDirOf } from '../crypto/keys.js';
import { pgPoolOf } from '../db/database.js';
import { dumpPostgres, dumpedValues } from './db-dump.js';
import { BLOB_COLUMN, blobIdsInSqlite, blobPath, missingBlobs } from './blob-refs.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  DUMP_DIR,
  MANIFEST,
  SEALED_KEYS_FILE,
  SQLITE_FILE,
  fsyncFile,
  listFiles,
  removeLeftovers,
  sha256File,
  signManifest,
  stamp,
  type BackupDatabase,
  type BackupFileEntry,
  type BackupManifest,
  type ProgressFn,
} from './manifest.js';
import { checkPassphrase, readKeyFiles, sealKeyFiles } from './sealed-keys.js';

export {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  sha256File,
  type BackupFileEntry,
  type BackupManifest,
  type BackupProgress,
  type ProgressFn,
} from './manifest.js';
import { BackupError } from './failures.js';
export { restore, verifyBackup, assertDatabaseNotInUse, type RestoreOptions } from './restore.js';

/**
 * Online backup of a Baomi installation, on SQLite and PostgreSQL (ADR 0029).
 *
 * A backup is a folder `<target>/baomi-<UTC timestamp>/` holding:
 *   baomi.sqlite          SQLite: a consistent online copy (SQLite backup API: the server keeps running and writing)
 *   database/<t>.jsonl    PostgreSQL: every table, dumped in one snapshot transaction (db-dump.ts)
 *   audit/                signed audit-head checkpoints (from BAOMI_CHECKPOINT_DIR when set)
 *   audit-archive/        the audit trail's archived segments, when there are any
 *   blobs/                stored files (encrypted under the master key), when present
 *   keys.sealed           only with --with-keys: the key files sealed with a passphrase (sealed-keys.ts)
 *   manifest.json         size and sha256 of every file, signed with the audit-signing key; written last, so a
 *                         folder without it is incomplete
 *
 * Keys are left out by default: such a backup opens no sealed secret or blob without the deployment's key
 * directory, and can sign nothing.
 *
 * Order matters for consistency: the checkpoints are copied after the database, keeping only those up to the
 * copied chain's head (the copy holds every checkpoint the copied database recorded, and none naming an event
 * it lacks), and blobs and archive segments after it (every one the database references exists).
 */
export interface BackupOptions {
  /** Include the key files, sealed with this passphrase (kept apart from the backup by the operator). */
  withKeys?: { passphrase: string };
}

/**
 * Copies every file under src. Folders written while we copy (blobs, archive segments): in-progress `*.tmp` files
 * are skipped and a file that disappears between listing and copying is skipped too.
 */
export function copyTree(src: string, dest: string, onFile?: (done: number, total: number) => void): void {
  const files = listFiles(src).filter((rel) => !rel.endsWith('.tmp'));
  files.forEach((rel, i) => {
    const to = path.join(dest, ...rel.split('/'));
    fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
    try {
      fs.copyFileSync(path.join(src, ...rel.split('/')), to);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    fs.chmodSync(to, 0o600);
    fsyncFile(to);
    onFile?.(i + 1, files.length);
  });
}

/**
 * Every blob the copied database references must be in the copy. One the folder listing missed is copied now; one
 * removed since the snapshot (a service deletes a blob after its transaction) fails the backup, naming it: the
 * next run catches a consistent moment, and a backup is never kept with files its database needs missing.
 */
function copyBlobsReferenced(dataDir: string, staging: string, ids: readonly string[]): void {
  for (const id of missingBlobs(staging, ids)) {
    if (!fs.existsSync(blobPath(dataDir, id))) continue;
    fs.mkdirSync(path.dirname(blobPath(staging, id)), { recursive: true, mode: 0o700 });
    fs.copyFileSync(blobPath(dataDir, id), blobPath(staging, id));
    fs.chmodSync(blobPath(staging, id), 0o600);
    fsyncFile(blobPath(staging, id));
  }
  const missing = missingBlobs(staging, ids);
  if (missing.length > 0)
    throw new BackupError(
      'blob_missing',
      `The database copy references ${missing.length} stored file(s) missing from ${path.join(dataDir, 'blobs')} ` +
        `(${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}); the backup was not kept. Run the ` +
        'backup again: a file removed while it ran is then no longer referenced. If the same files are named again, ' +
        'they are lost from the deployment itself: restore them from an earlier backup.',
    );
}

/** SQLite: the backup API's online copy, made one self-contained file and checked. */
async function copySqlite(
  sqlite: SqliteDatabase.Database,
  staging: string,
  onProgress?: ProgressFn,
): Promise<{
  database: BackupDatabase;
  migrations: string[];
  auditHead: BackupManifest['auditHead'];
  blobIds: string[];
}> {
  const dbCopy = path.join(staging, SQLITE_FILE);
  // better-sqlite3 copies in steps and yields to the event loop in between.
  await sqlite.backup(dbCopy, {
    progress: ({ totalPages, remainingPages }) => {
      onProgress?.({ phase: 'database', done: totalPages - remainingPages, total: totalPages });
      return 256;
    },
  });
  const copy = new SqliteDatabase(dbCopy);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw new BackupError('database_copy_failed', `the database copy failed its integrity check: ${String(check)}`);
    const h = copy.prepare('select seq, hash, alg from audit_head where id = 1').get() as
      { seq: number | bigint; hash: string; alg: string } | undefined;
    const migrations = copy.prepare('select name from kysely_migration order by name').pluck().all() as string[];
    fsyncFile(dbCopy);
    return {
      database: { kind: 'sqlite', file: SQLITE_FILE },
      migrations,
      auditHead: { seq: Number(h?.seq ?? 0), hash: h?.hash ?? '', alg: h?.alg ?? '' },
      blobIds: blobIdsInSqlite(copy),
    };
  } finally {
    copy.close();
  }
}

/**
 * Consistent online backup into a new folder `<targetDir>/baomi-<timestamp>`. Returns that folder and the
 * manifest.
 */
export async function backup(
  ctx: AppContext,
  targetDir: string,
  onProgress?: ProgressFn,
  opts: BackupOptions = {},
): Promise<{ dir: string; manifest: BackupManifest }> {
  const withKeys = opts.withKeys;
  if (withKeys) checkPassphrase(withKeys.passphrase); // before any work: a short passphrase is refused up front
  const parent = path.resolve(targetDir);
  fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
  const removed = removeLeftovers(parent, ctx.now());
  if (removed.length > 0) ctx.log.info({ dir: parent, removed }, 'removed leftovers of crashed backups or drills');
  let name = `baomi-${stamp(ctx.now())}`;
  for (let i = 2; fs.existsSync(path.join(parent, name)); i++) name = `baomi-${stamp(ctx.now())}-${i}`;
  const finalDir = path.join(parent, name);
  const staging = path.join(parent, `.${name}.partial`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { mode: 0o700 });
  try {
    // 1. The database, online.
    const pool = pgPoolOf(ctx.db);
    let db: Awaited<ReturnType<typeof copySqlite>>;
    if (ctx.handle.sqlite) db = await copySqlite(ctx.handle.sqlite, staging, onProgress);
    else if (pool) {
      const d = await dumpPostgres(pool, path.join(staging, DUMP_DIR), onProgress);
      db = {
        database: { kind: 'postgres', dir: DUMP_DIR, tables: d.tables },
        migrations: d.migrations,
        auditHead: d.auditHead,
        blobIds: await dumpedValues(path.join(staging, DUMP_DIR), d.tables, (c) => BLOB_COLUMN.test(c)),
      };
    } else throw new Error(`Cannot back up a ${ctx.kind} database`);

    // 2. Checkpoints after the database: the store holds every checkpoint the copied database recorded
    // (records go to the store first); those signed after the copy's head are dropped from the copy.
    copyTree(checkpointDirOf(ctx.config), path.join(staging, 'audit'), (done, total) =>
      onProgress?.({ phase: 'audit', done, total }),
    );
    trimCheckpointFile(checkpointFile(staging), db.auditHead.seq);

    // 3. Blobs and archive segments after the database; the keys only when asked for, sealed.
    copyTree(path.join(ctx.config.dataDir, 'blobs'), path.join(staging, 'blobs'), (done, total) =>
      onProgress?.({ phase: 'blobs', done, total }),
    );
    copyBlobsReferenced(ctx.config.dataDir, staging, db.blobIds);
    copyTree(auditArchiveDirOf(ctx.config), path.join(staging, 'audit-archive'));
    if (withKeys) {
      const files = readKeyFiles(keysDirOf(ctx.config), process.env.BAOMI_MASTER_KEY || undefined);
      writeFileAtomic(path.join(staging, SEALED_KEYS_FILE), sealKeyFiles(files, withKeys.passphrase), 0o600);
      onProgress?.({ phase: 'keys', done: 1, total: 1 });
    }

    // 4. Checksums and the signed manifest, last.
    const rels = listFiles(staging);
    const files: BackupFileEntry[] = [];
    for (const [i, rel] of rels.entries()) {
      const full = path.join(staging, ...rel.split('/'));
      files.push({ path: rel, size: fs.statSync(full).size, sha256: await sha256File(full) });
      onProgress?.({ phase: 'checksums', done: i + 1, total: rels.length });
    }
    const manifest = signManifest(
      {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: ctx.now().toISOString(),
        baomiVersion: BAOMI_VERSION,
        database: db.database,
        migrations: db.migrations,
        auditHead: db.auditHead,
        keys: {
          included: Boolean(withKeys),
          master: ctx.keys.master.versions.map((v) => v.kid),
          signing: ctx.keys.signing.map((s) => s.kid),
        },
        files,
      },
      ctx.keys.signingKid,
      ctx.keys.signingKey,
    );
    writeFileAtomic(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', 0o600);
    for (const d of new Set(rels.map((r) => path.posix.dirname(r)))) fsyncDir(path.join(staging, ...d.split('/')));
    fs.renameSync(staging, finalDir);
    fsyncDir(parent);
    ctx.log.info({ dir: finalDir, files: files.length, auditSeq: db.auditHead.seq }, 'backup written');
    return { dir: finalDir, manifest };
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
