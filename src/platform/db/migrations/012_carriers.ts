import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Classified carriers (涉密载体): storage locations, designated handlers, the register with its access index,
 * search terms and history, and the movements (loans, dispatches with their sign-for, carry-outs, circulations).
 *
 * `carrier_access` mirrors `item_access`: one row per principal that may know a carrier (own scope entries, the
 * custodian, whoever holds it now, the linked secret item, the carrier's department for the ledger) with the
 * carrier's access rank copied in, so a list reads one short index range per principal.
 *
 * Physical layout for the register's list and search at 1,000,000 carriers (bench/carriers.ts, docs/benchmarks.md
 * section 7), rows and results unchanged:
 * - `carrier_access` is read by key range only (a principal's rows): on SQLite it is a WITHOUT ROWID table, the
 *   primary key is the table, so a range reads `access_rank` from the key's own b-tree; with a rowid table each row
 *   of a range was a second, random read of the table (a department's 2,700 rows: 41 ms against 0.3 ms). On
 *   PostgreSQL its primary key carries `access_rank` (INCLUDE): index-only scans instead of a heap fetch per row.
 *   `carrier_terms` stays a rowid table on SQLite: its primary key index (term, seq) is then the only covering
 *   one, so a probe of a term's postings is made in that index, where one term's entries lie together, and not in
 *   the seq index, whose entries for a probe lie anywhere (as a WITHOUT ROWID table it was probed by seq: 5 µs a
 *   probe against well under 1).
 * - A linked item's `carrier_access` row names the item by its seq (see carrier-repo.ts `writeCarrierAccess`).
 * - `carriers_seq_cover_idx`: a candidate found in a range or the postings is tested against the list filters from
 *   one index entry (a division's ledger searched for a term: 0.4 ms).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('storage_locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('max_level', 'text')
    .addColumn('physical_protection', 'text', (c) => c.notNull())
    .addColumn('electronic_protection', 'text', (c) => c.notNull())
    .addColumn('key_holder_ids', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('carrier_handlers')
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('duty', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.references('users.id'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('carrier_handlers_pk', ['department_id', 'user_id', 'duty'])
    .execute();
  await db.schema.createIndex('carrier_handlers_user_idx').on('carrier_handlers').column('user_id').execute();

  await db.schema
    .createTable('carriers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('set_number', 'text', (c) => c.notNull())
    .addColumn('copy_no', 'integer')
    .addColumn('copies', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('access_rank', 'integer', (c) => c.notNull())
    .addColumn('period_value', 'integer')
    .addColumn('period_unit', 'text')
    .addColumn('declassify_condition', 'text')
    .addColumn('marked_on', 'text', (c) => c.notNull())
    .addColumn('secrecy_until', 'text')
    .addColumn('item_id', 'text', (c) => c.references('secret_items.id'))
    .addColumn('pages', 'integer')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('originator', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('custodian_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('storage_locations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  for (const col of ['custodian_id', 'department_id', 'location_id', 'item_id', 'set_number'])
    await db.schema.createIndex(`carriers_${col}_idx`).on('carriers').column(col).execute();
  await db.schema.createIndex('carriers_status_seq_idx').on('carriers').columns(['status', 'seq']).execute();
  // The list filters tested on a candidate (its rank, department, status, kind, level) in one small index entry
  // instead of the unique seq index and the wide row; as the catalogue's secret_items_seq_cover_idx.
  await db.schema
    .createIndex('carriers_seq_cover_idx')
    .on('carriers')
    .columns(['seq', 'access_rank', 'department_id', 'status', 'kind', 'level'])
    .execute();

  await db.schema
    .createTable('carrier_scope')
    .addColumn('carrier_id', 'text', (c) => c.notNull().references('carriers.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('carrier_scope_pk', ['carrier_id', 'kind', 'ref'])
    .execute();

  await db.schema
    .createTable('carrier_access')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('access_rank', 'integer', (c) => c.notNull())
    .$call((t) =>
      sqlite ? t.addPrimaryKeyConstraint('carrier_access_pk', ['kind', 'ref', 'seq']).modifyEnd(sql`without rowid`) : t,
    )
    .execute();
  if (!sqlite)
    await sql`alter table carrier_access add constraint carrier_access_pk primary key (kind, ref, seq) include (access_rank)`.execute(
      db,
    );
  await db.schema.createIndex('carrier_access_seq_idx').on('carrier_access').column('seq').execute();

  await db.schema
    .createTable('carrier_terms')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('carrier_terms_pk', ['term', 'seq'])
    .execute();
  await db.schema.createIndex('carrier_terms_seq_idx').on('carrier_terms').column('seq').execute();

  await db.schema
    .createTable('carrier_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('carrier_id', 'text', (c) => c.notNull().references('carriers.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('carrier_events_carrier_idx')
    .on('carrier_events')
    .columns(['carrier_id', 'id'])
    .execute();

  await db.schema
    .createTable('carrier_loans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('carrier_id', 'text', (c) => c.notNull().references('carriers.id'))
    .addColumn('borrower_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('lent_by', 'text', (c) => c.references('users.id'))
    .addColumn('lent_at', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('extensions', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('returned_at', 'text')
    .addColumn('received_by', 'text', (c) => c.references('users.id'))
    .addColumn('return_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('carrier_loans_carrier_idx').on('carrier_loans').column('carrier_id').execute();
  await db.schema
    .createIndex('carrier_loans_borrower_idx')
    .on('carrier_loans')
    .columns(['borrower_id', 'status'])
    .execute();
  await db.schema.createIndex('carrier_loans_due_idx').on('carrier_loans').columns(['status', 'due_on']).execute();

  await db.schema
    .createTable('carrier_dispatches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('carrier_id', 'text', (c) => c.notNull().references('carriers.id'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('counterpart', 'text')
    .addColumn('recipient_id', 'text', (c) => c.references('users.id'))
    .addColumn('recipient_department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('handler_id', 'text', (c) => c.references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('copies', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('signed_by_id', 'text', (c) => c.references('users.id'))
    .addColumn('signed_by_name', 'text')
    .addColumn('signed_at', 'text')
    .addColumn('note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('carrier_dispatches_carrier_idx').on('carrier_dispatches').column('carrier_id').execute();
  await db.schema
    .createIndex('carrier_dispatches_recipient_idx')
    .on('carrier_dispatches')
    .columns(['recipient_id', 'status'])
    .execute();

  await db.schema
    .createTable('carrier_carry_outs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('carrier_id', 'text', (c) => c.notNull().references('carriers.id'))
    .addColumn('bearer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('return_on', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('departed_at', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('received_by', 'text', (c) => c.references('users.id'))
    .addColumn('return_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('carrier_carry_outs_carrier_idx').on('carrier_carry_outs').column('carrier_id').execute();
  await db.schema
    .createIndex('carrier_carry_outs_status_idx')
    .on('carrier_carry_outs')
    .columns(['status', 'return_on'])
    .execute();

  await db.schema
    .createTable('carrier_circulations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('carrier_id', 'text', (c) => c.notNull().references('carriers.id'))
    .addColumn('started_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('carrier_circulations_carrier_idx')
    .on('carrier_circulations')
    .column('carrier_id')
    .execute();

  await db.schema
    .createTable('carrier_circulation_readers')
    .addColumn('circulation_id', 'text', (c) => c.notNull().references('carrier_circulations.id'))
    .addColumn('reader_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('signed_at', 'text')
    .addPrimaryKeyConstraint('carrier_circulation_readers_pk', ['circulation_id', 'reader_id'])
    .execute();
  await db.schema
    .createIndex('carrier_circulation_readers_reader_idx')
    .on('carrier_circulation_readers')
    .columns(['reader_id', 'signed_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'carrier_circulation_readers',
    'carrier_circulations',
    'carrier_carry_outs',
    'carrier_dispatches',
    'carrier_loans',
    'carrier_events',
    'carrier_terms',
    'carrier_access',
    'carrier_scope',
    'carriers',
    'carrier_handlers',
    'storage_locations',
  ])
    await db.schema.dropTable(t).execute();
}
