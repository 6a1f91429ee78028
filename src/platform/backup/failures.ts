import { isBackupFailure, type BackupFailure } from '../contracts/backup-failures.js';
import { isUnavailableError } from '../db/db-errors.js';

/**
 * A failure of a backup, a restore or a drill that knows its kind: thrown where the kind is decided (a checksum
 * differs, a blob is missing), so the run history and the notices need not read English messages. The message
 * stays the plain English one the CLI prints.
 */
export class BackupError extends Error {
  constructor(
    readonly failure: BackupFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackupError';
  }
}

/** Errors of the file system (Node's `code`) that say the folder's disk is full, or that it may not be written. */
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR']);
/**
 * The kind of a failed backup or drill: a `BackupError`'s own, else read from the error's code (file system,
 * network, PostgreSQL, SQLite), else `unknown`. Looks through `cause` (an error wrapping another).
 */
export function backupFailureOf(err: unknown): BackupFailure {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof BackupError) return e.failure;
    const failure = (e as { failure?: unknown }).failure;
    if (isBackupFailure(failure)) return failure;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (DISK_FULL.has(code) || code === 'SQLITE_FULL') return 'disk_full';
      if (NOT_WRITABLE.has(code) || code === 'SQLITE_READONLY' || code.startsWith('SQLITE_CANTOPEN'))
        return 'target_not_writable';
    }
  }
  // The network, PostgreSQL's connection classes and shutdowns, SQLite busy past its timeout (db-errors.ts).
  return isUnavailableError(err) ? 'database_unreachable' : 'unknown';
}
