import type crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { AuditVerifyResult } from '../contracts/audit-verify.js';
import { checkpointStoreOf } from '../audit/checkpoints.js';
import { verifyAuditChain } from '../audit/verify.js';
import { openPostgres, openSqlite, pgPoolOf, type DatabaseHandle } from '../db/database.js';
import { MIGRATION_NAMES, migrateToLatest } from '../db/migrate.js';
import { fsyncDir } from '../fs-atomic.js';
import type { KeyRing } from '../crypto/keys.js';
import { assertPostgresEmpty, loadDump } from './db-dump.js';
import {
  DAMAGED_NEXT_STEP,
  DATA_DIRS,
  SEALED_KEYS_FILE,
  SQLITE_FILE,
  fsyncFile,
  readManifest,
  sha256File,
  stamp,
  verifyManifest,
  type BackupManifest,
  type ProgressFn,
} from './manifest.js';
import {
  openSealedKeys,
  readKeyFiles,
  sameKeyFiles,
  verifyKeysInDir,
  verifyKeysOfFiles,
  writeKeyFiles,
  type KeyFiles,
} from './sealed-keys.js';
import { BackupError } from './failures.js';

/**
 * Restores a backup (ADR 0029). Nothing is written until the manifest's signature and every file's checksum verified;
 * files are staged and checked before anything is moved into place; a PostgreSQL dump loads in one transaction. The
 * restored audit chain is verified against the restored checkpoints before the restore reports success.
 */
export interface RestoreOptions {
  /** The SQLite file to restore to; default `<dataDir>/baomi.sqlite` (set it for DATABASE_URL=sqlite:<file>). */
  databaseFile?: string;
  /** PostgreSQL: the new, empty database to load into (DATABASE_URL). */
  databaseUrl?: string;
  /** Replace an existing SQLite installation: its files are moved to `<dataDir>/pre-restore-<timestamp>/`. */
  force?: boolean;
  /** Opens the sealed keys of a `--with-keys` backup. */
  passphrase?: string;
  /** The configured key directory (BAOMI_KEYS_DIR), whose public keys check the signature of a backup without keys. */
  keysDir?: string;
  /** The key ring of a running deployment (the drill): checks signatures without reading key files. */
  keyRing?: KeyRing;
  /** The drill: a PostgreSQL dump may load into a scratch SQLite file. */
  scratch?: boolean;
  onProgress?: ProgressFn;
}

export interface RestoreResult {
  manifest: BackupManifest;
  movedAsideTo: string | null;
  /** Where the backup's sealed keys were written, if they were. */
  keysRestoredTo: string | null;
  audit: AuditVerifyResult;
}

/** What to configure when no key at hand checks the backup: the key source and the versions it needs. */
export function missingKeysMessage(m: BackupManifest, dataDir: string): string {
  return (
    'This backup holds no keys (it was made without --with-keys) and no key at hand checks its signature. ' +
    "Configure the deployment's key source first: set BAOMI_KEYS_DIR to the deployment's key directory, or copy its " +
    `key files into ${path.join(dataDir, 'keys')}. The backup needs master key version(s) ${m.keys.master.join(', ')} ` +
    '(master.key / master.<n>.key, or BAOMI_MASTER_KEY for version 1) and audit-signing key version(s) ' +
    `${m.keys.signing.join(', ')} (audit-signing[.<n>].pem with its .pub.pem).`
  );
}

/** Reads and checks a backup: its signature (with the keys at hand), then every file. Writes nothing. */
export async function verifyBackup(
  backupDir: string,
  opts: Pick<RestoreOptions, 'passphrase' | 'keysDir' | 'keyRing' | 'onProgress'> & { dataDir?: string } = {},
): Promise<{ manifest: BackupManifest; keyFiles: KeyFiles | null; verifyKeys: Map<string, crypto.KeyObject> }> {
  const m = readManifest(backupDir);
  const dataDir = opts.dataDir ?? '.';
  let keyFiles: KeyFiles | null = null;
  let verifyKeys = new Map<string, crypto.KeyObject>();
  if (opts.keyRing) verifyKeys = new Map(opts.keyRing.signing.map((s) => [s.kid, s.verifyKey]));
  else {
    if (m.keys.included && opts.passphrase !== undefined) {
      const sealed = path.join(backupDir, SEALED_KEYS_FILE);
      if (!fs.existsSync(sealed))
        throw new BackupError(
          'backup_incomplete',
          `The backup is incomplete: ${SEALED_KEYS_FILE} is missing. ${DAMAGED_NEXT_STEP}`,
        );
      keyFiles = openSealedKeys(fs.readFileSync(sealed, 'utf8'), opts.passphrase);
      verifyKeys = verifyKeysOfFiles(keyFiles);
    } else verifyKeys = verifyKeysInDir(opts.keysDir ?? path.join(dataDir, 'keys'));
    if (verifyKeys.size === 0) {
      if (m.keys.included)
        throw new BackupError(
          'sealed_keys_unusable',
          'This backup holds its keys sealed with a passphrase: give it with --passphrase-file <file> or ' +
            "BAOMI_BACKUP_PASSPHRASE (or configure BAOMI_KEYS_DIR with the deployment's keys).",
        );
      throw new BackupError('signing_key_missing', missingKeysMessage(m, dataDir));
    }
  }
  await verifyManifest(backupDir, m, (kid) => verifyKeys.get(kid), opts.onProgress);
  return { manifest: m, keyFiles, verifyKeys };
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
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
      throw new Error(
        `The database ${file} is in use (is the Baomi server running?). Stop every server and CLI using it, then restore.`,
      );
    throw e;
  } finally {
    d.close();
  }
}

