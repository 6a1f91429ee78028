import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * SQLite only: `audit_events.seq` becomes the table's own key (INTEGER PRIMARY KEY, the rowid) instead of a
 * `bigint` column with a separate unique index. Events are stored in chain order, reading them in seq order
 * is a plain range scan, and every append writes one index page less (each page is one more WAL frame to
 * write and flush before the commit returns). PostgreSQL keeps its bigint primary key; nothing changes there.
 *
 * The rows are copied as they are, in one transaction of its own (Kysely runs SQLite migrations outside
 * one), so a failure leaves the old table in place; a seq that is not an integer (only tampering stores one)
 * makes the copy fail loudly instead of being dropped.
 */
const COLUMNS =
  'seq, at, actor_id, actor_name, actor_role, action, target_type, target_id, result, ip, request_id, details, prev_hash, hash';

async function rebuild(db: Kysely<any>, seqType: 'integer' | 'bigint'): Promise<void> {
  await db.schema
    .createTable('audit_events_new')
    .addColumn('seq', seqType, (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql
    .raw(`insert into audit_events_new (${COLUMNS}) select ${COLUMNS} from audit_events order by seq`)
    .execute(db);
  await db.schema.dropTable('audit_events').execute();
  await db.schema.alterTable('audit_events_new').renameTo('audit_events').execute();
  await db.schema.createIndex('audit_events_at_idx').on('audit_events').column('at').execute();
  await db.schema.createIndex('audit_events_actor_idx').on('audit_events').columns(['actor_id', 'seq']).execute();
  await db.schema.createIndex('audit_events_action_idx').on('audit_events').columns(['action', 'seq']).execute();
}

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await db.transaction().execute((trx) => rebuild(trx, 'integer'));
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await db.transaction().execute((trx) => rebuild(trx, 'bigint'));
}
