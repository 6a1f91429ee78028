import type { Kysely } from 'kysely';

/**
 * The database's own list of the checkpoints it handed to the checkpoint store (written after each append to
 * the store). Verification requires every one of them in the store: a store shortened or deleted is
 * detected even when what is left of it is consistent with the chain.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('signature', 'text', (c) => c.notNull())
    // Set by a re-anchor on every record before it: those are no longer required in the store.
    .addColumn('superseded_by', 'text')
    .execute();
  await db.schema.createIndex('audit_checkpoints_at_idx').on('audit_checkpoints').columns(['at', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_checkpoints').execute();
}
