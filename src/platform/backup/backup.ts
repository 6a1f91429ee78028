import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { AppError } from '../errors.js';
import type { AppContext } from '../context.js';
import { fsyncDir, writeFileAtomic } from '../fs-atomic.js';
import { BAOMI_VERSION } from '../version.js';
import { checkpointDirOf, checkpointFile, trimCheckpointFile } from '../audit/checkpoints.js';
import { keysDirOf } from '../crypto/keys.js';

/**
 * Backup and restore of a Baomi installation on SQLite.
 *
 * A backup is a folder `<target>/baomi-<UTC timestamp>/` holding:
 *   baomi.sqlite   consistent online copy (SQLite backup API: the server keeps running and writing)
 *   audit/         signed audit-head checkpoints (from BAOMI_CHECKPOINT_DIR when set)
 *   keys/          master key and audit signing key versions (from BAOMI_KEYS_DIR when set; the backup is as
 *                  secret as the data dir itself)
 *   blobs/         stored files, when present
 *   manifest.json  size and sha256 of every file, written last: a folder without it is incomplete
 *
 * Order matters for consistency: the checkpoints are copied after the database, keeping only those up to the
 * copied chain's head (the copy holds every checkpoint the copied database recorded, and none naming an event
 * it lacks), and blobs after it (every blob the database references exists).
 *
 * PostgreSQL installations use pg_dump instead (see backup()'s error message).
 */
export const BACKUP_FORMAT = 'baomi-backup';
export const BACKUP_FORMAT_VERSION = 1;
const DB_FILE = 'baomi.sqlite';
const MANIFEST = 'manifest.json';
const DIRS = ['audit', 'keys', 'blobs'] as const;

export interface BackupFileEntry {
  path: string; // relative, '/'-separated
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  baomiVersion: string;
  database: { kind: 'sqlite'; file: string };
  auditHead: { seq: number; hash: string; alg: string };
  /** False when BAOMI_MASTER_KEY came from the environment: that key must be kept separately. */
  masterKeyIncluded: boolean;
  files: BackupFileEntry[];
}

