import fs from 'node:fs';
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';

/**
 * The stored files (blobs) a database references. Every reference is a text column named `blob_id` or
 * `<something>_blob_id` (agreement scans, training certificates and materials, approval evidence), so a new module's
 * blob column is found without a list to keep up to date. A backup checks that each one is in its copy of the blob
 * folder (a service may remove a blob after its transaction, while the backup copies), and the drill samples the
 * blobs the restored database references, not the files that happen to be on disk.
 */
export const BLOB_COLUMN = /(^|_)blob_id$/;
const BLOB_ID = /^[0-9a-f-]{36}$/;

/** Where a blob lives under a data directory or a backup: `blobs/<first two characters>/<id>`. */
export function blobPath(root: string, id: string): string {
  return path.join(root, 'blobs', id.slice(0, 2), id);
}

/** The distinct blob ids a SQLite database references, sorted. */
export function blobIdsInSqlite(db: SqliteDatabase.Database): string[] {
  const ids = new Set<string>();
  const tables = db.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[];
  for (const t of tables)
    for (const c of db.pragma(`table_info("${t.replace(/"/g, '""')}")`) as { name: string }[])
      if (BLOB_COLUMN.test(c.name))
        for (const v of db
          .prepare(`select distinct "${c.name}" from "${t}" where "${c.name}" is not null`)
          .pluck()
          .all())
          ids.add(String(v));
  return [...ids].sort();
}

/** The referenced blobs missing under root (a backup's staging folder, a restored copy); ids never valid are too. */
export function missingBlobs(root: string, ids: readonly string[]): string[] {
  return ids.filter((id) => !BLOB_ID.test(id) || !fs.existsSync(blobPath(root, id)));
}