/** Refuses, before anything is written, a backup made at other migrations than this build's. */
function assertSameMigrations(m: BackupManifest): void {
  if ([...m.migrations].sort().join() === MIGRATION_NAMES.join()) return;
  throw new BackupError(
    'version_mismatch',
    `The backup was made by Baomi ${m.baomiVersion} at migration ${m.migrations.at(-1) ?? '(none)'}; this Baomi is at ` +
      `${MIGRATION_NAMES.at(-1) ?? '(none)'}. Restore with the Baomi version that made the backup, then upgrade.`,
  );
}

/** Loads a PostgreSQL dump into a new database: PostgreSQL in one transaction, or a scratch SQLite file (the drill). */
async function loadDatabase(m: BackupManifest, backupDir: string, handle: DatabaseHandle, onProgress?: ProgressFn) {
  if (m.database.kind !== 'postgres') return;
  const dumpDir = path.join(backupDir, m.database.dir);
  await migrateToLatest(handle.db);
  const pool = pgPoolOf(handle.db);
  if (pool) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await loadDump({ kind: 'postgres', client }, dumpDir, m.database.tables, onProgress);
      await client.query('commit');
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    return;
  }
  const sqlite = handle.sqlite!;
  sqlite.pragma('foreign_keys = OFF');
  sqlite.exec('begin immediate');
  try {
    await loadDump({ kind: 'sqlite', db: sqlite }, dumpDir, m.database.tables, onProgress);
    sqlite.exec('commit');
  } catch (e) {
    sqlite.exec('rollback');
    throw e;
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

/** A key ring holding only public signing keys: chain verification reads nothing else. */
function verifyingRing(verifyKeys: Map<string, crypto.KeyObject>): KeyRing {
  return { signing: [...verifyKeys].map(([kid, verifyKey]) => ({ kid, verifyKey })) } as unknown as KeyRing;
}

/**
 * Restores a backup into a data directory (and, for a PostgreSQL backup, a new database). The SQLite database must
 * not be open: stop the server (and any CLI) first; with `force`, an existing SQLite installation is checked with an
 * exclusive lock and moved aside. A PostgreSQL target must hold no installation.
 */
export async function restore(dataDir: string, backupDir: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const target = path.resolve(dataDir);
  const { manifest: m, keyFiles, verifyKeys } = await verifyBackup(backupDir, { ...opts, dataDir: target });
  const onPg = m.database.kind === 'postgres' && !opts.scratch;
  // A SQLite file upgrades itself at the next start; a dump needs this build's schema to be the backup's.
  if (m.database.kind === 'postgres') assertSameMigrations(m);
  if (m.database.kind === 'sqlite' && opts.databaseUrl)
    throw new Error(
      'This is the backup of a SQLite installation: restore it with DATABASE_URL unset (or sqlite:<file>).',
    );
  if (onPg && !opts.databaseUrl)
    throw new Error(
      'This is the backup of a PostgreSQL installation: set DATABASE_URL to a new, empty database and restore again.',
    );
  const dbFile = path.resolve(opts.databaseFile ?? path.join(target, SQLITE_FILE));
  const dbSiblings = onPg ? [] : [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`];
  const keysDir = path.join(target, 'keys');
  const backupKeys = keyFiles !== null && Object.keys(keyFiles).length > 0 ? keyFiles : null;
  const targetKeys = readKeyFiles(keysDir, undefined);
  // Other keys than the backup's would not open its data: they go aside with the rest (--force), never stay.
  const replaceKeys =
    backupKeys !== null && Object.keys(targetKeys).length > 0 && !sameKeyFiles(targetKeys, backupKeys);
  const writeKeys = backupKeys !== null && (Object.keys(targetKeys).length === 0 || replaceKeys);
  const existing = [...dbSiblings, ...DATA_DIRS.map((d) => path.join(target, d))].filter((p) => fs.existsSync(p));
  const st = stamp(new Date());
  if (replaceKeys && !opts.force)
    throw new Error(
      `${keysDir} holds other keys than the backup's (it needs master key version(s) ${m.keys.master.join(', ')} and ` +
        `audit-signing key version(s) ${m.keys.signing.join(', ')}): the restored data would not open with them. ` +
        "Use --force to move them to a pre-restore folder and write the backup's keys.",
    );
  if (existing.length > 0) {
    if (!opts.force)
      throw new Error(
        `${target} already holds a Baomi installation (${existing.map((p) => path.basename(p)).join(', ')}). ` +
          'Restore into an empty data directory, or use --force to replace it (the current files are kept in a pre-restore folder).',
      );
    if (fs.existsSync(dbFile) && !onPg) assertDatabaseNotInUse(dbFile);
  }
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.dirname(dbFile), { recursive: true, mode: 0o700 });

  // Stage every file first (and check the staged copies), so a failure leaves the target untouched.
  const staging = path.join(target, `.restore-${st}`);
  const stagedDb = `${dbFile}.restore-${st}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { mode: 0o700 });
  let movedAsideTo: string | null = null;
  let handle: DatabaseHandle | null = null;
  try {
    const copied = m.files.filter((f) => f.path !== SEALED_KEYS_FILE && !f.path.startsWith(`database/`));
    for (const [i, f] of copied.entries()) {
      const from = path.join(backupDir, ...f.path.split('/'));
      const to = f.path === SQLITE_FILE ? stagedDb : path.join(staging, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
      fs.copyFileSync(from, to);
      fs.chmodSync(to, 0o600);
      fsyncFile(to);
      if ((await sha256File(to)) !== f.sha256)
        throw new BackupError('checksum_mismatch', `Copying ${f.path} produced a different file (disk error?)`);
      opts.onProgress?.({ phase: 'restore', done: i + 1, total: copied.length });
    }
    if (writeKeys) writeKeyFiles(path.join(staging, 'keys'), keyFiles!);

    // A PostgreSQL dump: into the new database (one transaction), or into the drill's scratch SQLite file.
    if (m.database.kind === 'postgres') {
      if (onPg) {
        handle = openPostgres(opts.databaseUrl!, 2);
        const client = await pgPoolOf(handle.db)!.connect();
        try {
          await assertPostgresEmpty(client);
        } finally {
          client.release();
        }
      } else handle = openSqlite(stagedDb);
      await loadDatabase(m, backupDir, handle, opts.onProgress);
      if (!onPg) {
        await handle.close();
        handle = null;
        for (const s of ['-wal', '-shm']) fs.rmSync(stagedDb + s, { force: true });
      }
    }

    const aside = [...existing, ...(replaceKeys ? [keysDir] : [])];
    if (aside.length > 0) {
      movedAsideTo = path.join(target, `pre-restore-${st}`);
      fs.mkdirSync(movedAsideTo, { mode: 0o700 });
      for (const p of aside) fs.renameSync(p, path.join(movedAsideTo, path.basename(p)));
      fsyncDir(path.dirname(dbFile));
    }
    for (const d of [...DATA_DIRS, ...(writeKeys ? ['keys'] : [])]) {
      const from = path.join(staging, d);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(target, d));
    }
    if (!onPg) fs.renameSync(stagedDb, dbFile);
    fsyncDir(target);
    fsyncDir(path.dirname(dbFile));
  } catch (e) {
    fs.rmSync(stagedDb, { force: true });
    await handle?.close();
    throw e;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }

  // The restored chain, against the restored checkpoints, with the keys that checked the backup.
  handle ??= onPg ? openPostgres(opts.databaseUrl!, 2) : openSqlite(dbFile);
  let audit: AuditVerifyResult;
  try {
    // With the restored archive segments, when there are any: the whole chain from event 1 is checked.
    const archiveDir = path.join(target, 'audit-archive');
    audit = await verifyAuditChain(
      handle.db,
      checkpointStoreOf(target),
      opts.keyRing ?? verifyingRing(verifyKeys),
      undefined,
      fs.existsSync(archiveDir) ? { archiveDir } : {},
    );
  } finally {
    await handle.close();
  }
  if (!audit.ok)
    throw new BackupError(
      'audit_chain_broken',
      `The backup was restored into ${target}, but its audit chain does not verify: ${audit.firstBreak?.message}. ` +
        'Do not start the server on it; restore an earlier backup, or investigate with "baomi audit verify".',
    );
  return { manifest: m, movedAsideTo, keysRestoredTo: writeKeys ? keysDir : null, audit };
}
