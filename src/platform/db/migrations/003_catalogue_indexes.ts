import type { Kysely } from 'kysely';

/**
 * Covering indexes for the catalogue's list filter and search (measured in bench/classification.ts at
 * 1,000,000 items; docs/benchmarks.md section 6). Indexes only: no row or result changes.
 *
 * - `item_access_cover_idx` (kind, ref, seq, access_rank): every principal range the list filter reads
 *   (`kind = ? and ref = ? and access_rank <= ? order by seq`) is answered from the index alone. The primary
 *   key (kind, ref, seq) lacks access_rank, so each entry of a range cost a lookup of its table row (on
 *   SQLite a rowid lookup, on PostgreSQL a heap fetch), about one page read per entry.
 * - `secret_items_seq_cover_idx` (seq, access_rank, status, level, category, secrecy_until): joining a
 *   candidate seq to its item for the rank check, the list filters and the sort keys reads one small index
 *   entry instead of the unique seq index plus the wide table row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('item_access_cover_idx')
    .on('item_access')
    .columns(['kind', 'ref', 'seq', 'access_rank'])
    .execute();
  await db.schema
    .createIndex('secret_items_seq_cover_idx')
    .on('secret_items')
    .columns(['seq', 'access_rank', 'status', 'level', 'category', 'secrecy_until'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('secret_items_seq_cover_idx').execute();
  await db.schema.dropIndex('item_access_cover_idx').execute();
}
