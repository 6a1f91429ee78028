import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import { pgPoolOf, type DatabaseHandle, type Db } from './database.js';
import * as m001 from './migrations/001_foundation.js';
import * as m002 from './migrations/002_classification.js';
import * as m003 from './migrations/003_catalogue_indexes.js';
import * as m004 from './migrations/004_audit_events_rowid.js';
import * as m005 from './migrations/005_catalogue_search_arrays.js';
import * as m006 from './migrations/006_username_keys.js';
import * as m007 from './migrations/007_sign_in_throttle.js';
import * as m008 from './migrations/008_audit_checkpoints.js';
import * as m009 from './migrations/009_organisation_roles.js';
import * as m010 from './migrations/010_generic_approvals.js';
import * as m011 from './migrations/011_approval_evidence.js';
import * as m012 from './migrations/012_carriers.js';
import * as m013 from './migrations/013_linked_item_readers.js';
import * as m014 from './migrations/014_agreements.js';
import * as m015 from './migrations/015_training.js';
import * as m016 from './migrations/016_second_factors.js';
import * as m017 from './migrations/017_notification_tasks.js';
import * as m018 from './migrations/018_job_runs.js';
import * as m019 from './migrations/019_key_checks.js';
import * as m020 from './migrations/020_job_lease_taken_at.js';
import * as m021 from './migrations/021_audit_archive.js';
import * as m022 from './migrations/022_job_run_error_code.js';
import { TwinUsernamesError } from './migrations/006_username_keys.js';
import { isUnavailableError } from './db-errors.js';

/** Migrations are compiled in, not read from disk, so the same list runs from source, dist and tests. */
const MIGRATIONS: Record<string, Migration> = {
  '001_foundation': m001,
  '002_classification': m002,
  '003_catalogue_indexes': m003,
  '004_audit_events_rowid': m004,
  '005_catalogue_search_arrays': m005,
  '006_username_keys': m006,
  '007_sign_in_throttle': m007,
  '008_audit_checkpoints': m008,
  '009_organisation_roles': m009,
  '010_generic_approvals': m010,
  '011_approval_evidence': m011,
  '012_carriers': m012,
  '013_linked_item_readers': m013,
  '014_agreements': m014,
  '015_training': m015,
  '016_second_factors': m016,
  '017_notification_tasks': m017,
  '018_job_runs': m018,
  '019_key_checks': m019,
  '020_job_lease_taken_at': m020,
  '021_audit_archive': m021,
  '022_job_run_error_code': m022,
};

/** This build's migrations, oldest first: a restore refuses a backup made at another list before touching its target. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const result = await migrator.migrateToLatest();
  if (result.error)
    throw new Error(migrationFailure(result.error, result.results?.find((r) => r.status === 'Error')?.migrationName));
  return result;
}

/** The PostgreSQL advisory-lock key of initialisation ("baomi" in ASCII; Kysely's migrator uses another). */
const INIT_LOCK_KEY = 0x62616f6d69;
const INIT_LOCK_POLL_MS = 50;

/**
 * Runs `fn` (migrations and the writes every empty database needs: the audit head, the key check) while no other
 * instance does: several instances may start at once on one empty database. On PostgreSQL a session advisory
 * lock; on SQLite an exclusive lock on a file beside the database, because migrations on SQLite run outside one
 * transaction (some switch foreign keys off, which a transaction ignores) and so cannot hold the database's own
 * write lock. Both locks die with their process, so a crash mid-start blocks nobody. Waiting never blocks the
 * event loop (better-sqlite3 is synchronous: its busy timeout would, and deadlock two handles in one process).
 */
export async function withInitialisationLock<T>(
  handle: DatabaseHandle,
  fn: () => Promise<T>,
  waitMs = 120_000,
): Promise<T> {
  const pool = pgPoolOf(handle.db);
  if (pool) {
    // The first statement of a start: a missing database or a refused sign-in is said as migrate says it.
    const client = await pool.connect().catch((e: unknown) => {
      throw new Error(migrationFailure(e, undefined));
    });
    // A connection that failed to unlock is closed, not pooled: closing it ends its session and so the lock,
    // and the failure of `fn` (the one worth reporting) is not hidden by the unlock's.
    let broken = false;
    try {
      await client.query('select pg_advisory_lock($1)', [INIT_LOCK_KEY]);
      try {
        return await fn();
      } finally {
        await client.query('select pg_advisory_unlock($1)', [INIT_LOCK_KEY]).catch(() => {
          broken = true;
        });
      }
    } finally {
      client.release(broken);
    }
  }
  if (handle.kind !== 'sqlite') return fn();
  const lock = new SqliteDatabase(`${handle.location}.init-lock`);
  try {
    lock.pragma('busy_timeout = 0');
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        lock.exec('begin exclusive');
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, INIT_LOCK_POLL_MS));
      }
    }
    try {
      return await fn();
    } finally {
      lock.exec('rollback');
    }
  } finally {
    lock.close();
  }
}

/**
 * What went wrong, said so that the operator knows what to do: above all on a first start against a
 * PostgreSQL database that was never created (Baomi does not create databases: that needs rights it
 * should not hold).
 */
export function migrationFailure(error: unknown, migration: string | undefined): string {
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (error instanceof TwinUsernamesError) return message;
  if (e?.code === '3D000') {
    const name = /database "(.+)" does not exist/.exec(message)?.[1] ?? '<name>';
    return [
      `The PostgreSQL database "${name}" does not exist. Create it first, as a role allowed to create databases:`,
      `  createdb --encoding=UTF8 --owner=<DATABASE_URL user> ${name}`,
      `  (or in psql: CREATE DATABASE "${name}" ENCODING 'UTF8';)`,
      'then run "baomi migrate" again, or "baomi start", which migrates by itself.',
    ].join('\n');
  }
  if (e?.code === '28P01' || e?.code === '28000')
    return `PostgreSQL refused the sign-in of the DATABASE_URL user: ${message}. Check the user name and password in DATABASE_URL.`;
  if (isUnavailableError(error))
    return `Cannot reach the database (${message}). Is PostgreSQL running, and do the host and port in DATABASE_URL point at it?`;
  return migration
    ? `Migration ${migration} failed: ${message}`
    : `Could not read the migration state of the database: ${message}`;
}
