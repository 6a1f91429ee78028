import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BlobStore } from '../blobs/blob-store.js';
import type { AppContext } from '../context.js';
import SqliteDatabase from 'better-sqlite3';
import { blobIdsInSqlite, missingBlobs } from './blob-refs.js';
import {
  DAMAGED_NEXT_STEP,
  MANIFEST,
  SEALED_KEYS_FILE,
  removeLeftovers,
  SQLITE_FILE,
  type BackupManifest,
  type ProgressFn,
} from './manifest.js';
import { openSealedKeys } from './sealed-keys.js';
import { restore } from './restore.js';
import type { BackupFailure } from '../contracts/backup-failures.js';
import { BackupError, backupFailureOf } from './failures.js';

/**
 * The restore drill (`baomi restore --drill`, and B2's scheduled job): proves the latest backup can be restored. It
 * restores into a scratch folder beside the backups (a PostgreSQL dump into a scratch SQLite file: the dump is
 * dialect-neutral, so no second server is needed), which checks the manifest's signature, every checksum and the
 * restored audit chain against its checkpoints; then it decrypts a sample of blobs with the deployment's keys, and
 * removes the scratch copy whatever happened.
 */
export interface DrillReport {
  ok: boolean;
  /** The backup drilled; null when the folder holds none. */
  backupDir: string | null;
  /** When that backup was made (its manifest), null when unknown. */
  createdAt: string | null;
  durationMs: number;
  auditEvents: number;
  blobsChecked: number;
  /**
   * A `--with-keys` backup's sealed keys: 'opened' with the passphrase given (and holding every key version the
   * backup needs), 'not_checked' when no passphrase was given (a lost passphrase would go unnoticed), 'none' when
   * the backup holds no keys.
   */
  sealedKeys: 'opened' | 'not_checked' | 'none';
  error?: string;
  /** Why it failed (`error` is the English detail). */
  failure?: BackupFailure;
}

export interface DrillOptions {
  /** Opens a `--with-keys` backup's sealed keys: the drill then proves the passphrase still opens them. */
  passphrase?: string;
}

/** Opens the sealed keys and checks they hold every key version the manifest says the data needs. */
function checkSealedKeys(backupDir: string, m: BackupManifest, passphrase: string): void {
  const files = openSealedKeys(fs.readFileSync(path.join(backupDir, SEALED_KEYS_FILE), 'utf8'), passphrase);
  const named = (base: string, kid: string, ext: string) => (kid === '1' ? `${base}${ext}` : `${base}.${kid}${ext}`);
  const needed = [
    ...m.keys.master.map((kid) => named('master', kid, '.key')),
    ...m.keys.signing.flatMap((kid) => [named('audit-signing', kid, '.pem'), named('audit-signing', kid, '.pub.pem')]),
  ];
  const lacking = needed.filter((n) => !files[n]);
  if (lacking.length > 0)
    throw new BackupError(
      'sealed_keys_unusable',
      `The sealed keys open, but lack ${lacking.join(', ')}: a restore from this backup alone could not open its data. ` +
        'Take a new backup with --with-keys.',
    );
}

/** Blobs decrypted per drill: enough to catch a wrong master key or damaged files, bounded in time. */
export const DRILL_BLOB_SAMPLE = 16;

/** The newest finished backup (`baomi-*` with a manifest) in a folder; names sort by their UTC timestamp. */
export function latestBackup(backupsDir: string): string | null {
  if (!fs.existsSync(backupsDir)) return null;
  const names = fs
    .readdirSync(backupsDir)
    .filter((n) => n.startsWith('baomi-') && fs.existsSync(path.join(backupsDir, n, MANIFEST)))
    .sort();
  return names.length ? path.join(backupsDir, names.at(-1)!) : null;
}

/** Evenly spread picks from a sorted list: the same backup always samples the same blobs. */
export function samplePicks<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

export async function drillLatest(
  ctx: AppContext,
  backupsDir: string,
  onProgress?: ProgressFn,
  opts: DrillOptions = {},
): Promise<DrillReport> {
  const started = performance.now();
  const backupDir = latestBackup(path.resolve(backupsDir));
  const report = (r: Omit<DrillReport, 'durationMs' | 'backupDir'>): DrillReport => ({
    ...r,
    backupDir,
    durationMs: Math.round(performance.now() - started),
  });
  if (!backupDir)
    return report({
      ok: false,
      createdAt: null,
      auditEvents: 0,
      blobsChecked: 0,
      sealedKeys: 'not_checked',
      failure: 'no_backup',
      error: `No finished backup in ${backupsDir}: run "baomi backup" (or enable the scheduled backup) first.`,
    });
  const removed = removeLeftovers(path.resolve(backupsDir), ctx.now());
  if (removed.length > 0) ctx.log.info({ backupsDir, removed }, 'removed leftovers of crashed backups or drills');
  const scratch = path.join(path.resolve(backupsDir), `.drill-${crypto.randomBytes(6).toString('hex')}`);
  let createdAt: string | null = null;
  let auditEvents = 0;
  let blobsChecked = 0;
  let sealedKeys: DrillReport['sealedKeys'] = 'not_checked';
  try {
    const r = await restore(scratch, backupDir, { keyRing: ctx.keys, scratch: true, onProgress });
    createdAt = r.manifest.createdAt;
    auditEvents = r.audit.eventsChecked;
    // After the restore: keys.sealed has been checked against the signed manifest by then.
    if (!r.manifest.keys.included) sealedKeys = 'none';
    else if (opts.passphrase !== undefined) {
      checkSealedKeys(backupDir, r.manifest, opts.passphrase);
      sealedKeys = 'opened';
    }
    const blobs = new BlobStore(scratch, ctx.keys.master);
    // The blobs the restored database references (what a restored deployment will open), not the files on disk.
    const copy = new SqliteDatabase(path.join(scratch, SQLITE_FILE), { readonly: true, fileMustExist: true });
    let ids: string[];
    try {
      ids = blobIdsInSqlite(copy);
    } finally {
      copy.close();
    }
    const missing = missingBlobs(scratch, ids);
    if (missing.length > 0)
      throw new BackupError(
        'blob_missing',
        `The backup's database references ${missing.length} stored file(s) the backup lacks ` +
          `(${missing.slice(0, 5).join(', ')}): it cannot be restored whole. ${DAMAGED_NEXT_STEP}`,
      );
    const picks = samplePicks(ids, DRILL_BLOB_SAMPLE);
    for (const [i, id] of picks.entries()) {
      const out = path.join(scratch, `sample-${i}`);
      try {
        await blobs.getToFile(id, out); // authenticates every chunk: a wrong key or a changed byte throws
      } catch (e) {
        // A full disk or an unwritable folder is said as such; anything else is the blob's own.
        if (backupFailureOf(e) !== 'unknown') throw e;
        throw new BackupError('blob_unreadable', e instanceof Error ? e.message : String(e), { cause: e });
      }
      fs.rmSync(out, { force: true });
      blobsChecked++;
      onProgress?.({ phase: 'drill', done: i + 1, total: picks.length });
    }
    return report({ ok: true, createdAt, auditEvents, blobsChecked, sealedKeys });
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    ctx.log.warn({ backupDir, err: error }, 'restore drill failed');
    return report({ ok: false, createdAt, auditEvents, blobsChecked, sealedKeys, error, failure: backupFailureOf(e) });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
