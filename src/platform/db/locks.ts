import { sql } from 'kysely';
import type { DbKind } from './database.js';
import type { Database } from './schema.js';
import type { Trx } from '../audit/audit-repo.js';

/**
 * Serialises writers that check-then-insert about one parent row (one pending change per item, one active
 * authority per person, one decision at a time per request). PostgreSQL: lock the parent row for the rest of
 * the transaction. SQLite: every transaction already began IMMEDIATE and holds the write lock.
 * Lock parents before children, always in this order: request, then its target (an item...), then the audit head.
 */
export async function lockRow(trx: Trx, kind: DbKind, table: keyof Database & string, id: string): Promise<boolean> {
  if (kind !== 'postgres') return true;
  const r = await sql<{ id: string }>`select id from ${sql.table(table)} where id = ${id} for update`.execute(trx);
  return r.rows.length === 1;
}