export interface BackupProgress {
  phase: 'audit' | 'database' | 'blobs' | 'keys' | 'checksums' | 'verify' | 'restore';
  done: number;
  total: number;
}
export type ProgressFn = (p: BackupProgress) => void;

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Files under dir, as '/'-separated paths relative to base. */
function listFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full, base));
    else if (e.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

export async function sha256File(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Copies every file under src. With `live` (the blob folder, written while we copy): in-progress `*.tmp`
 * files are skipped and a file that disappears between listing and copying is skipped too.
 */
function copyTree(
  src: string,
  dest: string,
  opts: { mode?: number; live?: boolean },
  onFile?: (done: number, total: number) => void,
): void {
  const files = listFiles(src).filter((rel) => !(opts.live && rel.endsWith('.tmp')));
  files.forEach((rel, i) => {
    const to = path.join(dest, ...rel.split('/'));
    fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
    try {
      fs.copyFileSync(path.join(src, ...rel.split('/')), to);
    } catch (e) {
      if (opts.live && (e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    if (opts.mode !== undefined) fs.chmodSync(to, opts.mode);
    fsyncFile(to);
    onFile?.(i + 1, files.length);
  });
}

/**
 * Consistent online backup into a new folder `<targetDir>/baomi-<timestamp>`. Returns that folder and the
 * manifest. Refuses on PostgreSQL.
 */
export async function backup(
  ctx: AppContext,
  targetDir: string,
  onProgress?: ProgressFn,
): Promise<{ dir: string; manifest: BackupManifest }> {
  const sqlite = ctx.handle.sqlite;
  if (ctx.kind !== 'sqlite' || !sqlite) {
    throw new AppError(
      'bad_request',
      'Built-in backup covers SQLite only. On PostgreSQL, back up the database with pg_dump ' +
        '(e.g. pg_dump --format=custom --file=baomi.dump "$DATABASE_URL") and copy the keys, audit and blobs folders of the data directory.',
    );
  }
  const dataDir = ctx.config.dataDir;
  const parent = path.resolve(targetDir);
  fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
  let name = `baomi-${stamp(ctx.now())}`;
  for (let i = 2; fs.existsSync(path.join(parent, name)); i++) name = `baomi-${stamp(ctx.now())}-${i}`;
  const finalDir = path.join(parent, name);
  const staging = path.join(parent, `.${name}.partial`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { mode: 0o700 });
  try {
    // 2. The database, online. better-sqlite3 copies in steps and yields to the event loop in between.
    const dbCopy = path.join(staging, DB_FILE);
    await sqlite.backup(dbCopy, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.({ phase: 'database', done: totalPages - remainingPages, total: totalPages });
        return 256;
      },
    });
    // Make the copy a single self-contained file (rollback journal mode) and check it.
    let auditHead: BackupManifest['auditHead'];
    const copy = new SqliteDatabase(dbCopy);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the database copy failed its integrity check: ${String(check)}`);
      const h = copy.prepare('select seq, hash, alg from audit_head where id = 1').get() as
        { seq: number | bigint; hash: string; alg: string } | undefined;
      auditHead = { seq: Number(h?.seq ?? 0), hash: h?.hash ?? '', alg: h?.alg ?? '' };
    } finally {
      copy.close();
    }
    fsyncFile(dbCopy);

    // 3. Checkpoints after the database: the store holds every checkpoint the copied database recorded
    // (records go to the store first); those signed after the copy's head are dropped from the copy.
    copyTree(checkpointDirOf(ctx.config), path.join(staging, 'audit'), {}, (done, total) =>
      onProgress?.({ phase: 'audit', done, total }),
    );
    trimCheckpointFile(checkpointFile(staging), auditHead.seq);

    // 4. Blobs after the database, then keys (owner-only permissions).
    copyTree(path.join(dataDir, 'blobs'), path.join(staging, 'blobs'), { live: true }, (done, total) =>
      onProgress?.({ phase: 'blobs', done, total }),
    );
    copyTree(keysDirOf(ctx.config), path.join(staging, 'keys'), { mode: 0o600 }, (done, total) =>
      onProgress?.({ phase: 'keys', done, total }),
    );

    // 5. Checksums and the manifest, last.
    const rels = listFiles(staging);
    const files: BackupFileEntry[] = [];
    for (const [i, rel] of rels.entries()) {
      const full = path.join(staging, ...rel.split('/'));
      files.push({ path: rel, size: fs.statSync(full).size, sha256: await sha256File(full) });
      onProgress?.({ phase: 'checksums', done: i + 1, total: rels.length });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: ctx.now().toISOString(),
      baomiVersion: BAOMI_VERSION,
      database: { kind: 'sqlite', file: DB_FILE },
      auditHead,
      masterKeyIncluded: rels.includes('keys/master.key'),
      files,
    };
    writeFileAtomic(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', 0o600);
    for (const d of new Set(rels.map((r) => path.posix.dirname(r)))) fsyncDir(path.join(staging, ...d.split('/')));
    fs.renameSync(staging, finalDir);
    fsyncDir(parent);
    ctx.log.info({ dir: finalDir, files: files.length, auditSeq: auditHead.seq }, 'backup written');
    return { dir: finalDir, manifest };
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/** Reads and checks a backup's manifest and every file's size and checksum; throws on any difference. */
export async function verifyBackup(backupDir: string, onProgress?: ProgressFn): Promise<BackupManifest> {
  const manifestFile = path.join(backupDir, MANIFEST);
  if (!fs.existsSync(manifestFile))
    throw new Error(`${backupDir} is not a Baomi backup (no ${MANIFEST}; an interrupted backup has none)`);
  let m: BackupManifest;
  try {
    m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  } catch {
    throw new Error(`The backup manifest ${manifestFile} is not valid JSON: the backup is damaged`);
  }
  if (m.format !== BACKUP_FORMAT || typeof m.formatVersion !== 'number' || !Array.isArray(m.files)) {
    throw new Error(`${manifestFile} is not a Baomi backup manifest`);
  }
  if (m.formatVersion > BACKUP_FORMAT_VERSION)
    throw new Error(
      `This backup has format ${m.formatVersion}; this Baomi reads up to ${BACKUP_FORMAT_VERSION}. Upgrade Baomi first.`,
    );
  const seen = new Set<string>();
  for (const f of m.files) {
    const rel = String(f.path);
    const norm = path.posix.normalize(rel);
    const top = norm.split('/')[0];
    const allowed = norm === DB_FILE || (DIRS as readonly string[]).includes(top ?? '');
    if (
      norm !== rel ||
      path.posix.isAbsolute(rel) ||
      rel.includes('\\') ||
      norm.startsWith('..') ||
      !allowed ||
      (norm !== DB_FILE && norm === top)
    ) {
      throw new Error(`The backup manifest lists an unexpected path "${rel}": refusing to restore`);
    }
    seen.add(norm);
  }
  if (!seen.has(DB_FILE)) throw new Error(`The backup has no ${DB_FILE}`);
  for (const [i, f] of m.files.entries()) {
    const full = path.join(backupDir, ...f.path.split('/'));
    if (!fs.existsSync(full)) throw new Error(`The backup is incomplete: ${f.path} is missing`);
    const size = fs.statSync(full).size;
    if (size !== f.size || (await sha256File(full)) !== f.sha256) {
      throw new Error(`The backup is damaged or was altered: ${f.path} does not match its checksum in ${MANIFEST}`);
    }
    onProgress?.({ phase: 'verify', done: i + 1, total: m.files.length });
  }
  return m;
}

/** Throws if another connection (a running server, a CLI) has the SQLite file open. */
export function assertDatabaseNotInUse(file: string): void {
  let d: SqliteDatabase.Database;
  try {
    d = new SqliteDatabase(file, { fileMustExist: true, timeout: 0 });
  } catch (e) {
    throw new Error(`Cannot open ${file} to check it is not in use: ${(e as Error).message}`);
  }
  try {
    // An exclusive lock cannot be had while any other connection (even an idle WAL reader) is open.
    d.pragma('locking_mode = EXCLUSIVE');
    d.exec('BEGIN EXCLUSIVE');
    d.exec('COMMIT');
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new Error(
        `The database ${file} is in use (is the Baomi server running?). Stop every server and CLI using it, then restore.`,
      );
    }
    throw e;
  } finally {
    d.close();
  }
}

export interface RestoreOptions {
  /** The database file to restore to; default `<dataDir>/baomi.sqlite` (set it for DATABASE_URL=sqlite:<file>). */
  databaseFile?: string;
  /** Replace an existing installation: its files are moved to `<dataDir>/pre-restore-<timestamp>/`, not deleted. */
  force?: boolean;
  onProgress?: ProgressFn;
}

/**
 * Restores a backup into a data directory. The database must not be open: stop the server (and any CLI)
 * first; with `force`, an existing database is checked with an exclusive lock and the restore refuses while
 * anything else has it open. Every file is verified against the manifest, staged next to its destination
 * and renamed into place (atomic per file/folder); the database file is moved in last.
 */
export async function restore(
  dataDir: string,
  backupDir: string,
  opts: RestoreOptions = {},
): Promise<{ manifest: BackupManifest; movedAsideTo: string | null }> {
  const manifest = await verifyBackup(backupDir, opts.onProgress);
  const target = path.resolve(dataDir);
  const dbFile = path.resolve(opts.databaseFile ?? path.join(target, DB_FILE));
  const dbSiblings = [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`];
  const existing = [...dbSiblings, ...DIRS.map((d) => path.join(target, d))].filter((p) => fs.existsSync(p));
  const st = stamp(new Date());
  let movedAsideTo: string | null = null;
  if (existing.length > 0) {
    if (!opts.force) {
      throw new Error(
        `${target} already holds a Baomi installation (${existing.map((p) => path.basename(p)).join(', ')}). ` +
          'Restore into an empty data directory, or use --force to replace it (the current files are kept in a pre-restore folder).',
      );
    }
    if (fs.existsSync(dbFile)) assertDatabaseNotInUse(dbFile);
  }
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.dirname(dbFile), { recursive: true, mode: 0o700 });

  // Stage everything first (and check the staged copies), so a failure leaves the target untouched.
  const staging = path.join(target, `.restore-${st}`);
  const stagedDb = `${dbFile}.restore-${st}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { mode: 0o700 });
  try {
    for (const [i, f] of manifest.files.entries()) {
      const from = path.join(backupDir, ...f.path.split('/'));
      const to = f.path === DB_FILE ? stagedDb : path.join(staging, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
      fs.copyFileSync(from, to);
      fs.chmodSync(to, 0o600);
      fsyncFile(to);
      if ((await sha256File(to)) !== f.sha256)
        throw new Error(`Copying ${f.path} produced a different file (disk error?)`);
      opts.onProgress?.({ phase: 'restore', done: i + 1, total: manifest.files.length });
    }

    if (existing.length > 0) {
      movedAsideTo = path.join(target, `pre-restore-${st}`);
      fs.mkdirSync(movedAsideTo, { mode: 0o700 });
      for (const p of existing) fs.renameSync(p, path.join(movedAsideTo, path.basename(p)));
      fsyncDir(path.dirname(dbFile));
    }
    for (const d of DIRS) {
      const from = path.join(staging, d);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(target, d));
    }
    fs.renameSync(stagedDb, dbFile);
    fsyncDir(target);
    fsyncDir(path.dirname(dbFile));
  } catch (e) {
    fs.rmSync(stagedDb, { force: true });
    throw e;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { manifest, movedAsideTo };
}
