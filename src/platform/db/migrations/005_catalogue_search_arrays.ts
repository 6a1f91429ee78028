import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * PostgreSQL only: the search copies of an item's index rows on the item itself, for a sorted catalogue
 * search (measured in bench/classification.ts at 1,000,000 items; docs/benchmarks.md section 6; ADR 0005
 * and 0007).
 *
 * - `secret_items.search_terms text[]`: the item's `item_terms` rows (writeSearchTerms writes both).
 * - `secret_items.principals text[]`: the item's `item_access` rows as 'kind:ref' ('user:<id>',
 *   'department:<id>', 'role:<code>', 'custodian:<id>', 'everyone:*'; writeAccessIndex writes both). The
 *   access rank is on the row already (`access_rank`, the value item_access copies).
 * - `secret_items_search_gin` on (search_terms, principals), one GIN index over both columns: a search for a
 *   term by a person is answered inside the index (the term's entries and the person's principals are
 *   intersected there), so only the matching rows are read. Two single-column indexes ANDed as bitmaps
 *   were slower than today's plan (the common term's whole bitmap is built first). `fastupdate = off`: no
 *   pending list that every search would scan until the next vacuum; each item write updates its few
 *   dozen entries in place.
 *
 * The tables `item_terms` and `item_access` stay the source the other statements read (and the only one on
 * SQLite). Existing items are filled from them here.
 *
 * SQLite: nothing. It has no array type nor GIN, its own plan for the sorted search meets the target, and
 * columns that exist but are never written would be a trap (empty on every row).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`alter table secret_items add column search_terms text[] not null default '{}', add column principals text[] not null default '{}'`.execute(
    db,
  );
  await sql`update secret_items i set
      search_terms = coalesce((select array_agg(t.term order by t.term) from item_terms t where t.seq = i.seq), '{}'),
      principals = coalesce((select array_agg(a.kind || ':' || a.ref order by a.kind, a.ref) from item_access a where a.seq = i.seq), '{}')`.execute(
    db,
  );
  await sql`create index secret_items_search_gin on secret_items using gin (search_terms, principals) with (fastupdate = off)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`drop index secret_items_search_gin`.execute(db);
  await sql`alter table secret_items drop column principals, drop column search_terms`.execute(db);
}
