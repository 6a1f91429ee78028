import type { Kysely } from 'kysely';

/**
 * The audit trail's archive segments (audit/archive.ts): each row names a file in the archive directory that
 * holds the events `first_seq`..`last_seq`, moved out of `audit_events` when it was written. The chain's head
 * at both boundaries (`prev_hash` before the first event, `last_hash` at the last) and the signature over the
 * segment's header are kept here too, so the live chain is verified from the newest boundary without the files,
 * and with them the whole chain from the first event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_archive_segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file', 'text', (c) => c.notNull().unique())
    .addColumn('first_seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('header', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_archive_segments').execute();
}
