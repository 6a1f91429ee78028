import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import * as m001 from './migrations/001_foundation.js';
import * as m002 from './migrations/002_classification.js';
import * as m003 from './migrations/003_catalogue_indexes.js';
import * as m004 from './migrations/004_audit_events_rowid.js';
import * as m005 from './migrations/005_catalogue_search_arrays.js';

/** Migrations are compiled in, not read from disk, so the same list runs from source, dist and tests. */
const MIGRATIONS: Record<string, Migration> = {
  '001_foundation': m001,
  '002_classification': m002,
  '003_catalogue_indexes': m003,
  '004_audit_events_rowid': m004,
  '005_catalogue_search_arrays': m005,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${(result.error as Error).message ?? String(result.error)}`);
  }
  return result;
}
